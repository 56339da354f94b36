"""The decision step: reviewed rules and the safety classifier together decide what to do.

- A rule finding is a clear signal: today's emergency, urgent or crisis reply. Unless the
  classifier all but rules out a sign the screening question names (DISPUTED_BELOW): then the
  finding is uncertain, and the screening question is asked first.
- Without one, the classifier's probabilities can only lead to a question, never an alarm:
  a likely warning sign gets a short screening question (yes/no), a likely crisis a gentle
  check-in that always shows the crisis line (with the answer too when the classifier is least
  sure, or when the message only asks about a medicine, with no word of harm, amount or means).
  So a symptom that the message denies (which the rules see) never raises an alarm on the
  classifier's word alone.
- A red flag counts in any turn: a message is also read together with the one before it
  ("how many would be too many?" then "asking for me"), unless that earlier message was flagged
  already (an alarm, or a question the patient may be answering now).
- After an alarm, a message that puts off care ("eh, probably just dehydrated, I'll wait it out")
  or says the sign is back ("I used to self-harm years ago" then "and I started again this week")
  gets the alarm again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.safety.classifier import NO_SIGNAL, LevelScores, SafetyClassifier
from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.normalise import count_words

ALARM = "alarm"
SCREEN = "screen"
CHECK_IN = "check_in"
NO_ACTION = "none"
# The entity the NLU component sets beside a symptom alarm when crisis talk is likely too
# (Triage.with_crisis); the safety action then adds the crisis line.
CRISIS_LINE_ENTITY = "safety_crisis_line"
# The entity the NLU component sets on a check-in the classifier is least sure of
# (Triage.answer_too): the check-in action then also answers the question asked, when the topic
# classifier is sure of it ("thinking of going to Mexico for stem cells" gets the check-in and the
# answer on treatment abroad).
ANSWER_TOO_ENTITY = "safety_answer_too"
# Chosen on the corpus's development split (487 messages) before the blind batch was measured:
# at 0.5 / 0.3 recall with a question was 98.8% (emergency) and 94.2% (urgent), with questions
# on 12.7% of the split's near misses; 0.45 / 0.25 raised crisis recall 88% -> 92% but
# questions to 15.7%. A screening question when an emergency or urgent sign is this likely ...
SCREEN_AT = 0.5
# ... and a check-in when crisis talk is this likely (lower than the above: a missed crisis costs more).
# Session 7: with ordinary questions among the classifier's 'none' examples it is better
# calibrated, so the check-in moved from 0.3 to 0.2, chosen on the development sets (2,152 safety
# messages, 1,093 ordinary questions): crisis recall 98.98% -> 99.66%, questions on near misses
# 6.9% -> 8.4%, ordinary questions given a question 10 -> 15 of 1,093.
CHECK_IN_AT = 0.2
# A one-word message ("back", "stop") carries too little for the classifier to ask about: only
# the rules judge it (a typed "/back" had got a screening question).
MIN_WORDS_FOR_QUESTION = 2
# Session 8: check-ins below this crisis probability also answer the question (when the topic
# classifier is sure of it). On the development sets (2,726 safety messages and 1,694 ordinary
# questions) 8% of the check-ins on crisis messages were below 0.4, and 56% of those on near
# misses and 67% of those on ordinary questions: the crisis line is always shown, and a patient
# who only asked a question gets the answer too.
ANSWER_WITH_CHECK_IN_BELOW = 0.4
# Session 19: a check-in the classifier alone asks for, on a message whose only crisis words the
# rules see denied ("not suicidal, just fed up", "no thoughts of ending it"), is dropped below
# this crisis probability (the classifier is then unsure as well: above it, it hears more than the
# denied words).
DENIED_CRISIS_BELOW = 0.5
# Session 10: a screening question the classifier is least sure of comes after the answer to the
# question asked (when the topic classifier is sure of it), not instead of it: the patient still
# gets the question, with its Yes/No buttons, in the same turn. On the development sets (the
# corpus's split and batches 1-7, start-of-session model) 26 of the 263 screening questions on
# emergency or urgent messages were below 0.7, against 31 of the 67 on near misses and about half
# of those on ordinary questions.
ANSWER_WITH_SCREEN_BELOW = 0.7
# Session 11: a rule finding that the safety classifier all but rules out (red-flag probability
# under this, crisis talk unlikely) is an uncertain signal, so it gets the screening question
# (alone, before any answer) instead of the alarm: "had a fever with covid in September, none
# since" or a fracture that healed decades ago. Only for signs the screening question itself names
# (SCREENED_SIGNS), so that "No" can clear them; never for crisis talk or an overdose. On the
# development sets (session-11 model): 8 of the 34 alarms on near misses and 2 of the 1,492 on
# emergency or urgent messages became questions (those still count as recalled).
# Session 12: with the spent blind batches 1-8 in its training corpus, the classifier was checked
# on batch 9, which it had not seen (nor had the rules been tuned to it): at 0.05, 7.5% of its
# near misses got an alarm and 6.2% a question; at 0.2, 3.1% and 10.6%, with recall unchanged
# (99.1%) and 1-2 points of the true alarms asked about first instead. An alarm the patient does
# not need costs more than one yes/no question.
DISPUTED_BELOW = 0.2
# The rule triggers whose sign is listed in the screening question of that level (messages.yml,
# safety_screen_emergency and safety_screen_urgent).
SCREENED_SIGNS = {
    "emergency": frozenset(
        {"saddle_numbness", "bladder_bowel", "both_legs", "sexual_dysfunction", "chest_pain", "serious_injury"}
    ),
    "urgent": frozenset(
        {"fever", "weight_loss", "lump_or_shape_change", "night_pain", "pain_on_straining", "upper_back_pain"}
    ),
}


@dataclass(frozen=True)
class Triage:
    """What to do with one message, and why."""

    action: str  # ALARM | SCREEN | CHECK_IN | NO_ACTION
    level: str | None = None  # crisis | emergency | urgent (the alarm's or the screened level)
    finding: SafetyFinding | None = None  # the rules' finding, for an alarm
    scores: LevelScores = NO_SIGNAL
    from_context: bool = False  # found only by reading this message with the previous one
    # A rule alarm for a symptom where the classifier also hears likely crisis talk: the reply
    # gives the care advice and the crisis line ("I'm not suicidal exactly, I just don't care if I die").
    with_crisis: bool = False
    # A rule finding the classifier all but rules out: asked about (SCREEN) instead of alarmed.
    disputed: bool = False

    # A check-in the classifier asked for on a message about a medicine with no word of harm,
    # amount or means ("what if I miss a dose of gabapentin?"): the question is answered too.
    plain_medicine_question: bool = False

    @property
    def answer_too(self) -> bool:
        """A check-in or screening question the classifier is least sure of: the question asked is answered too."""
        if self.action == SCREEN:
            return not self.disputed and self.scores.red_flag < ANSWER_WITH_SCREEN_BELOW
        return self.action == CHECK_IN and (
            self.scores.crisis < ANSWER_WITH_CHECK_IN_BELOW or self.plain_medicine_question
        )


NOTHING = Triage(NO_ACTION)


class Triager:
    """Runs the rules and the classifier on a message (and its predecessor) and decides."""

    def __init__(self, detector: SafetyDetector, classifier: SafetyClassifier | None) -> None:
        """Keep the compiled rules and the trained classifier (None: rules only)."""
        self._detector = detector
        self._classifier = classifier

    def triage(self, text: str, previous: str = "", previous_action: str = NO_ACTION) -> Triage:
        """Decide for `text`; `previous` is the patient's message before it, if any.

        `previous_action`: what the triage did with that message. Flagged (anything but
        NO_ACTION), it is not read again with this one, except by the rules after a check-in that
        no rule raised: "what's the max dose of gabapentin?" (a check-in), then "just so I know
        when to stop collecting them" is read as one. The classifier reads the previous message
        only after NO_ACTION: after a check-in its own reading of the earlier message would
        carry over to an ordinary next one ("how much would it be here?", then "medicare pay any
        of it?").
        """
        context = previous if previous and self._reads_again(previous, previous_action) else ""
        scored_with = previous if previous and previous_action == NO_ACTION else ""
        if scored_with and self._detector.asks_only_about_time(scored_with):
            # (session 23) "how many week it take?" then "my brother have same, same for him?": the
            # classifier would hear "how many ... take" again in the next message's context.
            scored_with = ""
        finding = self._detector.detect(text)
        if finding is not None:
            return self._alarm(finding, text)
        if previous and previous_action == ALARM:
            again = self._again(text, previous)
            if again is not None:
                return again
        if context:
            finding = self._detector.detect(join_for_rules(context, text))
            if finding is not None:
                return self._alarm(finding, text, context)
        if count_words(text) < MIN_WORDS_FOR_QUESTION and not scored_with:
            return NOTHING
        if previous_action == NO_ACTION and self._detector.closes(text):
            return NOTHING  # "I'm done, thanks": the rules found nothing, and it closes the chat
        scores = self._scores(text, scored_with)
        decided = decide(scores, from_context=bool(scored_with))
        read = join_for_rules(scored_with, text) if scored_with else text
        if decided.action == SCREEN and self._detector.asks_about_signs_in_general(text):
            # "Is upper back pain between the shoulder blades a warning sign?": information, not a question.
            return Triage(NO_ACTION, scores=scores, from_context=bool(scored_with))
        if (
            decided.action == CHECK_IN
            and scores.crisis < DENIED_CRISIS_BELOW
            and not scored_with
            and self._detector.denies_crisis_talk(text)
        ):
            # "No thoughts of ending it, I just need better pain relief": the classifier heard the
            # words the patient denies; the rules see the denial.
            return Triage(NO_ACTION, scores=scores)
        if decided.action == CHECK_IN and not scored_with and self._detector.asks_only_about_time(text):
            # (session 23) "How many week it take?": a question on time; the classifier heard "how many ... take".
            return Triage(NO_ACTION, scores=scores)
        if decided.action == CHECK_IN and self._detector.asks_plainly_about_a_medicine(read):
            # "Is it dangerous to mix codeine and alcohol?": the check-in, and the answer too (no word
            # of harm, amount or means in it, nor in the message before it that the classifier read).
            return replace(decided, plain_medicine_question=True)
        return decided

    def _reads_again(self, previous: str, previous_action: str) -> bool:
        """Tell whether the previous message is read with this one (it raised nothing a rule found).

        After a check-in or a screening question that only the classifier asked for, the rules read
        both turns: "my mum has sudden bad back pain", then "she has osteoporosis, only bumped the bed".
        """
        if previous_action == NO_ACTION:
            return True
        return previous_action in (CHECK_IN, SCREEN) and self._detector.detect(previous) is None

    def _again(self, text: str, previous: str) -> Triage | None:
        """The earlier alarm again, when `text` says its sign is back or puts off care for a symptom."""
        back = self._detector.says_it_is_back(text)
        if not back and not self._detector.puts_off_care(text):
            return None
        earlier = self._detector.detect(previous)
        if earlier is None or (not back and "crisis" in earlier.levels):
            return None
        return Triage(ALARM, earlier.level, earlier, from_context=True)

    def _alarm(self, finding: SafetyFinding, text: str, context: str = "") -> Triage:
        """A rule alarm; for a symptom alone, the crisis line too when crisis talk is likely.

        Crisis talk told only as a joke ("I wanna die lol jk") gets the gentle check-in, which
        always shows the crisis line, instead of the crisis alarm.
        """
        if finding.joking:
            return Triage(CHECK_IN, "crisis", finding, self._scores(text, context), from_context=bool(context))
        if "crisis" in finding.levels:
            return Triage(ALARM, finding.level, finding, from_context=bool(context))
        scores = self._scores(text, context)
        with_crisis = scores.crisis >= CHECK_IN_AT or finding.crisis_line
        if not with_crisis and scores is not NO_SIGNAL and disputed(finding, scores):
            return Triage(SCREEN, finding.level, finding, scores, from_context=bool(context), disputed=True)
        return Triage(ALARM, finding.level, finding, scores, from_context=bool(context), with_crisis=with_crisis)

    def _scores(self, text: str, previous: str) -> LevelScores:
        if self._classifier is None:
            return NO_SIGNAL
        try:
            return self._classifier.scores(text, previous)
        except Exception:  # the classifier is a second opinion: the rules still stand
            return NO_SIGNAL


def disputed(finding: SafetyFinding, scores: LevelScores) -> bool:
    """True when the classifier all but rules out a symptom finding whose signs the screening question names."""
    screened = SCREENED_SIGNS.get(finding.level, frozenset())
    return (
        scores.red_flag < DISPUTED_BELOW
        and bool(finding.triggers)
        and all(level == finding.level for level in finding.levels)
        and set(finding.triggers) <= screened
    )


def decide(scores: LevelScores, from_context: bool = False) -> Triage:
    """Turn classifier probabilities (no rule finding) into a question or nothing."""
    if scores.crisis >= CHECK_IN_AT:
        return Triage(CHECK_IN, "crisis", scores=scores, from_context=from_context)
    if scores.red_flag >= SCREEN_AT:
        level = "emergency" if scores.emergency >= scores.urgent else "urgent"
        return Triage(SCREEN, level, scores=scores, from_context=from_context)
    return Triage(NO_ACTION, scores=scores, from_context=from_context)


def join_for_rules(previous: str, text: str) -> str:
    """One sentence of two turns, so a rule can read "how many would be too many, asking for me"."""
    return f"{previous.strip().rstrip('.?!')}, {text.strip()}"
