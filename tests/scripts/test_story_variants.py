"""The generated story variants: up to date, deterministic, and only for the intents asked at the end of a story."""

from __future__ import annotations

from scripts import story_variants


def test_the_committed_story_variants_are_up_to_date():
    assert story_variants.main(["--check"]) == 0, "run: python -m scripts.story_variants"


def test_each_variant_is_background_then_the_original_question(monkeypatch):
    monkeypatch.setattr(story_variants, "SHARE", 1.0)
    examples = {"ask_heat_cold": ["is heat good for my back", "ice or heat?"], "greet": ["hello"]}
    background = ["I work in a shop.", "I have two kids.", "I'm 40.", "I walk the dog."]
    made = story_variants.variants(examples, background, seed=1)
    assert "greet" not in made
    assert len(made["ask_heat_cold"]) == 2
    for story in made["ask_heat_cold"]:
        sentences = [s for s in background if s in story]
        assert 1 <= len(sentences) <= story_variants.MAX_BACKGROUND
        assert story.endswith(("Is heat good for my back", "Ice or heat?"))
    again = story_variants.variants(examples, background, seed=1)
    assert again == made


def test_dialogue_acts_follow_ups_and_safety_intents_get_no_variants():
    for intent in ("greet", "thanks", "affirm", "ask_more", "ask_source", "express_crisis", "report_red_flag",
                   "out_of_scope"):
        assert not story_variants.eligible(intent), intent
    for intent in ("ask_heat_cold", "ask_stem_cell_evidence", "request_diagnosis"):
        assert story_variants.eligible(intent), intent
