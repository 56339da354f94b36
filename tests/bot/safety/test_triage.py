"""The safety classifier, its corpus and the decision step that combines it with the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content_file import ContentError
from bot.safety import corpus as safety_corpus
from bot.safety.classifier import LevelScores, SafetyClassifier
from bot.safety.corpus import Example, load_corpus
from bot.safety.replies import get_detector
from bot.safety.triage import ALARM, CHECK_IN, DISPUTED_BELOW, NO_ACTION, SCREEN, SCREENED_SIGNS, Triager, decide

SMALL = {
    "emergency.yml": (
        "emergency", ["i cant pee and my legs are numb", "wet myself and numb bum", "both legs gone weak"]
    ),
    "urgent.yml": ("urgent", ["fever and back pain", "losing weight without trying", "pain worse at night"]),
    "crisis.yml": ("crisis", ["i want to die", "thinking of ending it all", "saving up my pills"]),
    "none.yml": ("none", ["is bmac approved", "what exercises help", "my back aches after gardening"]),
}


def write_corpus(directory: Path, files: dict[str, tuple[str, list]] = SMALL) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, (level, messages) in files.items():
        (directory / name).write_text(yaml.safe_dump({"version": 1, "level": level, "messages": messages}))
    (directory / "context.yml").write_text(
        yaml.safe_dump(
            {"neutral_sentences": ["I work in a shop.", "It started last week."], "question_tails": ["help?"]}
        )
    )
    return directory


def test_corpus_loads_levels_previous_messages_and_story_variants(tmp_path):
    files = dict(SMALL)
    files["none.yml"] = ("none", [*SMALL["none.yml"][1], {"previous": "what is sciatica?", "text": "thanks"}])
    corpus = load_corpus(write_corpus(tmp_path, files))
    assert {e.level for e in corpus.examples} == {"emergency", "urgent", "crisis", "none"}
    assert Example("thanks", "none", "what is sciatica?") in corpus.examples
    training = corpus.training_set()
    assert len(training) == 2 * len(corpus.examples)
    assert any(e.text.startswith(("I work in a shop.", "It started last week.")) for e in training)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ({"level": "severe", "messages": ["x"]}, "'level' must be one of"),
        ({"level": "urgent", "messages": []}, "'messages' must be a non-empty list"),
        ({"level": "urgent", "messages": [{"previous": "hi"}]}, "message 1: expected a text"),
    ],
)
def test_a_malformed_corpus_file_is_named_with_its_entry(tmp_path, content, problem):
    (tmp_path / "bad.yml").write_text(yaml.safe_dump(content))
    with pytest.raises(ContentError, match=problem) as error:
        load_corpus(tmp_path)
    assert "bad.yml" in str(error.value)


def test_the_fingerprint_changes_with_the_corpus(tmp_path):
    write_corpus(tmp_path)
    before = safety_corpus.fingerprint(tmp_path)
    assert safety_corpus.fingerprint(tmp_path) == before
    (tmp_path / "urgent.yml").write_text(yaml.safe_dump({"level": "urgent", "messages": ["a new fever message"]}))
    assert safety_corpus.fingerprint(tmp_path) != before


def test_the_split_is_stable_and_disjoint():
    corpus = load_corpus()
    train, dev = corpus.split()
    assert dev and train.examples
    assert not set(dev) & set(train.examples)
    assert corpus.split()[1] == dev


def test_the_classifier_trains_saves_and_loads_with_the_same_scores(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "corpus"))
    classifier = SafetyClassifier.train(corpus, get_detector().normalise)
    scores = classifier.scores("i want to die")
    assert scores.best() == "crisis"
    assert sum((scores.crisis, scores.emergency, scores.urgent, scores.none)) == pytest.approx(1.0)
    loaded = SafetyClassifier.load(classifier.save(tmp_path / "model").parent, get_detector().normalise)
    assert loaded.scores("i want to die") == scores
    assert loaded.scores("") == LevelScores()


def test_the_fast_scores_are_scikit_learns_probabilities(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "corpus"))
    classifier = SafetyClassifier.train(corpus, get_detector().normalise)
    pipeline = classifier._pipeline
    texts = ["i want to die", "my back aches", "cant feel my bum and cant pee", "zzz qqq", "the the the back back",
             "is stem cell therapy approved? i had a fever last year, it's gone now", "x"]
    for text in texts:
        expected = pipeline.predict_proba([get_detector().normalise(text)])[0]
        scores = classifier.scores(text)
        got = [getattr(scores, level) for level in pipeline.classes_]
        assert got == pytest.approx(list(expected), abs=1e-9), text


def test_loading_something_else_is_refused(tmp_path):
    (tmp_path / "safety_classifier.pkl").write_bytes(__import__("pickle").dumps({"format": 99}))
    with pytest.raises(ValueError, match="not a safety classifier"):
        SafetyClassifier.load(tmp_path)


class FixedClassifier:
    """Stands in for the trained classifier: the same scores for every message."""

    def __init__(self, **scores: float) -> None:
        self.value = LevelScores(**scores)
        self.seen: list[tuple[str, str]] = []

    def scores(self, text: str, previous: str = "") -> LevelScores:
        self.seen.append((text, previous))
        return self.value


@pytest.mark.parametrize(
    ("scores", "action", "level"),
    [
        ({"emergency": 0.7, "none": 0.3}, SCREEN, "emergency"),
        ({"urgent": 0.4, "emergency": 0.2, "none": 0.4}, SCREEN, "urgent"),
        ({"crisis": 0.5, "none": 0.5}, CHECK_IN, "crisis"),
        ({"emergency": 0.3, "none": 0.7}, NO_ACTION, None),
    ],
)
def test_the_classifier_alone_asks_a_question_and_never_alarms(scores, action, level):
    triage = decide(LevelScores(**{"none": 0.0, **scores}))
    assert (triage.action, triage.level) == (action, level)
    assert triage.action != ALARM


def test_a_rule_finding_is_an_alarm_unless_the_classifier_all_but_rules_it_out():
    text = "since this morning i can't pee and both legs feel numb"
    above = DISPUTED_BELOW + 0.01
    doubtful = Triager(get_detector(), FixedClassifier(emergency=above, none=1 - above))  # type: ignore[arg-type]
    assert (doubtful.triage(text).action, doubtful.triage(text).level) == (ALARM, "emergency")
    rules_only = Triager(get_detector(), None)
    assert rules_only.triage(text).action == ALARM
    # Under DISPUTED_BELOW the finding is an uncertain signal: the screening question, asked first.
    below = DISPUTED_BELOW - 0.01
    ruled_out = Triager(get_detector(), FixedClassifier(emergency=below, none=1 - below))  # type: ignore[arg-type]
    triage = ruled_out.triage(text)
    assert (triage.action, triage.level, triage.disputed) == (SCREEN, "emergency", True)
    assert not triage.answer_too


@pytest.mark.parametrize(
    "text",
    [
        "i want to end my life",  # crisis talk is never disputed
        "i took 30 of my tramadol an hour ago",  # nor an overdose taken
        "i had breast cancer and now my back hurts all the time",  # a sign the screening question does not name
        "I have been on prednisolone tablets for years and after a tiny knock my back pain is suddenly severe",
    ],
)
def test_crisis_talk_overdoses_and_signs_the_question_does_not_name_stay_alarms(text):
    triager = Triager(get_detector(), FixedClassifier(none=1.0))  # type: ignore[arg-type]
    assert triager.triage(text).action == ALARM


def test_crisis_talk_beside_a_disputed_sign_keeps_the_alarm_and_the_crisis_line():
    triager = Triager(get_detector(), FixedClassifier(crisis=0.5, none=0.5))  # type: ignore[arg-type]
    triage = triager.triage("since this morning i can't pee and both legs feel numb")
    assert (triage.action, triage.with_crisis) == (ALARM, True)


def test_a_denied_symptom_is_never_an_alarm_even_when_the_classifier_is_sure():
    triager = Triager(get_detector(), FixedClassifier(emergency=0.99, none=0.01))  # type: ignore[arg-type]
    triage = triager.triage("no numbness, no bladder problems, no fever, just aching")
    assert triage.action != ALARM


def test_a_message_is_read_with_the_previous_one_unless_that_was_flagged():
    classifier = FixedClassifier(none=1.0)
    triager = Triager(get_detector(), classifier)  # type: ignore[arg-type]
    triager.triage("is that bad?", "my legs feel a bit odd")
    assert classifier.seen[-1] == ("is that bad?", "my legs feel a bit odd")
    triager.triage("thanks again", "i can't pee", previous_action=ALARM)
    assert classifier.seen[-1] == ("thanks again", "")
    triager.triage("no, none of those", "something feels off down there", previous_action=SCREEN)
    assert classifier.seen[-1] == ("no, none of those", "")  # answering a screening question


def test_after_an_alarm_a_message_that_puts_off_care_gets_the_alarm_again():
    triager = Triager(get_detector(), None)
    triage = triager.triage("eh prob just a water infection, i'll wait it out", "i can't pee since lunch", ALARM)
    assert (triage.action, triage.level, triage.from_context) == (ALARM, "emergency", True)
    assert triager.triage("do I really need to go to A&E?", "my bum is numb since this morning", ALARM).action == ALARM


def test_after_an_alarm_thanks_or_a_new_question_gets_no_second_alarm():
    triager = Triager(get_detector(), None)
    sign = "i can't pee since lunch"
    assert triager.triage("ok I've rung 111, they're sending someone", sign, ALARM).action == NO_ACTION
    assert triager.triage("what causes it?", sign, ALARM).action == NO_ACTION


def test_after_a_crisis_alarm_putting_off_is_not_read_as_the_alarm_again_but_its_return_is():
    triager = Triager(get_detector(), None)
    assert triager.triage("i'll be fine", "i want to die", ALARM).action == NO_ACTION
    triage = triager.triage("and I started again this week", "I used to self-harm years ago", ALARM)
    assert (triage.action, triage.level) == (ALARM, "crisis")


def test_a_sign_told_as_over_then_back_in_the_next_turn_is_an_alarm():
    earlier = "I had bladder trouble in 2019, it got sorted"
    triage = Triager(get_detector(), None).triage("well it started again today", earlier)
    assert (triage.action, triage.level) == (ALARM, "emergency")


def test_a_red_flag_split_over_two_turns_is_found_by_the_rules():
    triager = Triager(get_detector(), None)
    triage = triager.triage("and since yesterday i can't pee at all", "what is a slipped disc?")
    assert triage.action == ALARM and triage.level == "emergency"


def test_asking_for_me_after_a_question_about_too_many_pills_is_a_crisis():
    triage = Triager(get_detector(), None).triage("asking for me", "how many of these would be too many?")
    assert (triage.action, triage.level, triage.from_context) == (ALARM, "crisis", True)


@pytest.mark.parametrize("text", ["back", "stop", "/back", "restart"])
def test_a_one_word_message_gets_no_question_from_the_classifier_alone(text):
    triager = Triager(get_detector(), FixedClassifier(urgent=0.9, none=0.1))  # type: ignore[arg-type]
    assert triager.triage(text).action == NO_ACTION


def test_ordinary_messages_train_the_none_level(tmp_path):
    corpus = load_corpus(write_corpus(tmp_path / "corpus"))
    normalise = get_detector().normalise
    ordinary = ["what is the price of bitcoin today", "who won the football last night", "bitcoin price now please"]
    alone = SafetyClassifier.train(corpus, normalise).scores("bitcoin price today")
    with_ordinary = SafetyClassifier.train(corpus, normalise, ordinary=ordinary).scores("bitcoin price today")
    assert with_ordinary.none > alone.none
    assert with_ordinary.best() == "none"


def test_a_symptom_alarm_brings_the_crisis_line_when_crisis_talk_is_likely():
    text = "since this morning i can't pee and both legs feel numb"
    likely = Triager(get_detector(), FixedClassifier(crisis=0.6, none=0.4)).triage(text)  # type: ignore[arg-type]
    assert (likely.action, likely.level, likely.with_crisis) == (ALARM, "emergency", True)
    unlikely = Triager(get_detector(), FixedClassifier(crisis=0.1, emergency=0.3, none=0.6)).triage(text)  # type: ignore[arg-type]
    assert (unlikely.action, unlikely.with_crisis) == (ALARM, False)
    assert not Triager(get_detector(), None).triage(text).with_crisis


@pytest.mark.parametrize("text", [
    "took all my amitriptyline about half an hour ago",
    "my flatmate took all her tramadol and some wine",
    "she took a bunch of her pills an hour ago and now she's really sleepy",
])
def test_an_overdose_already_taken_brings_the_emergency_advice_and_the_crisis_line(text):
    triage = Triager(get_detector(), None).triage(text)
    assert (triage.action, triage.level, triage.with_crisis) == (ALARM, "emergency", True)


@pytest.mark.parametrize("text", [
    "I took all my tablets today as prescribed",
    "took all my meds this morning like the gp said",
    "I took a bunch of photos of my back for the physio",
])
def test_taking_the_day_s_medicines_as_prescribed_is_not_an_overdose(text):
    assert get_detector().detect(text) is None


@pytest.mark.parametrize(
    ("scores", "answer_too"),
    [
        (LevelScores(emergency=0.55), True),  # a screening question it is least sure of: the answer too
        (LevelScores(urgent=0.69), True),
        (LevelScores(emergency=0.85), False),  # a likelier sign: the question alone, the question kept
        (LevelScores(crisis=0.3), True),  # check-ins as before
        (LevelScores(crisis=0.6), False),
    ],
)
def test_the_least_sure_questions_answer_the_question_too(scores, answer_too):
    assert decide(scores).answer_too is answer_too


def test_the_screened_signs_are_rule_triggers_of_their_level():
    levels = {trigger.id: trigger.level for trigger in get_detector().triggers}
    for level, signs in SCREENED_SIGNS.items():
        for sign in signs:
            assert levels.get(sign) == level, sign


def test_a_check_in_on_a_plain_medicine_question_answers_it_too():
    triager = Triager(get_detector(), FixedClassifier(crisis=0.9, none=0.1))  # type: ignore[arg-type]
    triage = triager.triage("can I take my codeine with a couple of beers")
    assert (triage.action, triage.plain_medicine_question, triage.answer_too) == (CHECK_IN, True, True)


@pytest.mark.parametrize(
    "text", ["how many codeine would it take for me to not wake up", "everything feels pointless lately"]
)
def test_a_check_in_on_means_or_without_a_medicine_is_a_check_in_alone(text):
    triager = Triager(get_detector(), FixedClassifier(crisis=0.9, none=0.1))  # type: ignore[arg-type]
    triage = triager.triage(text)
    assert triage.action in (CHECK_IN, ALARM) and not triage.answer_too


def test_a_plain_medicine_question_after_means_talk_is_a_check_in_alone():
    triager = Triager(get_detector(), FixedClassifier(crisis=0.9, none=0.1))  # type: ignore[arg-type]
    triage = triager.triage("and with my codeine?", previous="what would it take to never wake up")
    assert not triage.answer_too


def test_a_classifier_screen_on_a_question_about_a_sign_in_general_is_dropped():
    triager = Triager(get_detector(), FixedClassifier(urgent=0.9, none=0.1))  # type: ignore[arg-type]
    assert triager.triage("is pain between the shoulder blades a warning sign?").action == NO_ACTION
    assert triager.triage("is my pain between the shoulder blades a warning sign?").action != NO_ACTION


@pytest.mark.parametrize(
    ("text", "crisis", "action"),
    [
        ("not suicidal at all, I just want the physio to hurry up", 0.3, NO_ACTION),
        ("no thoughts of ending it, just tired of the pain", 0.3, NO_ACTION),
        ("no thoughts of ending it, just tired of the pain", 0.8, CHECK_IN),  # the classifier hears more
        ("no thoughts of ending it but sometimes I wonder what the point is", 0.3, CHECK_IN),  # a contrast follows
        ("everything feels pointless lately", 0.3, CHECK_IN),  # nothing denied
    ],
)
def test_a_check_in_on_crisis_words_the_message_denies_is_dropped_when_the_classifier_is_unsure(text, crisis, action):
    triager = Triager(get_detector(), FixedClassifier(crisis=crisis, none=1 - crisis))  # type: ignore[arg-type]
    assert triager.triage(text).action == action


def test_the_denial_of_crisis_talk_needs_every_crisis_match_denied():
    detector = get_detector()
    assert detector.denies_crisis_talk("no thoughts of ending it, I just need better pain relief")
    assert not detector.denies_crisis_talk("my back aches after gardening")
    assert not detector.denies_crisis_talk("not suicidal before, but now I want to end it")


def test_a_check_in_the_classifier_asks_on_a_question_on_time_is_dropped():
    triager = Triager(get_detector(), FixedClassifier(crisis=0.85, none=0.15))  # type: ignore[arg-type]
    assert triager.triage("how many week it take").action == NO_ACTION
    assert triager.triage("how many days would the whole box take").action == CHECK_IN


def test_a_question_on_time_before_is_not_read_by_the_classifier_with_the_next_message():
    classifier = FixedClassifier(none=1.0)
    triager = Triager(get_detector(), classifier)  # type: ignore[arg-type]
    triager.triage("my brother has the same, same for him?", "how many weeks will it take")
    assert classifier.seen[-1] == ("my brother has the same, same for him?", "")
    triager.triage("and for my mum?", "is physio any good for sciatica")
    assert classifier.seen[-1] == ("and for my mum?", "is physio any good for sciatica")
