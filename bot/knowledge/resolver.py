"""Decide which topic answers a message, from its intent, entities and the conversation so far."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.knowledge.follow_ups import (
    ALTERNATIVES,
    ASPECT_OF_INTENT,
    ASPECT_TOPICS,
    BASICS_TOPIC,
    BENEFITS_FIELD,
    CLINIC_SIGNS_TOPIC,
    COST,
    COURSE_INTENT,
    EVIDENCE,
    EVIDENCE_ANSWERED_BY_ITSELF,
    EVIDENCE_TOPIC,
    FOLLOW_UP_INTENTS,
    MEDICINES_OVERVIEW,
    OPERATIONS,
    PLACE_TOPICS,
    RECOVERY,
    RISKS,
    RISKS_FIELD,
    RISKS_TOPIC,
    SIZE,
    SPECIFIC_TOPICS,
    STAY_POINTERS,
    SUBJECT_ENTITIES,
    SURGERY_OVERVIEW,
    TREATMENT_OVERVIEW,
    TRIALS_TOPIC,
    WORD,
    asks_about_recovery,
    asks_for_alternatives,
    asks_for_the_approved_list,
    asks_for_the_product_study,
    asks_how_long,
    asks_if_it_is_stem_cells,
    asks_if_it_works,
    asks_the_same_again,
    asks_what_it_meant,
    asks_who_pays,
    aspect_resolution,
    clinic_signs_asked,
    condition_course_asked,
    condition_nature_asked,
    condition_pointed_to,
    condition_risk_misheard,
    design_question_misheard,
    doubts_the_study_size,
    evidence_for_earlier_subject,
    focus_of,
    is_bare_follow_up,
    leaves_the_treatment_out,
    neighbour_asked,
    one_of_two_asked,
    ordinary_subject_misheard,
    ordinary_treatment_asked,
    overview_of_alternatives,
    points_to_the_specific,
    recurrence_after_operation,
    same_treatment_for,
    stays_on_study,
    stays_on_the_topic,
    stays_when_unsure,
    subject_carried_to_place,
    the_other_of_two,
    therapy_harm_misheard,
    therapy_of_the_study,
    topic_returned_to,
    treatment_asked_for_condition,
    treatment_of_the_condition_asked,
    which_medicine_is_better,
    without_overview_words,
)
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Topic

# An overview topic hands over to a specific topic when the message names one
# ("what causes a slipped disc?" is about the slipped disc, not causes in general).
# "Is ibuprofen any good?" read as a question on medicines is answered by the NSAID topic.
OVERVIEW_HANDOVER = {
    "back_pain_causes": "condition", TREATMENT_OVERVIEW: "treatment", MEDICINES_OVERVIEW: "treatment"
}
# "What else is there apart from tablets?": the question reaches beyond the treatment it names.
BEYOND_THE_NAMED = re.compile(
    r"\b(?:apart from|other than|besides|except|aside from|instead of|beyond|rather than|alternatives? to|"
    r"not (?:just|only)|"
    # (session 21) learners' "what other treatment than surgery", "any other thing than tablets"
    r"(?:other|else) (?:[a-z]+ ){1,2}?than)\b"
)
# "What are all the normal treatments?", "what kind of treatment exists?", "give me the whole
# menu": the question asks for the whole range, whatever treatments its story names.
ALL_THE_OPTIONS = re.compile(
    r"\b(?:all (?:the |my |of the |your )?(?:(?:normal|usual|standard|main|different|possible|available|other|"
    r"proper|regular) )?(?:treatments?|options|choices)|(?:what|which) (?:kinds? of |sorts? of |types? of |other )?"
    r"(?:treatments?|options) (?:are there|exist|exists|is there|do (?:they|doctors|you)|are (?:available|possible|"
    r"normal|usual))|(?:whole|full) (?:menu|list|range)|every (?:option|treatment)|step by step)\b"
)
STATUS_TOPIC = "fda_status"
TESTIMONIALS_TOPIC = "testimonials"
REVIEWS_TOPIC = "stem_cell_systematic_reviews"
APPROVED_LIST_TOPIC = "fda_approved_products"
# "Was there a control group?", "how many people were in it?" after an answer on a therapy or
# a study: the study behind that answer (it states its design and size), else the general topic.
STUDY_DESIGN_INTENT = "ask_study_design"
# "Only 10 people? Is that enough to tell anything?", "can you trust a study that small?", "why
# does the size matter so much?", "is a case review good evidence?" after a study: what a study's
# size and design can show (the study-design answer), framed by that study; "how many people were
# in it?" and a bare "only 10 people??" get the study's own answer, which gives its size.
JUDGES_THE_STUDY = re.compile(
    r"\b(?:enough|reliable|trust|trustworthy|proper|prove|proves|proof|valid|legit|convincing|"
    r"(?:tell|mean|show|worth) (?:us |you )?anything|small|tiny|matter|matters|important|"
    r"(?:good|strong|solid|weak|poor|high quality|low quality) (?:evidence|proof|science|study|studies)|"
    r"(?:kind|type|sort) of (?:study|trial|research)|"
    r"what(?:s|'s| is| are| does)? (?:a |an |the )?(?:control group|controls?|placebo(?: group| effect)?|sham|"
    r"randomi[sz]ed|"
    r"randomi[sz]ation|double blind|blinded|blinding|case series|case review|cohort|peer review(?:ed)?|"
    r"pilot(?: study| trial)?|rct|rcts|randomi[sz]ed (?:controlled )?trial|meta analysis|open label))\b|"
    # a study term asked about: "you used the phrase open-label, what does that mean?", "what does
    # 'low certainty evidence' mean?", "a case review vs a real trial"
    r"\b(?:open[ -]label|low certainty|certainty of (?:the )?evidence|uncontrolled|retrospective|observational|"
    r"pilot study|phase (?:1|2|3|one|two|three|i|ii|iii)|sham|single blind|case reviews?|case series|control groups?|"
    r"placebo|randomi[sz]ed|cohort)\b(?=.*\b(?:mean|means|meaning|vs|versus|difference|explain|define)\b)"
)
# How studies are set up (a control group, size, follow-up): its answer is about the stem cell
# studies already, so "explain 'uncontrolled study' in these stem cell articles" stays on it.
STUDY_DESIGN_TOPIC = "study_design"
# "How big were those studies?", "how many people were in them?": the studies an answer on cell
# therapy spoke of, together, not one of them.
THE_STUDIES = re.compile(
    r"\b(?:(?:those|these|them|the|all the|all those|all these|all them|all of the|all of those|each of the) "
    r"(?:[a-z]+ ){0,2}?(?:studies|trials|studys)|(?:in|were|was) (?:them|they|all of them)|each (?:study|trial))\b"
)
# How to join a trial ("how do I get on the Mesoblast trial?", "can my dad sign up for it?"): the
# clinical-trials answer, with the trial named as its subject, not the trial's findings.
JOINING = re.compile(
    r"\b(?:join|joining|get on|get onto|get into|sign up|signing up|signup|enrol|enroll|enrolling|take part|"
    r"participate|participating|apply|applying|eligible|qualify|recruiting|volunteer)\b"
)
# A bare "why?" after an answer asks for the reasons behind it: the longer answer ("why?" after "is
# it approved?", "why not?" after "does Medicare cover it?", "how come?" after "braces are not advised").
JUST_WHY = re.compile(
    r"(?:(?:but|and|so|ok|okay|hmm|um|oh|really) )?(?:why|whys|why not|why so|why though|why tho|why is that|whys that|"
    r"why's that|why would that be|how come|how so|why is it|why isnt it|why not then|why then|and why|but why)"
    r"(?: (?:though|tho|then|exactly|please|pls))?"
)
# "Which one for nerve pain down the leg?" after the medicines overview: the one under it made for
# that condition (its title names it: "Pregabalin and gabapentin for sciatica").
WHICH_ONE = re.compile(
    r"\b(?:which|what|wich|wat) (?:one|ones|of them|of those|medicine|medicines|medication|tablet|tablets|pill|pills|"
    r"drug|drugs|is (?:the )?best|is better|works best|would you use|do (?:they|doctors) use)\b.*\bfor\b"
)
# Words that ask for a study ("what did their study find?", "any trial results?").
STUDY_WORDS = re.compile(r"\b(?:study|studies|trial|trials|research|results|paper|data)\b")
# Families whose answers take the "you asked about <condition>" context line.
CONDITION_CONTEXT_FAMILIES = ("stem_cell", "study")


@dataclass(frozen=True)
class Resolution:
    """The topic to answer, and what the answer should be related to."""

    topic: Topic
    subject: Topic | None = None
    condition: Topic | None = None
    # The balance field the answer leads with ("risks" for "is it safe?" after a medicine).
    focus: str | None = None
    # The condition discussed earlier that this answer is read for ("heat or cold for that?").
    for_condition: Topic | None = None
    # The study of the one product the message named when the answer covers several ("what's the
    # DiscGenics thing?" is answered by donor cells): remembered as the subject, not shown.
    named_product_study: Topic | None = None
    # Answer with the topic's longer text ("how big were those studies?" after what the studies
    # found: its detail lists each study with its size).
    detail: bool = False
    # Answer with the short text and then the longer one in the same reply ("will she need a brace?"
    # after scoliosis: what scoliosis is, and that a specialist decides on treatment).
    with_detail: bool = False


def resolve_topic(
    kb: KnowledgeBase,
    intent: str,
    entities: Mapping[str, Sequence[str]],
    last_topic: str | None = None,
    last_subject: str | None = None,
    text: str = "",
    last_condition: str | None = None,
    previous_text: str = "",
    confidence: float = 1.0,
) -> Resolution | None:
    """Pick the topic for an intent; None when no topic answers that intent.

    `last_topic` and `last_subject` are what the previous answer was on and about; `text` is
    the message, which tells whether a follow-up points back to them; `previous_text` is the
    patient's message before it ("a fusion or a discectomy?", then "and the other one?");
    `confidence` is how sure the classifier was of `intent`.
    """
    previous = kb.topics.get(last_topic) if last_topic else None
    other = the_other_of_two(kb, previous, previous_text, text)
    if other is not None:
        # "And the other one?" after the fusion, when the message before named a fusion and a discectomy.
        return Resolution(other, focus=focus_of(text))
    if previous is not None and stays_when_unsure(previous, text, entities, confidence):
        # (session 22) "What happens in a session?" after CBT, read as a slipped disc with 0.33: a short
        # follow-up that names nothing new, which the classifier is unsure of, stays on the last answer.
        return Resolution(previous, focus=focus_of(text))
    returned = topic_returned_to(kb, text)
    if returned is not None and returned.id != last_topic:
        # (session 23) "Going back to the shots, can I get them every month?": a follow-up on the subject
        # returned to, as if it had just been answered (an aspect asked keeps its intent).
        asked = intent if intent in FOLLOW_UP_INTENTS else returned.intents[0]
        resolution = _resolve(kb, asked, entities, returned.id, None, text, last_condition)
    else:
        resolution = _resolve(kb, intent, entities, last_topic, last_subject, text, last_condition)
    covered = _covered_by_condition(resolution)
    if covered is not None:
        return covered
    if resolution is None or resolution.topic.family != "stem_cell":
        return resolution
    if resolution.subject is not None and resolution.topic.id not in ASPECT_TOPICS:
        return resolution
    study = _product_study(kb, entities)
    if study is None:
        return resolution
    if resolution.topic.id == EVIDENCE_TOPIC or (
        ASPECT_OF_INTENT.get(intent) == EVIDENCE and STUDY_WORDS.search(text.lower())
    ):
        # "DiscGenics: what did their study find?": that product's own trial.
        return Resolution(study)
    # "What's the DiscGenics thing?": the donor-cell answer, and DiscGenics' own trial kept in mind
    # for "was there a study on it?", "how many people?", "is it approved yet?".
    return replace(resolution, named_product_study=study)


def _condition_discussed(kb: KnowledgeBase, previous: Topic | None, last_condition: str | None) -> Topic | None:
    """The condition the last answer was on, else the last condition discussed (if any)."""
    if previous is not None and previous.family == "condition":
        return previous
    return kb.topics.get(last_condition or "")


def _covered_by_condition(resolution: Resolution | None) -> Resolution | None:
    """The condition's own answer when a treatment is read for a condition whose answer covers it.

    "Will she have to wear a brace?" after scoliosis: a brace for a curve is a specialist's call,
    which the scoliosis answer says; the brace answer (not advised for back pain) would mislead.
    """
    if resolution is None or resolution.for_condition is None:
        return None
    condition = resolution.for_condition
    if set(resolution.topic.entities.get("treatment", ())) & set(condition.covers_treatments):
        return Resolution(condition, with_detail=True)  # its longer text says who decides on treatment
    return None


def _product_study(kb: KnowledgeBase, entities: Mapping[str, Sequence[str]]) -> Topic | None:
    """The study of the one product a message names (DiscGenics, Mesoblast), if it names one with a study."""
    studies = {
        study.id: study
        for value in entities.get("treatment", ())
        if (study := kb.study_of_product(value)) is not None
    }
    return next(iter(studies.values())) if len(studies) == 1 else None


def _resolve(
    kb: KnowledgeBase,
    intent: str,
    entities: Mapping[str, Sequence[str]],
    last_topic: str | None,
    last_subject: str | None,
    text: str,
    last_condition: str | None,
) -> Resolution | None:
    previous = kb.topics.get(last_topic) if last_topic else None
    intent = therapy_harm_misheard(previous, intent, text, entities) or intent
    if previous is not None and JUST_WHY.fullmatch(" ".join(WORD.findall(text.lower()))):
        return Resolution(previous, detail=True)
    for topic_id in entities.get("topic", ()):
        if topic_id in kb.topics:
            return Resolution(kb.topics[topic_id])
    made_for = _specific_made_for(kb, previous, entities, text)
    if made_for is not None:
        return Resolution(made_for)
    condition_asked = same_treatment_for(kb, previous, text, entities)
    if condition_asked is not None and previous is not None:
        if previous.family in CONDITION_CONTEXT_FAMILIES:
            # "What about for sciatica?" after what the stem cell studies found: the same answer, with
            # the line on whether the studies included people with that condition.
            return Resolution(previous, condition=condition_asked)
        return Resolution(previous, for_condition=condition_asked)
    if treatment_of_the_condition_asked(previous, text, entities) and previous is not None:
        # (session 23) "So what do I do about it?" after worn discs: the treatment options, read for them;
        # after scoliosis, whose treatment a specialist decides, its own longer answer says so.
        if previous.covers_treatments:
            return Resolution(previous, with_detail=True)
        return Resolution(kb.topics[TREATMENT_OVERVIEW], for_condition=previous)
    if clinic_signs_asked(previous, text, entities):
        # (session 23) "Red flags?" after a clinic's claims: the signs of a clinic to avoid.
        return Resolution(kb.topics[CLINIC_SIGNS_TOPIC])
    if which_medicine_is_better(previous, text, entities):
        # (session 23) "Which one is better then?" after ibuprofen: the medicines weighed.
        return Resolution(kb.topics[MEDICINES_OVERVIEW])
    if asks_who_pays(previous, text, entities) and previous is not None:
        return Resolution(previous, subject=kb.topics.get(last_subject or ""))
    if asks_the_same_again(previous, text, entities) and previous is not None:
        # "What about for my mum, she's 83?" after heat and cold: the same answer, for her;
        # "how often?" after exercise: how often is in that answer.
        return Resolution(previous, focus=focus_of(text))
    if asks_about_recovery(previous, text, entities) and previous is not None:
        return Resolution(previous, focus=RECOVERY)
    if recurrence_after_operation(previous, text, entities) and previous is not None:
        # "Chances the disc goes again after?" after a discectomy: its risks (symptoms that come back).
        return Resolution(previous, focus=RISKS_FIELD)
    if asks_for_alternatives(kb, previous, text, entities) and previous is not None:
        overview = overview_of_alternatives(kb, previous, text)
        if overview is not None:
            # "What else can I do instead of tablets?" after opioids: their alternatives, then the options.
            return Resolution(overview, subject=previous, focus=ALTERNATIVES)
        return Resolution(previous, focus=ALTERNATIVES)
    if doubts_the_study_size(previous, text, entities) and previous is not None:
        # "10 people?! that's it?" after the Orozco pilot: what a study that small can show.
        return Resolution(kb.topics[STUDY_DESIGN_TOPIC], subject=previous)
    condition_read_for = kb.topics.get(last_condition or "")
    nature = condition_nature_asked(previous, condition_read_for, text, entities)
    if nature is not None:
        # "Does it get worse as she grows?" after a brace read for scoliosis: scoliosis.
        return Resolution(nature, focus=focus_of(text))
    healed = condition_course_asked(kb, previous, condition_read_for, text, entities)
    if healed is not None:
        # "How long till it heals?" after heat and cold for a pulled muscle: how long the strain lasts.
        return Resolution(healed)
    if asks_how_long(previous, text, entities) and previous is not None:
        # "How long before it helps?" after injections: how long injections take, not exercise.
        course = aspect_resolution(kb, COURSE_INTENT, previous, None)
        if course is not None:
            return Resolution(course.topic, subject=course.subject, focus=course.focus)
    bare_follow_up = is_bare_follow_up(text, entities, previous is not None, aspect=intent in FOLLOW_UP_INTENTS)
    sized = bare_follow_up and ASPECT_OF_INTENT.get(intent) == SIZE
    studies_asked = (intent == STUDY_DESIGN_INTENT or sized) and THE_STUDIES.search(text.lower()) is not None
    if (
        studies_asked
        and previous is not None
        and previous.family == "stem_cell"
        and not last_subject
        and not JUDGES_THE_STUDY.search(text.lower())
    ):
        return Resolution(previous, detail=True)
    if (intent == STUDY_DESIGN_INTENT or sized) and previous is not None:
        # The subject of the last answer first: "was there a placebo?" after "is that trial approved?"
        # asks about the trial, which the approval answer was about.
        subject = kb.topics.get(last_subject or "")
        study = (_study_behind(kb, subject) if subject is not None else None) or _study_behind(kb, previous)
        if study is not None and intent == STUDY_DESIGN_INTENT and JUDGES_THE_STUDY.search(text.lower()):
            return Resolution(kb.topics[STUDY_DESIGN_TOPIC], subject=study)
        if study is not None:
            return Resolution(study)
    candidates = kb.topics_for_intent(intent)
    if not candidates:
        return None
    topic = _pick(kb, candidates, entities)
    other = one_of_two_asked(kb, topic, text, entities)
    if other is not None:
        # "Either a fusion or a discectomy. What's involved in the fusion one?": the one asked about.
        return Resolution(other)
    treatment = treatment_asked_for_condition(kb, topic, text, entities)
    if treatment is not None:
        # (session 22) "I have hernia disc and pain in leg, which medicine is good": the medicine,
        # read for the condition told first (an operation asked about is the one for it).
        if treatment.id == SURGERY_OVERVIEW:
            return _operation_for(kb, entities, topic) or Resolution(treatment, for_condition=topic)
        return Resolution(treatment, for_condition=topic)
    # (session 22) The condition the last answer was on, or read for when it was on a treatment ("and
    # surgery?" after physio for stenosis asks for the operation for stenosis).
    discussed_condition = None
    if previous is not None and previous.family in ("condition", "treatment"):
        discussed_condition = _condition_discussed(kb, previous, last_condition)
    if (
        topic.id in OPERATIONS
        and discussed_condition is not None
        and previous is not None
        and not leaves_the_treatment_out(previous, text)
    ):
        treatments = [kb.topic_for_entity("treatment", v) for v in entities.get("treatment", ())]
        if treatments and all(t is not None and t.id == SURGERY_OVERVIEW for t in treatments):
            # "The operation for this, is it a good idea?" after scoliosis (surgery named, not one
            # operation): the operation for that condition if it has one, else surgery in general
            # read for it (not a discectomy).
            return _operation_for(kb, entities, discussed_condition) or Resolution(
                kb.topics[SURGERY_OVERVIEW], for_condition=discussed_condition
            )
    own_words_aside = without_overview_words(kb, topic, entities)
    if previous is not None and points_to_the_specific(topic, previous, text, own_words_aside):
        # "Is it bad for the stomach?" after an answer on NSAIDs: that medicine, not medicines in general;
        # "what are the risks of that operation?" after discectomy: that operation's risks.
        return Resolution(previous, focus=focus_of(text))
    ordinary = ordinary_treatment_asked(kb, intent, text, entities, previous)
    if ordinary is not None and previous is not None:
        # "Would a jab help it?" after spinal stenosis, "does it work?" after TENS: that treatment.
        focus = RISKS_FIELD if ASPECT_OF_INTENT.get(intent) == RISKS else BENEFITS_FIELD
        discussed = _condition_discussed(kb, previous, last_condition)
        if ordinary.id == SURGERY_OVERVIEW and discussed is not None:
            # "What's the op called then?" after spinal stenosis: the operation for it, if it has one.
            operation = _operation_for(kb, entities, discussed)
            if operation is not None:
                return operation
        for_condition = condition_pointed_to(ordinary, discussed, text, entities)
        return Resolution(ordinary, focus=focus, for_condition=for_condition)
    if condition_risk_misheard(previous, intent, text, entities) and previous is not None:
        # (session 23) "Walking is good or dangerous?" after osteoporosis: that condition's answer.
        return Resolution(previous)
    tested = therapy_of_the_study(kb, topic, previous)
    if tested is not None and not any(entities.get(e) for e in SUBJECT_ENTITIES):
        # "What kind of cells is that?" after the DiscGenics trial: donor disc cells.
        return Resolution(tested)
    if asks_if_it_is_stem_cells(kb, topic, previous, text, entities) and previous is not None:
        # "It is stem cell or no?" after exosomes: the exosome answer says what they are.
        return Resolution(previous)
    if design_question_misheard(topic, previous, text, entities) and previous is not None:
        # "What did you mean by that?" after sitting posture: that answer, at length; "how would you
        # know if you had it?" after the warning signs: that answer again.
        return Resolution(previous, detail=asks_what_it_meant(text))
    if ordinary_subject_misheard(topic, previous, text, entities) and previous is not None:
        # "My doctor won't order one, why?" after the scan answer: the scan answer, not why
        # specialists doubt cell therapy; "is it on the NHS?" after getting started with exercise:
        # the exercise answer (aspect_resolution), which says how to get physio.
        if ASPECT_OF_INTENT.get(intent) == COST:
            own = aspect_resolution(kb, intent, previous, None, text)
            if own is not None:
                return Resolution(own.topic, focus=focus_of(text))
        return Resolution(previous, focus=focus_of(text))
    named_study = _named_topic(kb, entities, "study")
    if topic.id == TRIALS_TOPIC and named_study is not None and JOINING.search(text.lower()):
        # "How do I get on the Mesoblast trial?": how to join a trial, about that one.
        return Resolution(topic, subject=named_study)
    # "Tell me about the Mesoblast trial": the trial itself, not the therapy in general. But "loads
    # of good reviews say it worked" read as testimonials means a clinic's reviews.
    online_reviews = topic.id == TESTIMONIALS_TOPIC and named_study is not None and named_study.id == REVIEWS_TOPIC
    if topic.family == "stem_cell" and named_study is not None and named_study.family == "study" and not online_reviews:
        topic = named_study
    topic = neighbour_asked(kb, topic, text)
    anchor = (kb.topics.get(last_subject or "") or previous) if previous is not None else None
    if (
        bare_follow_up
        and anchor is not None
        and anchor is not previous
        and asks_for_the_product_study(previous, anchor, intent, text)
    ):
        # (session 23) "Any studies on it?" after the DiscGenics answer: DiscGenics' own trial.
        return Resolution(anchor)
    if bare_follow_up and anchor is not None and stays_on_study(anchor, intent, text):
        # "Did it beat the placebo?" after the Mesoblast trial: that trial, not what the studies found.
        return Resolution(anchor)
    if bare_follow_up and previous is not None and previous.id in PLACE_TOPICS and anchor is not previous:
        # "Is it safe there?" after treatment abroad for cord cells: that answer again, about them.
        own = aspect_resolution(kb, intent, previous, topic, text)
        if own is not None and own.topic is previous:
            return Resolution(previous, subject=anchor)
    if bare_follow_up and anchor is not None:
        aspect = aspect_resolution(kb, intent, anchor, topic, text)
        if aspect is not None:
            return Resolution(aspect.topic, subject=aspect.subject, focus=aspect.focus)
    named_therapy = _named_investigational(kb, entities)
    if (
        topic.id == EVIDENCE_TOPIC
        and named_therapy is not None
        and named_therapy.id in EVIDENCE_ANSWERED_BY_ITSELF
        and len(entities.get("treatment", ())) == 1
    ):
        # (session 23) "Do exosomes work for back pain?": their own answer (no benefit shown, no trial known).
        return Resolution(named_therapy, focus=BENEFITS_FIELD)
    if (
        topic.id in ASPECT_TOPICS
        and named_therapy is not None
        and named_therapy.id not in (topic.id, BASICS_TOPIC, EVIDENCE_TOPIC)
        and named_therapy.id not in ASPECT_TOPICS
    ):
        # (session 20) "How risky is the bone marrow one?", "what does BMAC cost?": the risks or the cost
        # of cell therapy, about the therapy named (so "and medicare?" after it is still about it).
        return Resolution(topic, subject=named_therapy, focus=RISKS_FIELD if topic.id == RISKS_TOPIC else None)
    generic = topic if named_therapy is None else named_therapy
    evidence = evidence_for_earlier_subject(kb, generic, text, previous)
    if evidence is not None and previous is not None:
        # "And what about stem cells for that?" after an answer on a slipped disc.
        # (session 22) after a treatment read for a condition ("would stem cells speed it up?" after
        # exercises for a slipped disc), the condition pointed back to.
        return Resolution(evidence, condition=_condition_in_context(kb, {}, previous, last_condition, text))
    if (
        topic.id == EVIDENCE_TOPIC
        and named_therapy is not None
        and named_therapy.id not in (EVIDENCE_TOPIC, BASICS_TOPIC)
        and previous is not None
        and previous.family in ("study", "stem_cell")
        and _product_study(kb, entities) is None
    ):
        # "So does the bone marrow thing work or not?" after the Pettine study: that therapy's own
        # answer, which gives its studies (a product with a trial of its own gets that trial, below).
        # Asked first ("can the bone marrow jab fix a disc?"), it is the central question: what the
        # human studies found, BMAC's among them.
        return Resolution(named_therapy, condition=_condition_in_context(kb, entities, previous, last_condition, text))
    works = asks_if_it_works(kb, topic, text, condition_named=bool(entities.get("condition")))
    if works is not None:
        # "Can stem cells repair a worn disc?", "would they help my sciatica?": what the studies found;
        # "does BMAC actually work?": that therapy's own answer, which gives its studies.
        # (stem cells in general name the basics topic: not more specific than what the studies found)
        specific = None
        if named_therapy is not None and named_therapy.id not in (topic.id, BASICS_TOPIC):
            specific = named_therapy
        condition = _condition_in_context(kb, entities, previous, last_condition, text)
        return Resolution(specific or works, condition=condition)
    if previous is not None and stays_on_the_topic(topic, previous, text, entities):
        # "Is it serious?" after spondylolisthesis, "can it come back after?" after a discectomy.
        return Resolution(previous, focus=focus_of(text))
    all_options = topic.id == TREATMENT_OVERVIEW and ALL_THE_OPTIONS.search(text.lower()) is not None
    if (
        not topic.investigational
        and topic.family not in ("regulation",)
        and topic.id != STUDY_DESIGN_TOPIC
        and not all_options
    ):
        # "My chiro mentioned BMAC, what is it?", "can stem cells fix sciatica?": the
        # investigational therapy named is what is asked about, and its answer carries the caveat.
        named_therapy = _named_investigational(kb, entities)
        if named_therapy is not None:
            condition = topic if topic.family == "condition" else _condition_in_context(
                kb, entities, previous, last_condition, text
            )
            # "Stem cells for sciatica": stem cells in general asked for a condition is what the studies found.
            works = asks_if_it_works(kb, named_therapy, text, condition_named=condition is not None)
            return Resolution(works or named_therapy, condition=condition)
    if topic.id in OVERVIEW_HANDOVER:
        topic = _handed_over(kb, topic, entities, text)
    if topic.id == SURGERY_OVERVIEW and not without_overview_words(kb, topic, entities).get("treatment"):
        # "Will I need an operation for it?" after a slipped disc: the operation for a slipped disc; a
        # bare "and surgery?" after physio for stenosis: the operation for stenosis.
        pointed = condition_pointed_to(topic, discussed_condition, text, entities)
        operation = _operation_for(kb, entities, pointed or previous)
        if operation is not None:
            return operation
    if topic.id == STATUS_TOPIC or (
        topic.id == APPROVED_LIST_TOPIC
        and bare_follow_up
        and _investigational(anchor)
        and not asks_for_the_approved_list(text)
    ):
        # "Is this product approved now?" after a trial of it: its status, not the list of what is approved.
        return _status_resolution(kb, kb.topics[STATUS_TOPIC], entities, anchor)
    carried = subject_carried_to_place(topic, previous, text, entities)
    if carried is not None:
        return Resolution(topic, subject=carried)
    condition = None
    if topic.family in CONDITION_CONTEXT_FAMILIES:
        condition = _condition_in_context(kb, entities, previous, last_condition, text)
    for_condition = condition_pointed_to(topic, _condition_discussed(kb, previous, last_condition), text, entities)
    named = _named_topic(kb, entities, "condition")
    if for_condition is None and topic.family == "treatment" and named is not None and named.id != topic.id:
        # "And the shots in the back, do those help stenosis?": injections, read for stenosis.
        for_condition = named
    return Resolution(topic, condition=condition, for_condition=for_condition)


def _handed_over(kb: KnowledgeBase, overview: Topic, entities: Mapping[str, Sequence[str]], text: str) -> Topic:
    """The one topic an overview question names ("is ibuprofen any good?"), else the overview.

    The treatments overview stays when the question names several treatments ("the doctor gave
    injections and pills, here they say physio: what treatments are there?"), asks beyond the
    one named ("what options are there apart from tablets?") or asks for the whole range ("in
    Poland we get massage; what treatments do they give here?").
    """
    kind = OVERVIEW_HANDOVER[overview.id]
    named = [t for t in (kb.topic_for_entity(kind, v) for v in entities.get(kind, ())) if t is not None]
    if not named:
        return overview
    several = len({t.id for t in named}) > 1
    if overview.id == TREATMENT_OVERVIEW and (
        several or BEYOND_THE_NAMED.search(text.lower()) or ALL_THE_OPTIONS.search(text.lower())
    ):
        return overview
    if overview.id == MEDICINES_OVERVIEW and several:
        # (session 22) "ibuprofen or paracetamol for my back, which is better": the medicines answer
        # weighs them together.
        return overview
    return named[0]


def _specific_made_for(
    kb: KnowledgeBase, previous: Topic | None, entities: Mapping[str, Sequence[str]], text: str
) -> Topic | None:
    """The one topic under the overview just answered that is used for the condition asked about."""
    if previous is None or previous.id not in SPECIFIC_TOPICS or not WHICH_ONE.search(text.lower()):
        return None
    condition = _named_topic(kb, entities, "condition")
    if condition is None:
        return None
    made_for = kb.used_for(_condition_value(kb, condition), SPECIFIC_TOPICS[previous.id])
    return made_for[0] if len(made_for) == 1 else None


def _condition_value(kb: KnowledgeBase, condition: Topic) -> str:
    """The lexicon value that names a condition topic.

    Its first condition entity, else that of the related condition it is a part of (how long
    sciatica lasts is about sciatica: "will surgery fix it faster?" asks for sciatica's
    operation), else its id.
    """
    values = condition.entities.get("condition") or ()
    if values:
        return values[0]
    for related in condition.related:
        whole = kb.topics.get(related)
        if whole is not None and condition.id.startswith(f"{whole.id}_") and whole.entities.get("condition"):
            return whole.entities["condition"][0]
    return condition.id


def _operation_for(
    kb: KnowledgeBase, entities: Mapping[str, Sequence[str]], previous: Topic | None
) -> Resolution | None:
    """"Will I need surgery for it?" after a slipped disc: the operation for that condition, if it has one."""
    asked_for = _named_topic(kb, entities, "condition")
    if asked_for is None and previous is not None and previous.family == "condition":
        asked_for = previous
    # The operation made for that condition (its topic's `used_for`): a slipped disc, sciatica or a
    # narrow canal has one (discectomy and decompression share a topic).
    if asked_for is None:
        return None
    operations = kb.used_for(_condition_value(kb, asked_for), OPERATIONS)
    if len(operations) != 1:
        return None
    operation = operations[0]
    # (session 21) The "for <condition>" line for a slipped disc too: the operation's own answer does not
    # name it, and "risks?" after it already carried the line (the condition is remembered).
    return Resolution(operation, for_condition=asked_for)


def _pick(kb: KnowledgeBase, candidates: list[Topic], entities: Mapping[str, Sequence[str]]) -> Topic:
    # Study topics share an intent with their summary topic and are chosen by the study named.
    for topic in candidates:
        if topic.family == "study" and _mentions(topic, entities):
            return topic
    generic = [topic for topic in candidates if topic.family != "study"]
    return (generic or candidates)[0]


def _mentions(topic: Topic, entities: Mapping[str, Sequence[str]]) -> bool:
    return any(value in entities.get(name, ()) for name, values in topic.entities.items() for value in values)


def _study_behind(kb: KnowledgeBase, previous: Topic) -> Topic | None:
    """The study a design question after `previous` is about: itself, or the first study it relates to."""
    if previous.family == "study":
        return previous
    if previous.family != "stem_cell":
        return None
    studies = [kb.topics[t] for t in previous.related if t in kb.topics and kb.topics[t].family == "study"]
    return studies[0] if studies else None


def _investigational(topic: Topic | None) -> bool:
    return topic is not None and topic.investigational and topic.family in ("stem_cell", "study")


def _named_investigational(kb: KnowledgeBase, entities: Mapping[str, Sequence[str]]) -> Topic | None:
    for value in entities.get("treatment", ()):
        topic = kb.topic_for_entity("treatment", value)
        if topic is not None and topic.investigational:
            return topic
    return None


def _condition_in_context(
    kb: KnowledgeBase,
    entities: Mapping[str, Sequence[str]],
    previous: Topic | None,
    last_condition: str | None,
    text: str,
) -> Topic | None:
    """The condition a question on cell therapy is asked for: named, the last answer's, or pointed back to.

    "Can stem cells fix mine?" right after a slipped disc, or "would they help it?" later on.
    """
    named = _named_topic(kb, entities, "condition")
    if named is not None:
        return named
    if previous is not None and previous.family == "condition":
        return previous
    discussed = kb.topics.get(last_condition or "")
    if discussed is not None and STAY_POINTERS.intersection(WORD.findall(text.lower())):
        return discussed
    return None


def _named_topic(kb: KnowledgeBase, entities: Mapping[str, Sequence[str]], entity: str) -> Topic | None:
    for value in entities.get(entity, ()):
        topic = kb.topic_for_entity(entity, value)
        if topic is not None:
            return topic
    return None


def _status_resolution(
    kb: KnowledgeBase,
    status_topic: Topic,
    entities: Mapping[str, Sequence[str]],
    previous: Topic | None,
) -> Resolution:
    subject = _named_topic(kb, entities, "treatment")
    if (
        subject is None
        and previous is not None
        and previous.regulatory
        and previous.family != "condition"  # "is it approved?" after a condition asks about treatments
        and previous.id != status_topic.id
    ):
        subject = previous
    if subject is not None and subject.regulatory and not subject.investigational:
        # "Is surgery approved?" is answered about surgery, not about stem cells.
        return Resolution(subject, subject=subject)
    return Resolution(status_topic, subject=subject)
