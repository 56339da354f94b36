"""Content the model reads outside data/ retrains it: Rasa's fingerprint and make's inputs both see it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bot.knowledge import loader
from bot.safety import corpus as safety_corpus
from plugins.safety_override import SafetyOverride
from plugins.unfamiliar_words import UnfamiliarWordsFallback

ROOT = Path(__file__).resolve().parents[2]


def test_a_lexicon_change_changes_the_unfamiliar_words_fingerprint(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(loader.CONTENT_DIR / "lexicon.yml", content / "lexicon.yml")
    monkeypatch.setattr(loader, "CONTENT_DIR", content)
    monkeypatch.setattr(loader.lexicon_fingerprint, "__defaults__", (content,))
    before = UnfamiliarWordsFallback.fingerprint_addon({})
    assert before == UnfamiliarWordsFallback.fingerprint_addon({})
    with (content / "lexicon.yml").open("a") as lexicon:
        lexicon.write("\n# a reviewer's new note\n")
    assert UnfamiliarWordsFallback.fingerprint_addon({}) != before


def test_a_corpus_change_changes_the_safety_fingerprint(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(safety_corpus.CORPUS_DIR, corpus)
    monkeypatch.setattr(safety_corpus.fingerprint, "__defaults__", (corpus,))
    before = SafetyOverride.fingerprint_addon({})
    (corpus / "none_extra.yml").write_text("version: 1\nlevel: none\nmessages: ['is yoga good for my back']\n")
    assert SafetyOverride.fingerprint_addon({}) != before


def test_make_train_lists_the_lexicon_and_the_safety_corpus_as_inputs():
    database = subprocess.run(
        ["make", "-pn", "-f", "Makefile", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in database.splitlines() if x.startswith("TRAIN_INPUTS :="))
    assert "bot/content/lexicon.yml" in line
    assert "bot/content/safety/corpus/" in line
    assert "bot/content/safety/red_flags.yml" in line


def test_a_rules_change_changes_the_safety_fingerprint(tmp_path, monkeypatch):
    from bot.safety import loader as safety_loader

    rules = tmp_path / "red_flags.yml"
    shutil.copy(safety_loader.DEFAULT_RULES_PATH, rules)
    monkeypatch.setattr(safety_loader, "DEFAULT_RULES_PATH", rules)
    before = SafetyOverride.fingerprint_addon({})
    with rules.open("a") as text:
        text.write("\n# a reviewer's note\n")
    assert SafetyOverride.fingerprint_addon({}) != before
