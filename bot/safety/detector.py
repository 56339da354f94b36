"""Deterministic red-flag and crisis detector for patient messages."""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.safety.loader import load_rules
from bot.safety.normalise import COMMA, Normaliser, Sentence, count_words, words
from bot.safety.rules import LEVELS, RuleSet, TriggerRule

logger = logging.getLogger(__name__)

_MASK = "#"
_SEVERITY = {level: rank for rank, level in enumerate(LEVELS)}
_SELF = "self"
# A clause that says the patient is well ("I'm fine today") tells no sign for now.
_WELL = frozenset({"fine", "ok", "okay", "well", "good", "great", "alright", "better", "normal"})
# A clause that tells how the patient feels about a sign ("and now I'm paranoid") does not tell
# the sign for now, unless it says since when.
_FEELINGS = frozenset(
    {"paranoid", "worried", "worrying", "scared", "anxious", "nervous", "panicking", "terrified", "frightened",
     "freaking", "concerned", "curious", "wondering", "confused", "stressed", "upset", "panic", "panicked",
     "flap", "tizzy", "state"}
)
# A clause that only tells of an ache in the back itself ("my back's been sore since Sunday") does
# not tell a sign asked about in a question for now ("my back went yesterday" may).
_BACK_ONLY = re.compile(
    r"(?:(?:and|but|so|well|honestly|anyway) )*(?:my|me|his|her|the) (?:lower |low )?"
    r"(?:back|backs|backache|back pain)\b"
    r"(?!.*\b(?:it|its|that|this|them|those|these|same|numb|numbness|weak|weakness|tingling|pee|wee|bladder|bowels?)\b)"
    r"(?=.*\b(?:sore|stiff|achy|aching|aches|hurting|hurts|painful|tight|niggly|niggling|grumbling)\b)"
)
# Clauses after a sign that only tell what happened next ("went to the ER, got antibiotics") may
# stand between it and the clause that says it is over ("all healed now"): at most this many, of at
# most SKIPPED_CLAUSE_WORDS words each, in the same sentence.
SKIPPED_CLAUSES = 2
SKIPPED_CLAUSE_WORDS = 6
_OTHER = "other"
_ANIMAL = "animal"
# Words for a person that may stand for an animal named before ("my dog ... he can't wee").
_PRONOUNS = frozenset({"he", "she", "hes", "shes", "his", "her", "him", "himself", "herself", "hed", "shed"})
# A person named right after one of these is in a condition, not a report ("if he ever lost feeling").
_CONDITION = re.compile(r"\b(?:if|whether|when|unless|suppose|supposing) $")


@dataclass(frozen=True)
class SafetyFinding:
    """What the detector recognised in one message."""

    level: str  # "crisis" | "emergency" | "urgent": the most severe one found
    triggers: tuple[str, ...]  # trigger ids, most severe first
    labels: tuple[str, ...]  # plain-language descriptions, in the order of triggers
    levels: tuple[str, ...] = ()  # the level of each trigger, in the order of triggers
    about_other: bool = False  # every sign was told about another person ("my dad can't pee")
    crisis_line: bool = False  # a trigger found always brings the crisis line (an overdose already taken)
    joking: bool = False  # crisis talk only, every time told as a joke ("I wanna die lol jk"): a check-in


class SafetyDetector:
    """Finds red flags and crisis talk in a patient message using reviewed patterns."""

    def __init__(self, rules: RuleSet) -> None:
        """Build a detector from compiled rules; prefer from_file()."""
        self._rules = rules
        language = rules.language
        self._normaliser = Normaliser(
            language.spelling, language.clause_words, language.continuation_breakers, language.list_words
        )
        order = {trigger.id: index for index, trigger in enumerate(rules.triggers)}
        self._triggers = tuple(sorted(rules.triggers, key=lambda t: (_SEVERITY[t.level], order[t.id])))
        # A contrast after denied crisis words ("not suicidal, but ...") keeps the classifier's check-in.
        self._contrast = re.compile(r"\b(?:" + "|".join(map(re.escape, language.clause_words)) + r")\b")

    @classmethod
    def from_file(cls, path: Path | None = None) -> SafetyDetector:
        """Load the rules file (default: bot/content/safety/red_flags.yml) and compile it."""
        return cls(load_rules(path))

    @property
    def triggers(self) -> tuple[TriggerRule, ...]:
        """All triggers, most severe level first."""
        return self._triggers

    def normalise(self, text: str) -> str:
        """The text as the rules read it (lower case, cleaned, common misspellings fixed)."""
        return self._normaliser.normalise(text)

    def detect(self, text: str) -> SafetyFinding | None:
        """Return the red flags or crisis signs in text, or None; never raises."""
        try:
            return self._detect(text)
        except Exception:  # a safety check must never take the conversation down
            logger.exception(
                "safety detector failed on a message of %s characters",
                len(text) if isinstance(text, str) else "unknown",
            )
            return None

    def _detect(self, text: object) -> SafetyFinding | None:
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        if not isinstance(text, str) or not text.strip():
            return None
        sentences = self._normaliser.sentences(text)
        if not sentences:
            return None
        vocab = [words(s.text) for s in sentences]
        present = set().union(*vocab)
        general = self._asked_in_general(sentences)
        hits: list[tuple[TriggerRule, str, bool]] = []
        for trigger in self._triggers:
            if trigger.required_words is not None and trigger.required_words.isdisjoint(present):
                continue
            if trigger.requires_words is not None and trigger.requires_words.isdisjoint(present):
                continue  # the context it needs ("osteoporosis") is not in the message
            fired = self._fires(trigger, sentences, vocab, general)
            if fired is not None and not _ruled_out(trigger, sentences):
                hits.append((trigger, *fired))
        if not hits:
            return None
        logger.debug("safety triggers: %s", [t.id for t, _, _ in hits])
        earnest = [hit for hit in hits if not hit[2]]
        kept = earnest or hits
        return SafetyFinding(
            level=kept[0][0].level,
            triggers=tuple(t.id for t, _, _ in kept),
            labels=tuple(t.label for t, _, _ in kept),
            levels=tuple(t.level for t, _, _ in kept),
            about_other=all(person == _OTHER for _, person, _ in kept),
            # crisis talk told as a joke beside a symptom: the symptom's alarm, with the crisis line
            crisis_line=any(t.crisis_line for t, _, _ in kept) or 0 < len(earnest) < len(hits),
            joking=not earnest,
        )

    def _fires(
        self, trigger: TriggerRule, sentences: list[Sentence], vocab: list[set[str]], general: bool = False
    ) -> tuple[str, bool] | None:
        """Return who a standing match is about and whether it is told as a joke, or None if none stands.

        A match told in earnest comes first, then one about the patient ("self"), then "other".
        With `general` (the message says it asks in general), a sign that no one in its clause is
        told to have does not stand. A sign told about an animal ("my dog can't wee") does not stand.
        """
        found: tuple[str, bool] | None = None
        met: dict[bool, bool] = {}  # whether the required context is told (key: only about someone else)
        for index, (sentence, present) in enumerate(zip(sentences, vocab, strict=True)):
            for pattern, needed in zip(trigger.patterns, trigger.pattern_words, strict=True):
                if needed is not None and needed.isdisjoint(present):
                    continue  # this pattern cannot match without one of its words
                for match in pattern.finditer(sentence.text):
                    if self._vetoed(trigger, sentences, index, match):
                        continue
                    if general and self._untold(trigger, sentence, match):
                        continue
                    if trigger.level != LEVELS[0] and self._about_animal(sentences, index, match.start(), match.end()):
                        continue
                    other = self._about_other(sentences, index, match.end())
                    if other and self._in_a_story(sentence.text, match.start()):
                        continue
                    if trigger.requires:
                        # checked after a first match only: most messages never get here
                        key = other and trigger.requires_same_person
                        if key not in met:
                            met[key] = self._requirement_met(trigger, sentences, about_other=key)
                        if not met[key]:
                            continue
                    joked = trigger.level == LEVELS[0] and self._joked(sentences, index)
                    fired = (_OTHER if other else _SELF, joked)
                    if fired == (_SELF, False):
                        return fired
                    if found is None or _rank(fired) < _rank(found):
                        found = fired
                    break  # this pattern has shown it; look on for a match about the patient
        return found

    def _joked(self, sentences: list[Sentence], index: int) -> bool:
        """Tell whether crisis talk is told as a joke: a joke cue in its sentence or opening the next one."""
        cues = self._rules.language.joke_cues
        if cues.search(sentences[index].text):
            return True
        return index + 1 < len(sentences) and bool(cues.search(_first_clause(sentences[index + 1])))

    def _about_animal(self, sentences: list[Sentence], index: int, start: int, end: int) -> bool:
        """Tell whether a match is told about an animal: named last before it, or before the "he"/"she" that is.

        Who is named before the match, or a person opening it ("he peed on the sofa"), counts; an
        animal named inside it is its object ("take care of my cat"), and a person named inside it
        is who it is about ("my horse bucked me off"). Never for crisis talk ("my dog is the one
        thing keeping me here").
        """
        person = self._rules.language.person
        mentions = list(person.finditer(sentences[index].text, 0, end))
        if any(m.start() > start and m.lastgroup != _ANIMAL and m.group(0) not in _PRONOUNS for m in mentions):
            return False
        named = [m for m in mentions if m.end() <= start or (m.start() == start and m.lastgroup != _ANIMAL)]
        if index > 0:
            named = [*person.finditer(sentences[index - 1].text), *named]
        for mention in reversed(named):
            if mention.lastgroup == _ANIMAL:
                return True
            if mention.group(0) not in _PRONOUNS:
                return False
        return False

    def puts_off_care(self, text: str) -> bool:
        """Tell whether a message puts off care ("I'll wait it out", "probably just dehydrated")."""
        try:
            return bool(self._rules.language.delay_cues.search(self.normalise(text)))
        except Exception:  # a safety check must never take the conversation down
            logger.exception("safety delay check failed")
            return False

    def closes(self, text: str) -> bool:
        """Tell whether a whole message closes the chat or a list ("I'm done, thanks", "done with the checklist")."""
        try:
            said = self.normalise(text).strip(" ,.!?")
        except Exception:  # a safety check must never take the conversation down
            logger.exception("safety closing check failed")
            return False
        return any(p.fullmatch(said) for p in self._rules.language.closing_cues)

    def asks_plainly_about_a_medicine(self, text: str) -> bool:
        """Tell whether a message is about a medicine with no word of harm, amount or means.

        "Is it dangerous to mix codeine and alcohol?", "what if I miss a dose of gabapentin?" (not
        "how many codeine would be too many?", "is the whole box lethal?").
        """
        said = self._normalised(text, "medicine")
        if said is None:
            return False
        language = self._rules.language
        return bool(language.medicine_cues.search(said)) and not language.means_cues.search(said)

    def asks_only_about_time(self, text: str) -> bool:
        """Tell whether a message asks how long or how many weeks, with no medicine and no means cue.

        "How many week it take?" (not "how many days of tablets would it take?", "how long would it
        take to die?").
        """
        said = self._normalised(text, "time")
        if said is None:
            return False
        language = self._rules.language
        if not language.time_questions.search(said):
            return False
        # the time phrase itself is no means cue ("how many weeks will it take": not "how many ... will")
        rest = language.time_questions.sub(" ", said)
        return not (language.medicine_cues.search(rest) or language.means_cues.search(rest))

    def _normalised(self, text: str, check: str) -> str | None:
        """The normalised message for a check on it, or None if normalising failed (logged, never raised)."""
        try:
            return self.normalise(text)
        except Exception:  # a safety check must never take the conversation down
            logger.exception("safety %s check failed", check)
            return None

    def says_it_is_back(self, text: str) -> bool:
        """Tell whether a message opens by saying a sign is back ("and I started again this week")."""
        try:
            sentences = self._normaliser.sentences(text)
        except Exception:  # a safety check must never take the conversation down
            logger.exception("safety restore check failed")
            return False
        if not sentences:
            return False
        return self._restored(_first_clause(sentences[0]))

    def _in_a_story(self, text: str, start: int) -> bool:
        """Tell whether a sentence tells a film, a show or a book, naming no one the patient knows before `start`.

        "watching a medical drama where a man couldn't feel his legs" is a story; "my dad was
        watching a film when he couldn't feel his legs" is not.
        """
        if not self._rules.language.fiction_markers.search(text):
            return False
        return not any(
            m.lastgroup == _OTHER and m.group(0).startswith(("my ", "our "))
            for m in self._rules.language.person.finditer(text, 0, start)
        )

    def asks_about_signs_in_general(self, text: str) -> bool:
        """Tell whether a message asks about warning signs in general and tells none as anyone's.

        "Is upper back pain between the shoulder blades a warning sign?": a marker of asking in
        general, no word that brings a sign to now, and no person named outside the marker (not
        "is my numb bum a warning sign?") or outside a sentence repeating advice ("the leaflet says to
        come back if I can't pee"). The classifier's guess alone then asks nothing.
        """
        try:
            sentences = self._normaliser.sentences(text) if text.strip() else []
        except Exception:  # a safety check must never take the conversation down
            logger.exception("safety general check failed")
            return False
        if not sentences or not self._asked_in_general(sentences):
            return False
        advice = self._rules.language.advice_openers
        # a person named where advice is repeated ("the nurse told me to come back if I ...") tells no sign
        return not any(
            self._people_outside_markers(sentence.text) for sentence in sentences if not advice.search(sentence.text)
        )

    def denies_crisis_talk(self, text: str) -> bool:
        """Tell whether a message denies crisis talk and tells none ("no thoughts of ending it, just sore").

        True when a crisis pattern matches only where a negation in its clause reaches it ("not
        suicidal", "no plans to harm myself"); False when any crisis match stands, when none is
        there, or when a contrast follows a denial ("I don't want to end it, but sometimes I
        wonder what the point is"): the classifier's check-in then stands.
        """
        try:
            sentences = self._normaliser.sentences(text) if isinstance(text, str) and text.strip() else []
            denied = False
            for index, sentence, match in self._crisis_matches(sentences):
                left, right = sentence.clause_bounds(*match.span())
                if not self._negated_before(sentence.text[left:right], match.start() - left, negations_only=True):
                    return False  # crisis talk told, not denied
                later = (s.text for s in sentences[index + 1 :])
                if self._contrast.search(sentence.text, match.end()) or any(map(self._contrast.search, later)):
                    return False  # "not suicidal, but ...": what follows the denial may be crisis talk
                denied = True
            return denied
        except Exception:  # a safety check must never take the conversation down
            logger.exception("safety denial check failed")
            return False

    def _crisis_matches(self, sentences: list[Sentence]) -> Iterator[tuple[int, Sentence, re.Match[str]]]:
        """Every match of a crisis pattern in the sentences, skipping patterns whose words are absent."""
        vocab = [words(s.text) for s in sentences]
        for trigger in self._triggers:
            if trigger.level != LEVELS[0]:
                continue
            for index, (sentence, present) in enumerate(zip(sentences, vocab, strict=True)):
                for pattern, needed in zip(trigger.patterns, trigger.pattern_words, strict=True):
                    if needed is None or not needed.isdisjoint(present):
                        for match in pattern.finditer(sentence.text):
                            yield index, sentence, match

    def _asked_in_general(self, sentences: list[Sentence]) -> bool:
        """Tell whether the message says it asks in general ("just reading up on it", "in future").

        Not when it also names a time that brings a sign to now ("since", "today", "still"),
        outside the marker itself ("I don't have it now").
        """
        language = self._rules.language
        marked = False
        for sentence in sentences:
            masked = language.general_markers.sub(lambda m: _MASK * len(m.group(0)), sentence.text)
            marked = marked or masked != sentence.text
            if language.time_stops.search(masked):
                return False
        return marked

    def _untold(self, trigger: TriggerRule, sentence: Sentence, match: re.Match[str]) -> bool:
        """Tell whether a match in a message asked in general tells no one's sign (never for crisis talk).

        A sign after advice repeated in its sentence ("told me to come back if", "look out for") is
        untold. Otherwise a sign stays told when its clause, up to the match's end, names a person outside a
        condition ("I can't feel my bum, just reading up on it"; not "if he ever lost feeling"),
        and outside the marker itself (the "I" of "I read in a WhatsApp forward that ..." asks).
        """
        if trigger.level == LEVELS[0] or trigger.crisis_line:
            return False
        text = sentence.text
        if self._rules.language.advice_openers.search(text, 0, match.start()):
            return True  # "the GP said to come back if I can't pee ... I have none of that": advice repeated
        left, _right = sentence.clause_bounds(*match.span())
        return not any(
            not _CONDITION.search(text, max(left, person.start() - 12), person.start())
            for person in self._people_outside_markers(text, left, match.end())
        )

    def _people_outside_markers(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
        """The persons named in text[start:end], less those inside a general marker (the asker's "I read")."""
        language = self._rules.language
        markers = [m.span() for m in language.general_markers.finditer(text)]
        people = language.person.finditer(text, start, len(text) if end is None else end)
        return [p for p in people if not any(left <= p.start() < right for left, right in markers)]

    def _requirement_met(self, trigger: TriggerRule, sentences: list[Sentence], about_other: bool = False) -> bool:
        """Tell whether a required context (e.g. "osteoporosis") is told, and not denied, anywhere.

        With `about_other`, only a context told about someone else counts ("my dad had cancer, now
        his back aches"; not "my dad had cancer, my back aches").
        """
        for index, sentence in enumerate(sentences):
            for pattern in trigger.requires:
                for match in pattern.finditer(sentence.text):
                    left, right = sentence.clause_bounds(*match.span())
                    text = sentence.text
                    if (
                        not self._negated_before(text[left:right], match.start() - left, negations_only=True)
                        and self._negated_after(text[match.end() : right]) is None
                        and (not about_other or self._about_other(sentences, index, match.end()))
                    ):
                        return True
        return False

    def _about_other(self, sentences: list[Sentence], index: int, end: int) -> bool:
        """Tell whether the last person named before a match (in this or an earlier sentence) is someone else."""
        person = self._rules.language.person
        last = _last(person.finditer(sentences[index].text, 0, end))
        position = index
        while last is None and position > 0:
            position -= 1
            last = _last(person.finditer(sentences[position].text))
        return last is not None and last.lastgroup == _OTHER

    def _vetoed(self, trigger: TriggerRule, sentences: list[Sentence], index: int, match: re.Match[str]) -> bool:
        """Tell whether an idiom, an old event, a negation, a past or a resolved sign cancels a match.

        A negation, a past or a resolved sign is lifted again when the rest of the clause, or the
        whole next clause, says the sign is back ("went away but came back today").
        """
        sentence = sentences[index]
        text = sentence.text
        start, end = match.span()
        for pattern in trigger.exclude:
            if any(x.start() < end and start < x.end() for x in pattern.finditer(text)):
                return True
        left, right = sentence.clause_bounds(start, end)
        if any(p.search(text, left, right) for p in trigger.exclude_in_clause):
            return True
        cue_end = self._soft_veto(trigger, sentences, index, left, start, end, right)
        if cue_end is None and self._over_later(trigger, sentences, index, left, right):
            cue_end = right
        if cue_end is None:
            return False
        return not self._restored(text[max(cue_end, end) : right]) and not self._restored_later(sentences, index, right)

    def _soft_veto(
        self, trigger: TriggerRule, sentences: list[Sentence], index: int, left: int, start: int, end: int, right: int
    ) -> int | None:
        """Where the cue that cancels a match ends (a negation, a question, a past or a resolved sign), or None."""
        text = sentences[index].text
        language = self._rules.language
        if self._negated_before(text[left:right], start - left):
            if self._negated_before(text[left:right], start - left, negations_only=True):
                return end
            # a question or hypothetical cue ("what if", "is it an emergency if"): the sign still
            # counts when the patient then tells it for now ("... ? I've had it since this morning")
            if not self._told_now(sentences, index, end, right):
                return end
        if not trigger.after_cues:
            return None
        after = text[end:right]
        cue = self._negated_after(after)
        if cue is not None:
            return end + cue
        if trigger.past_counts:
            return None
        resolved = language.resolution_cues.search(after)
        if resolved is not None and self._reaches(after[: resolved.start()], language.post_negation_window + 2):
            return end + resolved.end()
        for past in language.past_cues.finditer(text, left, right):
            gap = text[past.end() : start] if past.end() <= start else text[end : past.start()]
            if not language.time_stops.search(gap):
                return max(end, past.end())
        return None

    def _told_now(self, sentences: list[Sentence], index: int, end: int, right: int) -> bool:
        """Tell whether the rest of the clause, or the next clause, tells the patient's sign for now.

        Used only after a question or hypothetical cue: "is it normal to get a fever after an
        injection? I've had one since this morning", "is numbness down there a red flag? my wife
        has it". The clause must name the patient or someone they tell about ("I", "mine", "my
        wife") and now ("since", "today", "has it"), and must not deny or end anything ("I'm fine
        now").
        """
        language = self._rules.language
        rest = sentences[index].text[end:right]
        for clause in (rest, next(_following_clauses(sentences, index, right), "")):
            bare = clause.strip(" ,")
            if not bare or _BACK_ONLY.match(bare):
                continue
            told = any(m.lastgroup in (_SELF, _OTHER) for m in language.person.finditer(clause)) and bool(
                language.time_stops.search(clause)
            )
            said = words(clause)
            if told and not (
                _WELL.intersection(said)
                or (_FEELINGS.intersection(said) and "since" not in said)
                or language.negations.search(clause)
                or language.post_cues.search(clause)
                or language.resolution_cues.search(clause)
            ):
                return True
        return False

    def _over_later(self, trigger: TriggerRule, sentences: list[Sentence], index: int, left: int, right: int) -> bool:
        """Tell whether the whole next clause only says the sign is over ("but physio fixed that years ago")."""
        if trigger.past_counts or not trigger.after_cues:
            return False
        language = self._rules.language
        patterns = language.resolved_clauses
        if not patterns:
            return False
        if language.time_stops.search(sentences[index].text, left, right):
            return False  # a sign told for today ("wet myself this morning, it stopped") still counts
        in_this_sentence = len(sentences[index].text.rstrip(" ,"))
        for skipped, told in enumerate(_following_clauses(sentences, index, right)):
            clause = told.strip(" ,")
            if not clause:
                return False
            if any(p.fullmatch(clause) for p in patterns):
                # A bare "No." in the next sentence answers a sign asked as a heading ("Fever? No."),
                # not one the patient tells of themselves ("I have a fever. No, it's not the flu").
                in_next_sentence = right >= in_this_sentence
                told_of_self = any(m.group("self") for m in language.person.finditer(sentences[index].text))
                return not (in_next_sentence and _BARE_ANSWER.fullmatch(clause) and told_of_self)
            right += len(COMMA) + len(told)
            if (
                skipped >= SKIPPED_CLAUSES
                or right >= in_this_sentence
                or count_words(clause) > SKIPPED_CLAUSE_WORDS
                or language.time_stops.search(clause)
                or self._restored(clause)
            ):
                return False
        return False

    def _reaches(self, between: str, window: int) -> bool:
        return count_words(between) <= window and not self._rules.language.scope_stops.search(between)

    def _restored(self, clause: str) -> bool:
        """Tell whether a whole clause says a sign is back ("but came back today", "now it is")."""
        clause = clause.strip(" ,")
        return bool(clause) and any(p.fullmatch(clause) for p in self._rules.language.restore_clauses)

    def _restored_later(self, sentences: list[Sentence], index: int, right: int) -> bool:
        """Tell whether the next clause (past any that only say "sorted" or "last year") brings a sign back."""
        language = self._rules.language
        for clause in _following_clauses(sentences, index, right):
            if self._restored(clause):
                return True
            clause = clause.strip(" ,")
            if not (
                language.resolution_cues.fullmatch(clause)
                or language.past_cues.fullmatch(clause)
                or any(p.fullmatch(clause) for p in language.resolved_clauses)
            ):
                return False
        return False

    def _negated_before(self, clause: str, start: int, negations_only: bool = False) -> bool:
        """Look for a cue that begins before the match (clause[start:]) and reaches it.

        The whole clause is given so that a question cue can look ahead to how the question ends
        ("is pain in both legs more serious ..."). With negations_only, question and hypothetical
        cues are left out.
        """
        language = self._rules.language
        masked = language.pseudo_negations.sub(lambda m: _MASK * len(m.group(0)), clause)
        pattern = language.negations if negations_only else language.cues
        cues = [c for c in pattern.finditer(masked) if c.start() < start]
        if not cues:
            return False
        reach = min(cues[-1].end(), start)  # a cue may run into the match ("scared of falling")
        between = clause[reach:start]
        return count_words(between) <= language.negation_window and not language.scope_stops.search(
            clause, reach, start
        )

    def _negated_after(self, after: str) -> int | None:
        """Where a cue after the match that cancels it ("are fine", "ruled out") ends, or None."""
        language = self._rules.language
        cue = language.post_cues.search(after)
        if cue is None:
            return None
        return cue.end() if self._reaches(after[: cue.start()], language.post_negation_window) else None


def _rank(fired: tuple[str, bool]) -> tuple[bool, bool]:
    """Order of standing matches: told in earnest first, then about the patient."""
    person, joked = fired
    return joked, person == _OTHER


_BARE_ANSWER = re.compile(r"(?:no|nope|nah|none|nil|negative)")


def _following_clauses(sentences: list[Sentence], index: int, right: int) -> Iterator[str]:
    """The clauses after the one ending at `right`: the rest of this sentence, then the next one."""
    sentence = sentences[index]
    while right < len(sentence.text):
        clause = sentence.clause_after(right)
        yield clause
        right += len(COMMA) + len(clause)
    if index + 1 < len(sentences):
        yield _first_clause(sentences[index + 1])


def _ruled_out(trigger: TriggerRule, sentences: list[Sentence]) -> bool:
    """Tell whether an `unless` pattern matches the whole message (its sentences joined by " . ")."""
    if not trigger.unless:
        return False
    message = " . ".join(sentence.text for sentence in sentences)
    return any(pattern.search(message) for pattern in trigger.unless)


def _first_clause(sentence: Sentence) -> str:
    """A sentence's text up to its first clause break."""
    return sentence.text[: sentence.breaks[0] if sentence.breaks else len(sentence.text)]


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    """The last of some matches, or None."""
    tail = deque(matches, maxlen=1)
    return tail[0] if tail else None
