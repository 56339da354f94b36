"""Follow-ups that point back: "is it safe?", "how long does it last?", "how many people were in it?".

The classifier says what a message asks (its intent: the aspect); when the message names no
subject and points back (a pronoun, or only a few words), the subject is the one the last answer
was about. `aspect_resolution` then picks the answer for that aspect of that subject: the risks
of a medicine are in the medicine's own topic, the risks of a cell therapy in the cell-therapy
risks topic with the therapy named, the course of sciatica in the sciatica-course topic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.model import Topic
from bot.understanding.asked_question import SENTENCE_END

# Words that point back to what was just discussed.
POINTERS = frozenset((
    "it", "its", "it's", "itself", "that", "that's", "this", "they", "them", "their", "those", "these",
    "there", "one", "ones", "op", "operation", "tablets", "pills", "injection", "jab", "study", "trial",
    # "how long before I notice a difference?", "what's the recovery like?": the effect of what was discussed
    "recovery", "recover", "notice", "sooner", "results", "improvement",
))
# A message this short names its aspect only ("side effects?", "what's the success rate").
SHORT_MESSAGE_WORDS = 4
# A question the classifier reads as one aspect of a subject ("what are the side effects",
# "how long before I see a difference") that names no subject asks about the last one when it is
# this short, even without "it" or "that".
ASPECT_MESSAGE_WORDS = 8
# ... unless it names back pain itself ("how long does back pain usually last?" asks in general).
GENERAL_SUBJECT_WORDS = frozenset(("back", "backs", "backache", "pain", "spine"))
# (session 22) "back" as part of a treatment's name ("a back brace", "back exercises") is not back pain itself.
BACK_IN_A_NAME = re.compile(
    r"\bback(?= (?:brace|braces|belt|belts|support|supports|corset|corsets|stretch|stretches|stretching|exercise|"
    r"exercises|massage|rub|cracker|crackers)\b)"
)
WORD = re.compile(r"[a-z']+")


def says_briefly(text: str, pattern: re.Pattern[str], max_words: int) -> bool:
    """Whether a message of at most max_words words (letters and apostrophes) says what pattern finds."""
    words = WORD.findall(text.lower())
    return len(words) <= max_words and pattern.search(" ".join(words)) is not None

# What each aspect intent asks about the subject.
RISKS, COURSE, EVIDENCE, SIZE, COST, MECHANISM, ACCESS = (
    "risks", "course", "evidence", "size", "cost", "mechanism", "access",
)
# The balance fields of a treatment's answer that a follow-up may lead with.
RISKS_FIELD, BENEFITS_FIELD = "risks", "benefits"
ASPECT_OF_INTENT = {
    "ask_stem_cell_risks": RISKS,
    "ask_acute_chronic": COURSE,
    "ask_sciatica_course": COURSE,
    "ask_stem_cell_evidence": EVIDENCE,
    "ask_back_pain_prevalence": SIZE,
    "ask_stem_cell_cost": COST,
    "ask_stem_cell_mechanism": MECHANISM,
    "ask_clinical_trials": ACCESS,
}
# The intent that asks how long something takes or lasts.
COURSE_INTENT = "ask_acute_chronic"
# Intents that ask one aspect of a subject named earlier: these may answer an unsure follow-up.
FOLLOW_UP_INTENTS = frozenset((*ASPECT_OF_INTENT, "ask_fda_status", "ask_study_design"))
# Entities that name what a message is about (a message naming one is not a bare follow-up).
SUBJECT_ENTITIES = ("condition", "treatment", "study", "topic")
# Medicine topics: "how much?" after one of them asks for a dose, which the bot never gives.
MEDICINE_TOPICS = frozenset((
    "medicines", "opioids", "muscle_relaxants", "antidepressants_for_pain", "gabapentinoids", "paracetamol",
    "nsaid_stomach",
))
MEDICINES_OVERVIEW = "medicines"
TREATMENT_OVERVIEW = "treatment_overview"
SURGERY_OVERVIEW = "surgery"
OPERATIONS = frozenset(("discectomy", "spinal_fusion"))
# Overview topics and the specific topics under them: a question read as the overview that points
# back to the specific one just discussed stays on it ("is it bad for the stomach?" after NSAIDs,
# "how successful is that operation?" after discectomy).
SPECIFIC_TOPICS = {
    MEDICINES_OVERVIEW: MEDICINE_TOPICS - {MEDICINES_OVERVIEW},
    SURGERY_OVERVIEW: OPERATIONS,
}
# "Is it bad for the stomach?", "is that one addictive?": the one medicine just discussed.
ONE_THING_POINTERS = frozenset(("it", "it's", "its", "that", "this", "one"))


# "Does it cause back pain later on?" after scoliosis: read as the causes overview, it asks about
# the condition just discussed.
CAUSES_OVERVIEW = "back_pain_causes"


def points_to_the_specific(
    topic: Topic, previous: Topic, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a question read as an overview points back to the specific topic just discussed under it.

    `entities` should not hold the overview's own words ("that operation" names surgery in general).
    """
    words = WORD.findall(text.lower())
    if topic.id == CAUSES_OVERVIEW:
        # any condition is specific under the causes overview, for a short question naming none
        under = previous.family == "condition" and not entities.get("condition") and len(words) <= ASPECT_MESSAGE_WORDS
    else:
        under = previous.id in SPECIFIC_TOPICS.get(topic.id, ()) and not entities.get("treatment")
    return under and bool(ONE_THING_POINTERS.intersection(words))


def without_overview_words(
    kb: KnowledgeBase, topic: Topic, entities: Mapping[str, Sequence[str]]
) -> Mapping[str, Sequence[str]]:
    """The entities less the treatment words that name `topic` itself ("operation", "surgery" for surgery).

    "How successful is that operation?" names the overview, not another treatment: it can still
    point back to the operation just discussed.
    """
    values = entities.get("treatment") or ()
    own = [v for v in values if kb.topic_for_entity("treatment", v) is topic]
    if not own:
        return entities
    return {**entities, "treatment": [v for v in values if v not in own]}


# Words that say which part of a treatment's answer a question wants ("the risks of that op").
RISK_WORDS = re.compile(
    r"\b(?:risks?|risky|dangers?|dangerous|safe|safety|side effects?|complications?|go wrong|goes wrong|"
    r"addictive|addiction|harm|harmful)\b"
)
BENEFIT_WORDS = re.compile(r"\b(?:success|successful|work|works|worth it|help|helps|effective|results?)\b")


def focus_of(text: str) -> str | None:
    """The balance field a question on a treatment leads with: its risks, its benefits or None."""
    lowered = text.lower()
    if RISK_WORDS.search(lowered):
        return RISKS_FIELD
    return BENEFITS_FIELD if BENEFIT_WORDS.search(lowered) else None


# "Can stem cells fix that?" after a condition or an ordinary treatment asks what the studies found.
GENERIC_THERAPY_TOPICS = ("stem_cell_basics", "stem_cell_mechanism")
EVIDENCE_TOPIC = "stem_cell_human_studies"
BACK_TO_SUBJECT = frozenset(("it", "that", "this", "instead", "there"))
# The balance field of a treatment topic that answers an aspect of that treatment.
BALANCE_OF_ASPECT = {RISKS: RISKS_FIELD, EVIDENCE: BENEFITS_FIELD}
# Where "how long does it take?" is answered for a subject: how long sciatica lasts; how soon
# exercise helps (the getting-started topic); how long back pain lasts while staying active.
COURSE_TOPIC = {
    "sciatica": "sciatica_course", "exercise_physio": "exercise_getting_started", "staying_active": "acute_vs_chronic",
}
# The treatment whose course topic a topic is ("exercise_getting_started" is exercise's course).
TREATMENT_OF_COURSE = {course: treatment for treatment, course in COURSE_TOPIC.items()}
# Aspects of a cell therapy answered by the general topic, with the therapy named.
THERAPY_ASPECTS = (RISKS, EVIDENCE, COST, MECHANISM, ACCESS)
# Topics whose own answer is about the risks of where or from whom treatment is bought: "is it
# safe there?" after treatment abroad is that answer, not the risks of cell therapy in general.
# A risks question that names no place or seller ("what are the risks?", "is it safe tho?") asks
# about the treatment itself: the risks of cell therapy, with that topic as the subject.
RISKS_ANSWERED_BY_ITSELF = frozenset(("treatment_abroad", "unapproved_clinics"))
# (session 23) "Do they work for backs?" after exosomes: their own answer says no benefit has been
# shown and no trial is known; what the human studies of stem cells found says nothing of them.
EVIDENCE_ANSWERED_BY_ITSELF = frozenset(("exosomes",))
# The places patients name for treatment abroad ("is the caymans safer?", "what about Spain?").
PLACE_NAMES = (
    r"mexico|tijuana|cancun|panama|colombia|bogota|medellin|costa rica|caymans?|cayman islands|bahamas|"
    r"antigua|barbados|jamaica|dominican republic|cuba|brazil|argentina|peru|ecuador|chile|"
    r"thailand|bangkok|india|delhi|mumbai|turkey|istanbul|germany|ukraine|kyiv|russia|china|hong kong|taiwan|japan|"
    r"korea|seoul|vietnam|philippines|malaysia|singapore|dubai|abu dhabi|uae|qatar|saudi|israel|egypt|"
    r"cyprus|spain|madrid|barcelona|marbella|portugal|lisbon|italy|greece|switzerland|austria|czech republic|"
    r"prague|hungary|budapest|poland|lithuania|latvia|estonia|serbia|belgrade|croatia|bulgaria|romania|"
    r"europe|the eu|the continent|south africa|kenya|nigeria|ghana|australia|new zealand|canada|"
    r"the uk|england|london|ireland|scotland|the us|the states|america|usa"
)
PLACE_OR_SELLER_WORDS = re.compile(
    r"\b(?:there|abroad|overseas|country|countries|clinic|clinics|place|places|travel|travelling|traveling|"
    r"trip|fly|flying|hospital|hospitals|doctors there|them|they|those|" + PLACE_NAMES + r")\b"
)


# Where and from whom a therapy is bought: "is it ok to go over there for it?" after an answer on
# cord blood cells is the treatment-abroad answer about those cells, so a later "how much?" is
# still about them.
PLACE_TOPICS = frozenset(("treatment_abroad", "unapproved_clinics"))


def subject_carried_to_place(
    topic: Topic, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The cell therapy just discussed, when a question on where to get it points back to it."""
    if topic.id not in PLACE_TOPICS or previous is None or previous.id == topic.id:
        return None
    if not previous.investigational or previous.family not in ("stem_cell", "study"):
        return None
    if previous.id in ASPECT_TOPICS:
        return None  # (session 21) "cheaper in Mexico?" after the cost: an aspect is never the subject
    if entities.get("treatment") or entities.get("study"):
        return None
    return previous if BACK_TO_SUBJECT.intersection(WORD.findall(text.lower())) else None


@dataclass(frozen=True)
class AspectAnswer:
    """The topic that answers, the subject it is about, and the balance field to lead with."""

    topic: Topic
    subject: Topic | None = None
    focus: str | None = None


def points_back(text: str, aspect: bool = False) -> bool:
    """Whether a message leans on the previous answer for its subject (`aspect`: it asks an aspect)."""
    words = WORD.findall(text.lower())
    short = SHORT_MESSAGE_WORDS
    if aspect and not GENERAL_SUBJECT_WORDS.intersection(words):
        short = ASPECT_MESSAGE_WORDS
    return bool(words) and (len(words) <= short or any(w in POINTERS for w in words))


def is_bare_follow_up(
    text: str, entities: Mapping[str, Sequence[str]], after_an_answer: bool, aspect: bool = False
) -> bool:
    """A message that names no subject and points back to the last answer's.

    `aspect`: the classifier read the message as an aspect of a subject (FOLLOW_UP_INTENTS).
    """
    return after_an_answer and points_back(text, aspect) and not any(entities.get(e) for e in SUBJECT_ENTITIES)


def aspect_resolution(
    kb: KnowledgeBase, intent: str, subject: Topic, default: Topic | None, text: str = ""
) -> AspectAnswer | None:
    """The answer for the aspect `intent` asks about `subject`; None: answer as usual."""
    aspect = ASPECT_OF_INTENT.get(intent)
    if aspect is None:
        return None
    if aspect == RISKS and subject.id in RISKS_ANSWERED_BY_ITSELF and PLACE_OR_SELLER_WORDS.search(text.lower()):
        return AspectAnswer(subject)
    if aspect == EVIDENCE and subject.id in EVIDENCE_ANSWERED_BY_ITSELF:
        return AspectAnswer(subject, focus=BENEFITS_FIELD)
    if subject.investigational and subject.family in ("stem_cell", "study", "regulation"):
        if aspect in THERAPY_ASPECTS and default is not None and default.id != subject.id:
            # (session 20) one aspect after another ("and medicare?" after the risks) is about no
            # therapy in particular: "You asked about risks and safety" would name an aspect, not a subject
            kept = None if subject.id in ASPECT_TOPICS else subject
            return AspectAnswer(default, subject=kept, focus=BALANCE_OF_ASPECT.get(aspect))
        return None
    if aspect == COST and subject.family == "treatment":
        # "Can you get it on the NHS?", "does insurance cover it?" after an ordinary treatment: that
        # treatment's own answer, not what cell therapy costs (a medicine's "how much?" asks a dose
        # and never gets here: asks_a_dose). After the answer on how to get started with exercise,
        # the treatment it belongs to (exercise and physiotherapy, which says how to get physio).
        return AspectAnswer(kb.topics.get(TREATMENT_OF_COURSE.get(subject.id, ""), subject))
    if aspect == COURSE and subject.family in ("condition", "treatment"):
        return AspectAnswer(kb.topics.get(COURSE_TOPIC.get(subject.id, ""), subject))
    balance = BALANCE_OF_ASPECT.get(aspect)
    if balance and subject.family == "treatment" and subject.balance.get(balance):
        return AspectAnswer(subject, focus=balance)
    return None


# "Did it beat the placebo?", "was that one in people?" right after an answer on one study: that
# study's own answer (it gives its size, design and findings), not the summary topic that shares
# its intent. Not a question that reaches beyond it ("any other studies?", "what do the reviews say?").
BEYOND_ONE_STUDY = re.compile(
    r"\b(?:other|others|else|reviews?|studies|trials|overall|in general|"
    # (session 19) "any bigger ones since?", "newer ones?": more studies than this one
    r"(?:bigger|larger|newer|later|more recent|better|proper) ones?)\b|"
    # (session 19) "what about in people?", "mice. great. anything in humans", "n ppl?": after a
    # study, evidence in people beyond it (not "was it in humans?", which the study's answer tells)
    r"^(?:(?:ok|okay|so|and|but|right|fine|great|mice|mouse|rats|animals|hmm)\s+)*(?:what about|how about|and|"
    r"anything|any|n|(?:has|have) (?:it|this|that|they|those) been (?:tried|tested|done|used)|"
    r"(?:ever )?(?:tried|tested|done))"
    r"\b(?:\s+\w+){0,3}?\s+(?:in|on|with) (?:real |actual |living )?(?:humans?|people|ppl|patients|persons)\b|"
    # (session 20) "so does that mean it works in humans?", "ok but does it help people?": whether the
    # therapy works in people, which one study (of mice, or of ten people) cannot tell
    r"\b(?:work|works|working|worked|help|helps|helped|effective|successful)(?:\s+\w+){0,2}?\s+(?:in|on|for) "
    r"(?:real |actual |living )?(?:humans?|people|ppl|patients|persons)\b"
)


# "Was that in humans?", "was it only mice?": who or what one study was done on is in its own answer,
# whatever intent the classifier heard in "humans" (what the human studies found).
STUDIED_ON = re.compile(
    r"\b(?:in|on|with|using|to) (?:real |actual |living |live )?(?:humans?|people|persons|animals?|mice|mouse|rats?|"
    r"dogs?|sheep|goats?|pigs?|rabbits?|the lab|a lab|a dish|petri dishes?|test tubes?|cells only)\b"
)


def stays_on_study(subject: Topic, intent: str, text: str) -> bool:
    """Whether a bare follow-up after an answer on one study asks about that study again."""
    said = " ".join(WORD.findall(text.lower()))
    if subject.family != "study" or (intent not in subject.intents and STUDIED_ON.search(said) is None):
        return False
    return BEYOND_ONE_STUDY.search(said) is None


# (session 23) "Any studies on it?", "how big was the trial?", "study?" right after the answer on a
# therapy asked by a product's name (DiscGenics, Mesoblast): that product's own trial, kept in mind
# as the subject. Not "any other studies?", "what do the reviews say?" or "overall".
PRODUCT_STUDY_ASKED = re.compile(
    r"\b(?:study|studies|trial|trials|research|evidence|results|data|paper|published|tested|"
    r"how (?:many|big|large|long)|ppl|people|patients|placebo|control group)\b"
)
BEYOND_THE_PRODUCT = re.compile(r"\b(?:other|others|else|reviews?|overall|in general|all the|every|any other)\b")


def asks_for_the_product_study(previous: Topic | None, subject: Topic | None, intent: str, text: str) -> bool:
    """Whether a bare follow-up after a therapy asked by a product's name asks about that product's trial."""
    if previous is None or subject is None or previous.family != "stem_cell" or subject.family != "study":
        return False
    said = " ".join(WORD.findall(text.lower()))
    if BEYOND_THE_PRODUCT.search(said):
        return False
    aspect = ASPECT_OF_INTENT.get(intent)
    return aspect in (EVIDENCE, SIZE) or intent == "ask_study_design" or PRODUCT_STUDY_ASKED.search(said) is not None


# (session 23) "Red flags?", "what should worry me?", "how do I spot a dodgy one?" right after an answer on
# a clinic's claims or on clinics abroad: the signs of a clinic to avoid, not the warning signs of back pain.
CLINIC_ANSWERS = frozenset((
    "check_clinic_claim", "fda_registered_claims", "testimonials", "treatment_abroad", "stem_cell_cost",
    "unapproved_clinics",
))
CLINIC_SIGNS_TOPIC = "unapproved_clinics"
CLINIC_SIGNS_ASKED = re.compile(
    r"\b(?:red flags?|warning signs?|(?:what|which) (?:signs|things|answers|stuff) (?:should|to|would|do i)|"
    r"(?:worry|worried|concern) me|look (?:out )?for|watch (?:out )?for|spot (?:a|the|them|one)|"
    r"(?:dodgy|bad|fake|shady|dangerous|rogue|cowboy) (?:ones?|clinics?|places?))\b"
)
CLINIC_SIGNS_MAX_WORDS = 10


def clinic_signs_asked(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short follow-up after a clinic's claims asks for the signs of a clinic to avoid."""
    if previous is None or previous.id not in CLINIC_ANSWERS or entities.get("condition"):
        return False
    return says_briefly(text, CLINIC_SIGNS_ASKED, CLINIC_SIGNS_MAX_WORDS)


# (session 23) "Which one is better then?", "what's best?" right after an answer on one medicine names
# no medicine: it weighs that medicine against the others (the medicines overview compares them).
WHICH_IS_BETTER = re.compile(
    r"^(?:(?:ok|okay|so|and|but|right|then|well|hmm)\s+)*(?:which|what|wich|wat)(?:\s+(?:one|ones|1))?"
    r"(?:\s+(?:is|s|would be|will be|works|work|should (?:i|he|she) (?:take|use|have)))?\s+"
    r"(?:better|best|the best|the better one|safer|safest|stronger|gentler|easier on (?:the|my) stomach)"
    r"(?:\s+(?:then|for me|for (?:him|her|them)|of them|of the two|overall|in the end))*$"
)


def which_medicine_is_better(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a bare "which one is better?" after an answer on one medicine asks to weigh the medicines."""
    if previous is None or previous.id not in MEDICINE_TOPICS or previous.id == MEDICINES_OVERVIEW:
        return False
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    return WHICH_IS_BETTER.match(" ".join(WORD.findall(text.lower())).replace("'", " ")) is not None


# "What about the VA?", "and Medicare?" right after the cost answer: who pays is still the cost
# answer, about the same subject, whatever the classifier heard in the name of a payer.
COST_TOPIC = "stem_cell_cost"
PAYER_WORDS = re.compile(
    r"\b(?:va|v a|veterans affairs|vet benefits|tricare|medicare|medicaid|obamacare|nhs|insurance|insurer|insurers|"
    r"ohip|blue cross|aetna|kaiser|bupa|axa|cigna|humana|united healthcare|unitedhealthcare|workers comp|"
    r"workmans comp|private health|health fund|medical aid|hsa|fsa|my employer|my plan)\b"
)
PAYER_MAX_WORDS = 10


def asks_who_pays(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short message right after the cost answer asks about one payer ("what about the VA?")."""
    if previous is None or previous.id != COST_TOPIC or any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    return says_briefly(text, PAYER_WORDS, PAYER_MAX_WORDS)


# "What about for my mum, she's 83?", "is that ok for my husband too?" right after an ordinary
# answer: the same answer, read for someone else (the clinician prompt covers who it suits).
RELATIVES = (
    r"mum|mom|mam|mother|mama|dad|father|papa|nan|nana|gran|granny|grandma|grandad|grandpa|grandmother|"
    r"grandfather|wife|husband|hubby|missus|partner|son|daughter|kid|kids|child|children|boy|girl|sister|"
    r"brother|aunt|auntie|uncle|friend|mate|boyfriend|girlfriend|fiance|fiancee|parents?|in laws?|neighbour|neighbor"
)
# A group asked about the same way: "in kids?", "what about for older people?", "and in pregnancy?"
GROUPS = (
    r"kids|children|teenagers|teens|young people|older people|old people|the elderly|elderly people|pensioners|"
    r"women|men|pregnant women|pregnancy|athletes|runners|office workers|manual workers"
)
FOR_SOMEONE_ELSE = re.compile(
    rf"^(?:and |so |ok |okay |right |also )?(?:(?:(?:what|how) about (?:for |with )?|for |(?:is|would|will) "
    rf"(?:it|that|this|they|those) (?:be )?(?:ok|okay|safe|alright|fine|good|the same) (?:for|with) )"
    rf"(?:my|our|her|his|their) (?:(?:old|elderly|poor|little|teenage|pregnant) )?(?:{RELATIVES})\b|"
    rf"(?:(?:what|how) about |is it (?:the same|different) )?(?:in|for|with|among) (?:{GROUPS})(?: too| as well)?$)"
)
SOMEONE_ELSE_FAMILIES = frozenset(("condition", "treatment", "general"))
# Whether an operation, an injection or a medicine suits someone is for their clinician: "what
# about for my mum, she's 80?" after spinal fusion gets the reply on who can have a treatment.
FOR_THEIR_CLINICIAN = frozenset(("discectomy", "spinal_fusion", "surgery", "injections")) | MEDICINE_TOPICS


def asks_for_someone_else(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a message asks the last ordinary answer again for a relative ("what about for my mum?")."""
    if previous is None or previous.family not in SOMEONE_ELSE_FAMILIES or previous.investigational:
        return False
    if previous.id in FOR_THEIR_CLINICIAN:
        return False
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    return FOR_SOMEONE_ELSE.search(" ".join(WORD.findall(text.lower()))) is not None


# "How often?", "how many sessions do people need?" right after an answer on exercise, physio or
# another self-care topic: how often to do it is in that answer (not a medicine dose, which the
# limits reply declines; not an operation or an injection, which are for the clinician).
HOW_OFTEN = re.compile(
    r"\bhow (?:often|regularly|many times|many (?:sessions|sets|reps|minutes|days|weeks|classes|times a week)|"
    r"much (?:exercise|walking|time|of it))\b"
)
HOW_OFTEN_MAX_WORDS = 10


def asks_how_often(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short message right after a self-care answer asks how often to do it."""
    if previous is None or previous.family not in ("treatment", "general") or previous.investigational:
        return False
    if previous.id in FOR_THEIR_CLINICIAN or any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    words = WORD.findall(text.lower())
    return len(words) <= HOW_OFTEN_MAX_WORDS and HOW_OFTEN.search(" ".join(words)) is not None


def asks_the_same_again(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a message asks the last ordinary answer again: for someone else, or how often."""
    return asks_for_someone_else(previous, text, entities) or asks_how_often(previous, text, entities)


# "Is it serious?", "does it heal?", "can it come back?", "does it get worse with age?" right
# after an answer on a condition or an ordinary treatment: that topic again, whatever the
# classifier heard in "serious" (warning signs) or "worse" (a flare).
NATURE_WORDS = re.compile(
    r"\b(?:serious|dangerous|bad|worse|worsen|worsens|worsening|heal|heals|healing|go away|goes away|get better|"
    r"gets better|come back|comes back|coming back|recur|recurs|last|lasts|permanent|forever|curable|cure|cured|"
    r"normal|common|hereditary|genetic|inherited|run in|age|older|progress|progresses|spread|spreads|grow|"
    r"growing|strain|wear out|work|works|worked|help|helps|long|take|happen|happens|happened|caused|"
    r"more likely|likelier|women|men)\b"
)
STAY_POINTERS = frozenset(("it", "its", "that", "this", "they", "them", "those", "these", "mine", "hers", "his", "one"))
# "Will it heal without an operation?": the treatment named only to be left out is not the subject.
WITHOUT_TREATMENT = re.compile(
    r"\b(?:without|with no|no need for|avoid|avoiding|instead of) (?:an? |the |any |having |having an? )?"
    r"(?:operation|op|surgery|surgeries|operating|injections?|jabs?|tablets|pills|meds|medicines?|medication)\b"
)
# Words of a topic's title that do not name it ("is stress making it worse?" names stress and mood).
TITLE_FILLERS = frozenset((
    "a", "an", "and", "the", "of", "for", "to", "in", "on", "with", "or", "your", "you", "it", "what", "how", "is",
    "are", "when", "back", "pain", "low", "lower", "spine", "spinal",
))
STAY_MAX_WORDS = 14
# A topic the classifier may reach for that is not the treatment a question names.
OVERVIEW_TOPICS = frozenset((MEDICINES_OVERVIEW, SURGERY_OVERVIEW, "treatment_overview", CAUSES_OVERVIEW))


def stays_on_the_topic(
    topic: Topic | None, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a short question that points back asks about the condition or treatment just discussed.

    Only when the classifier reached for something other than a treatment and the question names no
    subject, so "is heat good for it?" after sciatica still gets heat and cold.
    """
    if previous is None or previous.family not in ("condition", "treatment") or previous.investigational:
        return False
    words = WORD.findall(text.lower())
    said = " ".join(words)
    left_out = leaves_the_treatment_out(previous, text)
    if any(entities.get(e) for e in SUBJECT_ENTITIES if not (left_out and e == "treatment")):
        return False
    if topic is not None and not left_out and (topic.id == previous.id or (
        topic.family == "treatment" and topic.id not in OVERVIEW_TOPICS
    )):
        return False
    if len(words) > STAY_MAX_WORDS or not STAY_POINTERS.intersection(words):
        return False
    if not left_out and (CELL_THERAPY_WORDS.search(said) or INJECTION_WORDS.search(said)):
        return False  # "would a jab help it?", "would stem cells help it?": that treatment
    if topic is not None and _names_the_topic(topic, words):
        return False  # the question names the topic the classifier chose ("can stress make it worse?")
    return NATURE_WORDS.search(said) is not None


def leaves_the_treatment_out(previous: Topic | None, text: str) -> bool:
    """Whether a question on the condition just discussed names a treatment only to leave it out.

    "Will it heal without an operation?" after a slipped disc asks about the slipped disc.
    """
    if previous is None or previous.family != "condition":
        return False
    return WITHOUT_TREATMENT.search(" ".join(WORD.findall(text.lower()))) is not None


def _names_the_topic(topic: Topic, words: Sequence[str]) -> bool:
    """Whether a message uses a word of the topic's title that names it (not "common" of "how common")."""
    named = (set(WORD.findall(topic.title.lower())) - TITLE_FILLERS).intersection(words)
    return any(NATURE_WORDS.fullmatch(word) is None for word in named)


# "What's the recovery like?", "how long off work?" right after an answer on an operation: that
# operation's recovery (a `more` line of its topic that starts "Recovery:"), whatever aspect the
# classifier heard in it.
OPERATION_TOPICS = OPERATIONS | {SURGERY_OVERVIEW}
RECOVERY_WORDS = re.compile(
    r"\b(?:recovery|recover|recovering|recuperation|rehab|convalescence|healing|heal|off work|back to work|"
    r"return to work|time off|in hospital|hospital stay|go home)\b"
)
RECOVERY = "recovery"


def asks_about_recovery(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a message asks how recovery goes after the operation just discussed."""
    if previous is None or previous.id not in OPERATION_TOPICS or entities.get("treatment"):
        return False
    return RECOVERY_WORDS.search(" ".join(WORD.findall(text.lower()))) is not None


# "How long before it helps?", "how soon will I notice it working?" right after an answer on an
# ordinary treatment: how long that treatment takes (its course), whatever topic the classifier
# heard in it (the exercise getting-started answer, which owns most "how long before ..." examples).
TIME_WORDS = re.compile(
    r"\bhow (?:long|soon|quickly|fast|many (?:weeks|days|months|sessions))\b|"
    r"\bwhen (?:will|would|should|do|does|can) (?:i|it|you|they|we|he|she) (?:notice|feel|see|start|get|kick)\b"
)
COURSE_MAX_WORDS = 12


def asks_how_long(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short message asks how long the ordinary treatment just discussed takes or lasts."""
    if previous is None or previous.family != "treatment" or any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    words = WORD.findall(text.lower())
    if len(words) > COURSE_MAX_WORDS or GENERAL_SUBJECT_WORDS.intersection(words):
        return False
    return bool(POINTERS.intersection(words)) and TIME_WORDS.search(" ".join(words)) is not None


# "What are the alternatives to that?", "any other options?", "what else can I do besides pills?"
# right after an answer on a treatment: the alternatives part of that treatment's own answer.
ALTERNATIVES = "alternatives"
ALTERNATIVE_WORDS = re.compile(
    r"\balternatives?\b|\bother (?:options?|choices|ways|treatments?|things)\b|\banything else\b|\bwhat else\b|"
    r"\binstead of (?:it|that|this|them|those|surgery|an? (?:op|operation))\b|\bbesides (?:it|that|this)\b|"
    r"\b(?:besides|apart from|other than|instead of|without|except) (?:the )?(?:tablets|pills|meds|medicines|"
    r"medication|medications|drugs|painkillers)\b|\bwhat (?:works|would work|might work|helps|would help) better\b|"
    # (session 23) "and if no operation, what can she do?", "what other thing he can do instead operation",
    # "ok then what I do instead", "and if it does not work, then what?", "no work, what next"
    r"\b(?:if|when|with) no (?:operation|op|surgery|tablets|pills|injection|injections)\b|"
    r"\binstead(?: of)?(?: (?:an?|the))? "
    r"(?:operation|op|surgery)\b|\bwhat (?:i|we|he|she|can i|should i|do i|can we) (?:do|try) instead\b|"
    r"\bwhat (?:other|else) (?:thing|things|stuff)\b|"
    r"\b(?:if|when) (?:it|that|this|they|the [a-z]+) (?:does not|doesnt|dont|"
    r"do not|didnt|did not|wont|will not|fails?|failed) (?:work|help)\b|\b(?:no|not|dont|doesnt) work(?:ing)?\b"
    r"(?:[ a-z]+)? what (?:next|now|then|else)\b|\bthen what\b"
)
ALTERNATIVES_MAX_WORDS = 12


def asks_for_alternatives(
    kb: KnowledgeBase, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a message asks what else there is besides the treatment just discussed."""
    if previous is None or previous.family not in ("treatment", "stem_cell") or not previous.balance.get(ALTERNATIVES):
        return False
    treatments = [kb.topic_for_entity("treatment", v) for v in entities.get("treatment", ())]
    # another treatment named ("what about a brace instead?"); pills in general, the treatment itself
    # ("paracetamol no work, what next") or surgery after an operation ("if no operation") are not one
    itself = {MEDICINES_OVERVIEW, previous.id} | ({SURGERY_OVERVIEW} if previous.id in OPERATIONS else set())
    if any(t is None or t.id not in itself for t in treatments):
        return False
    if any(entities.get(e) for e in SUBJECT_ENTITIES if e != "treatment"):
        return False
    words = WORD.findall(text.lower())
    return len(words) <= ALTERNATIVES_MAX_WORDS and ALTERNATIVE_WORDS.search(" ".join(words)) is not None


# Session 19: after an ordinary treatment, the alternatives line of its answer comes first and then
# the overview of the options, not that treatment's answer again ("what else can I do instead of
# tablets?" after opioids, "what works better then?" after traction: the 12 such follow-ups D1 and
# D2 got wrong all expected an overview); the medicines overview when other
# medicines are asked for ("any other painkillers?"). After a stem-cell answer its own answer,
# with the FDA caveat, stays (the alternatives part of it).
OTHER_MEDICINES = re.compile(
    r"\b(?:other|different|another|stronger|better|any) (?:painkillers?|tablets?|pills?|meds|medicines?|"
    r"medications?|drugs)\b"
)


# Words that ask for something other than a medicine: "besides pills", "without tablets", "what else can I do".
NOT_A_MEDICINE = re.compile(
    r"\b(?:besides|without|instead of|other than|apart from|except|no more|not|than) (?:the |any |more |taking )?"
    r"(?:pills?|tablets?|meds|medicines?|medications?|drugs|painkillers?)\b|"
    r"\b(?:can|could|should|would|else) (?:i|he|she|we|they|you) do\b|\bnatural\b|\bnon drug\b"
)


def overview_of_alternatives(kb: KnowledgeBase, previous: Topic, text: str) -> Topic | None:
    """The overview that answers "what else is there?" after an ordinary treatment, or None (keep its own answer)."""
    if previous.family != "treatment" or previous.id == TREATMENT_OVERVIEW:
        return None
    said = " ".join(WORD.findall(text.lower()))
    if previous.id in MEDICINE_TOPICS and previous.id != MEDICINES_OVERVIEW:
        # (session 20) After one medicine, "alternatives?", "what else is there?", "what else could I
        # use instead?" ask for other medicines (5 follow-ups of the development sets expected the
        # medicines overview, none the treatments); "what else can I do besides pills?" asks for the rest.
        return kb.topics.get(TREATMENT_OVERVIEW if NOT_A_MEDICINE.search(said) else MEDICINES_OVERVIEW)
    medicines = OTHER_MEDICINES.search(said) is not None and previous.id != MEDICINES_OVERVIEW
    return kb.topics.get(MEDICINES_OVERVIEW if medicines else TREATMENT_OVERVIEW)


# Words that read a new question against the condition discussed ("heat or cold for that?").
# ("is a heating pad ok to use then?": "then" reads it in the light of what was just said)
CONDITION_POINTERS = frozenset(
    ("it", "that", "this", "them", "those", "these", "they", "her", "him", "then", "she", "he", "hers", "his")
)
ADD_ON_OPENINGS = ("and ", "what about", "how about", "also ")
SHORT_QUESTION_WORDS = 6
# Answers read for a condition get the "for <condition>" line; other families have their own context.
CONDITION_POINTER_FAMILIES = frozenset(("treatment", "general"))


def condition_pointed_to(
    topic: Topic, condition: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The condition discussed earlier that a question on a treatment or everyday topic points back to."""
    if condition is None or condition.family != "condition" or topic.id == condition.id:
        return None
    if topic.family not in CONDITION_POINTER_FAMILIES or entities.get("condition"):
        return None
    words = WORD.findall(text.lower())
    if any(w in CONDITION_POINTERS for w in words):
        return condition
    # "Would a brace help?", "and paracetamol?", "what about a TENS machine?" after an answer on a
    # condition: a short question or one that adds to the last is read for it too, unless it
    # names back pain itself ("is heat good for back pain?").
    adds_on = text.lower().lstrip().startswith(ADD_ON_OPENINGS)
    short = len(words) <= SHORT_QUESTION_WORDS
    general = GENERAL_SUBJECT_WORDS.intersection(WORD.findall(BACK_IN_A_NAME.sub("", text.lower())))
    return condition if (adds_on or short) and not general else None


# "And for sciatica?", "what about with stenosis?" after a treatment: the same treatment, for that condition.
SAME_FOR_WORDS = frozenset(("for", "with", "fr"))
# (session 22) text speak: "n 4 stenosis" (and for stenosis)
FOR_IN_TEXT_SPEAK = re.compile(r"(?<![\d.,])\b4\b(?![\d.,])")
SAME_FOR_MAX_WORDS = 6
FIRST_SENTENCE = re.compile(r"[?.!]+\s")


# Answers that "and for sciatica?" asks again for another condition.
SAME_FOR_FAMILIES = frozenset(("treatment", "stem_cell", "study"))


def same_treatment_for(
    kb: KnowledgeBase, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The condition a short "and for <condition>?" asks the last treatment or cell-therapy answer about."""
    if previous is None or previous.family not in SAME_FOR_FAMILIES:
        return None
    if any(entities.get(e) for e in ("treatment", "study", "topic")):
        return None
    # The first sentence asks ("what about for stenosis? my mum has that"): the rest only explains.
    words = WORD.findall(FOR_IN_TEXT_SPEAK.sub("for", FIRST_SENTENCE.split(text.lower(), maxsplit=1)[0]))
    conditions = [kb.topic_for_entity("condition", v) for v in entities.get("condition", ())]
    if len(words) > SAME_FOR_MAX_WORDS or not SAME_FOR_WORDS & set(words) or len(conditions) != 1:
        return None
    return conditions[0]


def asks_a_dose(intent: str, text: str, entities: Mapping[str, Sequence[str]], last_topic: str | None) -> bool:
    """"How much?", "how much is too much?" right after an answer on a medicine."""
    names_subject = any(entities.get(e) for e in SUBJECT_ENTITIES)
    return ASPECT_OF_INTENT.get(intent) == COST and last_topic in MEDICINE_TOPICS and not names_subject


# "How many naproxen can I take a day?", "cuánto naproxen puedo tomar? 2 a day or 3?": a question on
# how much of a medicine to take, whatever topic the classifier heard in the medicine's name.
HOW_MUCH_TO_TAKE = re.compile(
    r"\b(?:how (?:much|many)(?! (?:people|patients|folk|persons|adults|of us|americans|brits|doctors|studies))|"
    r"cuanto|cuantos|cuantas|cu\u00e1nto|cu\u00e1ntos|cu\u00e1ntas|what dose|which dose|what strength)\b"
    r"(?:[ a-z\u00e0-\u00ff']*?)\b(?:take|taking|have|use|tomar|a day|per day|each day|daily|at once|at a time|"
    r"in a day|"
    r"max|maximum|safely|safe)\b|\b(?:\d+|one|two|three|four) (?:a|per) day or (?:\d+|two|three|four|five)\b|"
    r"\b(?:max|maximum|safe|right|normal|usual) (?:daily )?(?:dose|dosage|amount)\b"
)


def asks_how_much_to_take(topic_id: str | None, text: str) -> bool:
    """Whether a question on a medicine asks how much of it to take (the bot never gives a dose)."""
    return topic_id in MEDICINE_TOPICS and HOW_MUCH_TO_TAKE.search(text.lower()) is not None


# (session 23) A short follow-up read as a request the bot declines, with none of that request's own
# words, after an answer that is not about a medicine: "all day?" after a back brace, "how many?"
# after a study, "how many can you get in a year?" after injections (not a dose); "is it safe for
# him, he's 78?" after an operation, "still ok at 70?" after massage (not "am I a candidate?"); "I
# should stop work?" after lifting at work (not a medicine). The last answer is given again,
# leading with what the follow-up asks; the bot still never doses or advises one person.
DOSE_WORDS = re.compile(
    r"\b(?:mg|mgs|milligrams?|mcg|ml|dose|doses|dosage|dosing|tablets?|pills?|capsules?|tabs|meds|medicines?|"
    r"medication|take|taking|took|swallow|strength|patch|patches|a day|per day|daily|too many|too much|max|maximum|"
    r"overdose)\b"
)
CANDIDACY_WORDS = re.compile(
    r"\b(?:candidate|candidates|suitable|suit (?:me|him|her)|suits (?:me|him|her)|eligible|eligibility|qualify|"
    r"qualifies|criteria|accepted|accept (?:me|him|her)|right for (?:me|him|her)|good fit|for me|(?:should|must) "
    r"(?:i|he|she|we) (?:have|get|go for|do|try|choose|pick|take)|would (?:i|he|she) (?:be|get)|what (?:do )?you "
    r"(?:think|reckon|suggest|recommend|advise))\b"
)
# A medicine change misheard: stopping something that is not a medicine ("I should stop work?"), and
# nothing else that could be a medicine's name.
NOT_A_MEDICINE_CHANGE = re.compile(
    r"^(?:(?:so|and|but|ok|then)\s+)*(?:(?:i|he|she|we)\s+)?(?:should|can|could|must|do|shall)?\s*(?:i|he|she|we)?\s*"
    r"(?:just\s+)?(?:stop|quit|give up|pack in|skip|take a break from|come off)\s+"
    r"(?:going to\s+|doing\s+|my\s+|his\s+|her\s+|the\s+)?"
    r"(?:work|working|job|the job|gym|exercise|exercises|physio|running|football|practice|training|sport|lifting|"
    r"driving|yoga|pilates|swimming|walking|brace|belt)\b(?:\s+(?:then|now|for now|for a bit|for a while))?$"
)
MISHEARD_LIMIT_MAX_WORDS = 12
LIMIT_WORDS = {"ask_dosage": DOSE_WORDS, "ask_candidacy": CANDIDACY_WORDS}


def limit_misheard(intent: str, text: str, entities: Mapping[str, Sequence[str]], previous: Topic | None) -> bool:
    """Whether a short follow-up read as a dose, candidacy or medicine-change request is none of those."""
    if previous is None or previous.id in MEDICINE_TOPICS:
        return False
    said = " ".join(WORD.findall(text.lower()))
    if intent == "ask_medication_change":
        return NOT_A_MEDICINE_CHANGE.match(said) is not None
    words = LIMIT_WORDS.get(intent)
    if words is None:
        return False
    if previous.family not in ("treatment", "condition", "stem_cell", "study", "general"):
        return False
    if entities.get("condition") or (intent == "ask_dosage" and entities.get("treatment")):
        return False
    return len(said.split()) <= MISHEARD_LIMIT_MAX_WORDS and words.search(said) is None


# "Can I swap my naproxen for ibuprofen?", "should she stop the meloxicam?", "is it ok to come off
# it?": a question about stopping, starting or changing a medicine, which the bot never advises on.
MEDICINE_CHANGE = re.compile(
    r"\b(?:should|can|could|shall|may|must|do|is it (?:ok|okay|safe|alright|fine|wise|better) to|would it be "
    r"(?:ok|okay|safe|alright|better) to)(?: (?:i|she|he|they|we|you|my [a-z]+))?(?: (?:just|simply|now|then|maybe))? "
    r"(?:stop|stopping|quit|come off|get off|go off|ditch|drop|swap|switch|change|replace|cut down|cut back|"
    r"wean off|taper|double up|mix)\b"
)


def asks_a_medicine_change(topic_id: str | None, text: str) -> bool:
    """Whether a question on a medicine asks whether to stop, swap or change it."""
    return topic_id in MEDICINE_TOPICS and MEDICINE_CHANGE.search(" ".join(WORD.findall(text.lower()))) is not None


# Words that ask whether a therapy works ("can stem cells fix my disc?", "would they help my
# sciatica?"): what the studies found, not what stem cells are.
EFFICACY_WORDS = frozenset((
    "work", "works", "working", "worked", "help", "helps", "helped", "fix", "fixes", "cure", "cures", "cured",
    "sort", "sorts", "repair", "repairs", "regrow", "regrows", "heal", "heals", "effective", "success", "successful",
    "rebuild", "rebuilds", "regenerate", "regenerates", "restore", "restores", "good", "worth", "proven",
))
# Words that ask whether cells mend a part ("can stem cells rebuild my worn discs?"): with a
# condition named, a question read as how stem cells might work asks what the studies found too.
REPAIR_WORDS = EFFICACY_WORDS - {"work", "works", "working", "worked"}
BASICS_TOPIC = "stem_cell_basics"
MECHANISM_TOPIC = "stem_cell_mechanism"
RISKS_TOPIC = "stem_cell_risks"
TRIALS_TOPIC = "clinical_trials"
# The topics that answer one aspect of cell therapy in general (no therapy in particular).
ASPECT_TOPICS = frozenset((RISKS_TOPIC, COST_TOPIC, MECHANISM_TOPIC, TRIALS_TOPIC))
# Words that ask for the biology itself: "I'm an engineer, what is the theory of how injected cells
# should mend a worn disc?" stays the mechanism answer.
MECHANISM_WORDS = frozenset(("mechanism", "mechanisms", "theory", "biology", "science", "scientifically"))
# Openings that ask what something is: "what are stem cells for a disc" stays the basics answer.
DEFINITION_OPENINGS = ("what is", "what are", "whats", "what's", "what does", "explain", "define")
# (session 21) A sentence that asks what they are, in plain words, after a story of what someone said
# they can do ("my grandson says they can fix my back. What are they in plain words?"): the basics,
# unless that sentence itself asks whether they work.
DEFINITION_ASKED = re.compile(
    r"\b(?:what (?:is|are) (?:it|they|them|these|those|this|that|stem cells?|a stem cell)|"
    r"whats (?:it|that|this|a stem cell|stem cells?)|"
    r"in (?:plain|simple|easy|normal|everyday|laymans?|laymens?) (?:words|english|terms|language)|"
    r"explain (?:it|them|what they are|what it is|to me)|like (?:im|i am) (?:5|five|80|eighty))\b"
)
SENTENCE_STOPS = re.compile(r"[.?!]+")


def asks_if_it_works(
    kb: KnowledgeBase, topic: Topic, text: str, condition_named: bool = False
) -> Topic | None:
    """The human-studies topic for a question on stem cells in general that asks whether they work.

    On the basics topic: any efficacy word, or a condition named without asking what stem cells
    are ("stem cells for a herniated disc??"). On the mechanism topic: a condition named with a
    word of mending ("can stem cells fix my slipped disc?"); "how do stem cells work" stays.
    """
    words = WORD.findall(text.lower())
    opening = text.strip().lower()
    if topic.id == BASICS_TOPIC:
        if _asks_only_what_they_are(text):
            return None
        defines = opening.startswith(DEFINITION_OPENINGS)
        if EFFICACY_WORDS.intersection(words) or (condition_named and not defines):
            return kb.topics.get(EVIDENCE_TOPIC)
        return None
    if topic.id == MECHANISM_TOPIC and condition_named and not opening.startswith("how") and not (
        MECHANISM_WORDS.intersection(words)
    ):
        return kb.topics.get(EVIDENCE_TOPIC) if REPAIR_WORDS.intersection(words) else None
    return None


def _asks_only_what_they_are(text: str) -> bool:
    """Whether a sentence of the message asks what they are, in no words that ask whether they work."""
    for sentence in SENTENCE_STOPS.split(text.lower()):
        words = WORD.findall(sentence)
        if DEFINITION_ASKED.search(" ".join(words)) and not EFFICACY_WORDS.intersection(words):
            return True
    return False


def evidence_for_earlier_subject(kb: KnowledgeBase, topic: Topic, text: str, previous: Topic | None) -> Topic | None:
    """The human-studies topic when stem cells in general are asked about for the subject just discussed."""
    if topic.id not in GENERIC_THERAPY_TOPICS or previous is None or previous.investigational:
        return None
    words = WORD.findall(text.lower())
    if previous.family not in ("condition", "treatment") or not any(w in BACK_TO_SUBJECT for w in words):
        return None
    if not CELL_THERAPY_WORDS.search(" ".join(words)):
        return None  # "does it heal?" after a slipped disc asks about the disc, not about stem cells
    return kb.topics.get(EVIDENCE_TOPIC)


# "Is any stem cell treatment approved at all, for anything?", "fda approved stem cell list": what FDA
# has approved, not one therapy's status.
ANYTHING_APPROVED = re.compile(
    r"\bfor anything\b|\banything at all\b|\bat all\b.*\bapproved\b|\bapproved\b.*\bat all\b|"
    r"\bfor any (?:other )?(?:thing|condition|conditions|disease|diseases|illness|use)\b|"
    r"\bwhat (?:has|have|did) (?:the )?fda (?:actually |ever |already )?approved?\b|"
    r"\bwhich (?:stem cell |cell )?(?:products?|treatments?|therap(?:y|ies)) (?:are|is|has|have|were)"
    r"(?: been)? (?:fda )?approved\b|\bapproved for (?:other|something|blood|cancer)\b|"
    r"\b(?:approved|aproved|approval|licensed) (?:[a-z]+ ){0,3}?list\b|"
    r"\blist of (?:[a-z]+ ){0,3}?(?:approved|aproved)\b"
)

# "Which ones are approved, then?": the list, even after one therapy's answer.
APPROVED_LIST_WORDS = re.compile(r"\bwhich\b|\bwhat (?:is|are|has|have|got|does|do)\b|\blist\b")


# (session 23) "Is any of it approved at all?" after cord blood cells: that therapy's status, not the list.
APPROVAL_OF_IT = re.compile(
    r"\b(?:is|are|was|were|has|have) (?:any of )?(?:it|this|that|these|those|them|they)"
    r"(?: (?:really|actually|even|been))* (?:fda )?(?:approved|aproved|legal|licensed)\b"
)


def asks_for_the_approved_list(text: str) -> bool:
    """Whether a question on approval asks what is approved ("which ones are?", "is anything?")."""
    lowered = text.lower()
    if APPROVAL_OF_IT.search(lowered) and not APPROVED_LIST_WORDS.search(lowered) and "anything" not in lowered:
        return False
    return bool(ANYTHING_APPROVED.search(lowered) or APPROVED_LIST_WORDS.search(lowered))


# A neighbouring topic that words in the message ask for, whatever the classifier chose among
# close ones: "the clinic has hundreds of 5-star reviews, doesn't that prove it works?" asks about
# testimonials as evidence, not what the research reviews found; "is any stem cell treatment
# approved at all, for anything?" asks what FDA has approved, not whether it is approved for backs.
NEIGHBOUR_CUES: tuple[tuple[frozenset[str], str, re.Pattern[str]], ...] = (
    (
        frozenset(("stem_cell_human_studies", "stem_cell_systematic_reviews", "stem_cell_basics")),
        "testimonials",
        re.compile(
            r"\b(?:\d+|five|four)[ -]?stars?\b|\bstar (?:reviews?|ratings?)\b|\b(?:google|yelp|trustpilot|facebook|"
            r"online|customer|patient|client|youtube|tiktok|instagram|amazon|clinic|clinics)s? reviews?\b|"
            r"\breviews? (?:online|on (?:google|facebook|their|the))\b|"
            r"\btestimonials?\b|\bsuccess stor(?:y|ies)\b|\b(?:youtube|tiktok|instagram) (?:videos?|clips?)\b"
        ),
    ),
    (frozenset(("fda_status", "stem_cell_basics")), "fda_approved_products", ANYTHING_APPROVED),
    # "$15k for stem cells, is that normal?", "does OHIP cover stem cells?": the cost answer. Not
    # a question on the difference between kinds of cells that tells of their prices ("what's the
    # difference between marrow, fat and cord cells? the clinic offered all three at different prices").
    (
        frozenset(("stem_cell_basics", "stem_cell_mechanism", "stem_cell_sources")),
        "stem_cell_cost",
        re.compile(
            r"^(?!.*\b(?:difference|differences|differ|compare|comparing|comparison|versus|vs)\b)"
            r".*(?:[$£€]\s?\d|\b\d+(?:[.,]\d+)?\s?k\b|\b\d{1,3}(?:,\d{3})+\b|\bhow much\b|\bcosts?\b|"
            r"\bpric(?:e|es|ey|ing)\b|"
            r"\bquoted?\b|\bafford\b|\bcover(?:ed|s)?\b|\binsurance\b|\binsurer\b|\bmedicare\b|\bmedicaid\b|\bohip\b|"
            r"\bmedical aid\b|\bfinancing\b|\bquanto custa\b|\bcuanto cuesta\b)"
        ),
    ),
    # "Which exercises are good for my back?", "best stretches?": which exercises and how to start.
    (
        frozenset(("exercise_physio",)),
        "exercise_getting_started",
        re.compile(
            r"^(?!.*\bwhy\b)(?:.*\b(?:which|what|best|good|simple|easy|gentle|any|some|few) "
            r"(?:exercises?|stretch(?:es)?|workouts?|moves)\b|\s*(?:exercises?|stretch(?:es)?) for\b)"
        ),
    ),
)


# A question the classifier reads as about stem cells ("would X help?" is how stem cells might
# help; "is it safe?" their risks) that names no cell therapy and follows an ordinary subject asks
# about an ordinary treatment: the one it names, an injection ("would a jab help it?" after
# stenosis), or the treatment just discussed.
STEM_CELL_ASPECT_INTENTS = frozenset(("ask_stem_cell_mechanism", "ask_stem_cell_evidence", "ask_stem_cell_risks"))
CELL_THERAPY_WORDS = re.compile(
    r"\b(?:stem|cells?|bmac|marrow|mesoblast|msc|mscs|mpc|mpcs|discgenics|exosomes?|svf|cord|regenerative|"
    r"biologics?|prp|plasma)\b"
)
INJECTION_WORDS = re.compile(r"\b(?:injections?|jabs?|shots?|epidurals?|injected)\b")


# (session 23) "So what do I do about it?", "what's the treatment for that?", "how do they treat it?" right
# after an answer on a condition: the treatment options, read for that condition (4 of the 6 such
# follow-ups of the development sets expected them; 2 the condition's own answer).
TREATMENT_OF_IT = re.compile(
    r"\bwhat (?:can|do|should|could|shall|would) (?:i|we|he|she|you|they|one|people) do (?:about|for|with) "
    r"(?:it|that|this|them)\b|\bwhat(?: is|s)? the (?:treatment|cure|fix)\b|\bhow (?:do|can|would|will|is|are) "
    r"(?:you|they|doctors|it) (?:treat|fix|cure|treated|fixed|cured)\b|"
    r"\bhow to (?:treat|fix|cure) (?:it|that|this)\b|"
    r"\bwhat (?:can|could) be done(?: (?:about|for) (?:it|that|this))?\b|\btreatments? for (?:it|that|this)\b"
)
TREATMENT_OF_IT_MAX_WORDS = 10


def treatment_of_the_condition_asked(
    previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a short follow-up after a condition asks how it is treated, naming no treatment."""
    if previous is None or previous.family != "condition" or any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    return says_briefly(text.replace("'", " "), TREATMENT_OF_IT, TREATMENT_OF_IT_MAX_WORDS)


def condition_risk_misheard(
    previous: Topic | None, intent: str, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a risk question after a condition, read as the risks of cell therapy, is about the condition.

    (session 23) "Walking is good or dangerous?" after osteoporosis: no word of cell therapy and no
    treatment named; the condition's answer, not what can go wrong with stem cells.
    """
    if previous is None or previous.family != "condition" or ASPECT_OF_INTENT.get(intent) != RISKS:
        return False
    if entities.get("treatment") or entities.get("study"):
        return False
    return CELL_THERAPY_WORDS.search(text.lower()) is None
INJECTIONS_TOPIC = "injections"
RETURN_DETERMINER = re.compile(r"(?:(?:the|that|those|this|my|his|her|your|our|what you said about|about) )*")


def ordinary_treatment_asked(
    kb: KnowledgeBase, intent: str, text: str, entities: Mapping[str, Sequence[str]], previous: Topic | None
) -> Topic | None:
    """The ordinary treatment a question read as about stem cells asks about, after an ordinary subject."""
    if intent not in STEM_CELL_ASPECT_INTENTS or previous is None or previous.investigational:
        return None
    if previous.family not in ("condition", "treatment", "general"):
        return None
    lowered = text.lower()
    if CELL_THERAPY_WORDS.search(lowered):
        return None
    for value in entities.get("treatment", ()):
        named = kb.topic_for_entity("treatment", value)
        if named is not None:
            return None if named.investigational else named
    if INJECTION_WORDS.search(lowered):
        return kb.topics.get(INJECTIONS_TOPIC)
    if previous.family == "treatment" and points_back(text, aspect=True):
        return previous
    return None


# "My doctor won't order one, why?" after the scan answer, "is it worth paying privately?" after it:
# read alone they sound like why specialists doubt cell therapy, or what it costs. A short question
# that names no cell therapy and points back after an ordinary answer asks about that answer's subject.
# (What the studies found, lab research and trials are left to their own rules: "any studies on
# that?" after a condition asks what the cell-therapy studies found for it.)
MISHEARD_STEM_CELL_TOPICS = frozenset((
    "stem_cell_cost", "specialist_scepticism", "stem_cell_risks", "stem_cell_mechanism", "stem_cell_basics",
    "stem_cell_sources",
))
MISHEARD_MAX_WORDS = 20


def ordinary_subject_misheard(
    topic: Topic, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a follow-up read as a cell-therapy topic asks about the ordinary subject just discussed."""
    if topic.id not in MISHEARD_STEM_CELL_TOPICS or previous is None or previous.investigational:
        return False
    if previous.family not in ("condition", "treatment", "general"):
        return False
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    words = WORD.findall(text.lower())
    if not words or len(words) > MISHEARD_MAX_WORDS or CELL_THERAPY_WORDS.search(" ".join(words)):
        return False
    return len(words) <= SHORT_MESSAGE_WORDS or bool(STAY_POINTERS.intersection(words))


# "What kind of cells is that?", "how does it work?" right after an answer on one product's trial:
# the answer on the therapy that trial tested (its topic's `studied_products`), not stem cells in general.
WHAT_IT_IS_TOPICS = frozenset((BASICS_TOPIC, MECHANISM_TOPIC, "stem_cell_sources"))


def therapy_of_the_study(kb: KnowledgeBase, topic: Topic, previous: Topic | None) -> Topic | None:
    """The therapy the study just discussed tested, when a follow-up asks what it is or how it works."""
    if topic.id not in WHAT_IT_IS_TOPICS or previous is None or previous.family != "study":
        return None
    tested = {
        therapy.id: therapy
        for value in previous.studied_products
        if (therapy := kb.topic_for_entity("treatment", value)) is not None
    }
    return next(iter(tested.values())) if len(tested) == 1 else None


# "Is it stem cells or no?", "is that a stem cell treatment?" right after an answer on one
# cell-derived product (exosomes, cord blood): that product's answer says what it is.
STEM_CELLS_VALUE = "stem_cells"
IS_IT_MAX_WORDS = 10
# (session 20) "Do they actually have living stem cells in them?", "so are there live stem cells in it
# or not?" after cord blood or exosomes: what the product holds is in its answer, whatever the
# classifier heard in "stem cells" (what the studies found, how they work).
HAS_STEM_CELLS = re.compile(
    r"\b(?:have|has|got|contain|contains|containing|carry|any|are there|is there)\b(?:\s+\w+){0,2}?\s+"
    r"(?:live |living |real |actual |active |viable )?stem ?cells?\b"
)
HAS_STEM_CELLS_MAX_WORDS = 14


def asks_if_it_is_stem_cells(
    kb: KnowledgeBase, topic: Topic, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a short question asks if the specific therapy just discussed is a stem-cell treatment."""
    if previous is None or previous.family != "stem_cell":
        return False
    said = " ".join(WORD.findall(text.lower()))
    holds = HAS_STEM_CELLS.search(said) is not None
    if topic.id != BASICS_TOPIC and not (holds and topic.id in (EVIDENCE_TOPIC, MECHANISM_TOPIC)):
        return False
    if previous.id in WHAT_IT_IS_TOPICS or previous.id == EVIDENCE_TOPIC or not previous.entities.get("treatment"):
        return False
    if set(entities.get("treatment", ())) - {STEM_CELLS_VALUE} or any(
        entities.get(e) for e in SUBJECT_ENTITIES if e != "treatment"
    ):
        return False
    words = WORD.findall(text.lower())
    if len(words) > (HAS_STEM_CELLS_MAX_WORDS if holds else IS_IT_MAX_WORDS):
        return False
    return bool(STAY_POINTERS.intersection(words))


# "What did you mean by that?", "how would you know if you had it?", "so why does it hurt if
# everyone's got it?" after an ordinary answer: read alone they sound like a question on how studies
# are designed; with no word of studies in them they ask about the answer just given.
DESIGN_TOPIC = "study_design"
STUDY_TERMS = re.compile(
    r"\b(?:study|studies|trial|trials|research|researchers|paper|papers|data|evidence|proof|placebo|control|"
    r"controlled|sham|random|randomi[sz]ed|blind|blinded|sample|participants|volunteers|cohort|case|review|"
    r"reviews|science|scientific|statistics|significant|published|journal|peer)\b"
)
MEANING_WORDS = re.compile(r"\b(?:mean|means|meant|meaning)\b")


def design_question_misheard(
    topic: Topic, previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> bool:
    """Whether a follow-up read as how studies are designed asks about the ordinary answer just given."""
    if topic.id != DESIGN_TOPIC or previous is None or previous.id == DESIGN_TOPIC or previous.investigational:
        return False
    if previous.family not in ("condition", "treatment", "general") or any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    words = WORD.findall(text.lower())
    return 0 < len(words) <= STAY_MAX_WORDS and STUDY_TERMS.search(" ".join(words)) is None


def asks_what_it_meant(text: str) -> bool:
    """Whether a message asks what the last answer meant ("what did you mean by that?")."""
    return MEANING_WORDS.search(text.lower()) is not None


def neighbour_asked(kb: KnowledgeBase, topic: Topic, text: str) -> Topic:
    """The neighbouring topic that the message's own words ask for, else `topic`."""
    lowered = text.lower()
    for from_topics, target, cue in NEIGHBOUR_CUES:
        if topic.id in from_topics and target in kb.topics and cue.search(lowered):
            return kb.topics[target]
    return topic


# "Is that true?", "says who?", "where's the proof?" about the last answer (no clinic claim quoted).
ANSWER_TRUE_QUESTION = re.compile(
    r"\b(?:(?:is|was|are) (?:that|this|it|all that|all this) (?:really |actually |even |definitely )?(?:true|right|"
    r"correct|accurate|legit|so|a fact|proven)|(?:really|actually|even) true|true or not|says who|who says|"
    r"wheres? (?:the |your )?(?:proof|evidence)|any (?:proof|evidence) (?:of|for) (?:that|this)|prove it|source\??$)"
)


def asks_if_the_answer_is_true(text: str) -> bool:
    """Whether a message doubts the last answer ("is that true?", "says who?") rather than quoting a claim."""
    return ANSWER_TRUE_QUESTION.search(text.lower()) is not None


# The slots the actions keep for follow-ups: the last answer's topic, what it was about, and the
# last condition discussed. Read by the NLU context component too (plugins/follow_up_context.py).
LAST_TOPIC_SLOT = "last_topic"
LAST_SUBJECT_SLOT = "last_subject"
LAST_CONDITION_SLOT = "last_condition"


def context_topic(
    kb: KnowledgeBase, intent: str | None, last_topic: str | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The topic a follow-up asks about from context alone, whatever intent the classifier chose.

    "What about the VA?" after the cost answer (a payer), "what about for my mum?" after an
    ordinary answer (someone else), "is it serious?" after a condition (the same topic): the last
    answer's topic. None when the context says nothing beyond what the classifier heard.
    """
    previous = kb.topics.get(last_topic or "")
    if previous is None:
        return None
    candidates = kb.topics_for_intent(intent) if intent else []
    classified = candidates[0] if candidates else None
    if asks_who_pays(previous, text, entities) or asks_the_same_again(previous, text, entities):
        return previous
    if asks_about_another_place(previous, intent, text):
        return previous
    if intent == TRIAL_SEARCH_INTENT and (
        asks_the_same_elsewhere(previous, text) or is_a_word_on_the_last(previous, text)
    ):
        return previous
    if intent == CLINIC_RECOMMENDATION_INTENT and asks_which_is_best(previous, text):
        return previous
    if intent in MISREAD_ACTS:
        # "Who must not use it?" read as a complaint, "what other things help?" as a request for help;
        # "that wasn't any help" is a complaint.
        asks_on = asks_for_alternatives(kb, previous, text, entities) or is_a_question_on_the_last(text, entities)
        return previous if asks_on else None
    if stays_on_the_topic(classified, previous, text, entities):
        return previous
    named = named_subject_asked(kb, intent, text, entities)
    if named is not None:
        return named
    return previous if is_a_fragment_on_the_last(intent, text, entities) else None


# "Constipation?", "breaststroke ok", "can he keep playing", "colorado springs?" right after an
# answer: a fragment the classifier cannot place (out of scope, or unsure) leans on that answer.
# Written follow-ups this short are almost never off-topic; gibberish ("hgfff bbbbn") still falls back.
UNSURE_INTENT = "nlu_fallback"
UNPLACED_INTENTS = frozenset(("out_of_scope", UNSURE_INTENT))
FRAGMENT_MAX_WORDS = 6
GIBBERISH = re.compile(r"([a-z])\1\1|\b[^aeiouy\W\d_]{4,}\b")


# ... and so does a message that opens with a short question pointing back, whatever story follows
# ("how soon can I work after, I'm a mechanic and ...", "can I drive home after? my husband ...").
OPENING_QUESTION_MAX_WORDS = 10
OPENING_CLAUSE = re.compile(r"[?.!,;:]")
FRAGMENT_POINTERS = POINTERS | {"after", "afterwards", "then"}
# Words a question opens with ("who must not use it?"); a follow-up may also open with "and", "so", "but".
QUESTION_WORDS = frozenset((
    "how", "what", "whats", "when", "where", "which", "who", "why", "can", "could", "is", "are", "do", "does",
    "will", "would", "should",
))
QUESTION_OPENINGS = QUESTION_WORDS | {"did", "any", "and", "so", "but"}


def is_a_fragment_on_the_last(intent: str | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short message the classifier could not place is a follow-up on the last answer."""
    if intent not in UNPLACED_INTENTS or any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    lowered = text.lower()
    words = WORD.findall(lowered)
    if not words or GIBBERISH.search(" ".join(words)):
        return False
    if len(words) <= FRAGMENT_MAX_WORDS:
        return True
    opening = WORD.findall(OPENING_CLAUSE.split(lowered, 1)[0])
    return (
        0 < len(opening) <= OPENING_QUESTION_MAX_WORDS
        and opening[0] in QUESTION_OPENINGS
        and bool(FRAGMENT_POINTERS.intersection(opening))
    )


# Dialogue acts that a short question pointing back is sometimes read as: "who must not use it?"
# as a complaint about the answer, "what other things help?" as a request for the help menu.
MISREAD_ACTS = frozenset(("feedback_unhelpful", "help"))
QUESTION_ON_THE_LAST_MAX_WORDS = 8
ASKING_OPENINGS = QUESTION_WORDS | {"whos"}


def is_a_question_on_the_last(text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short message is a question that points back to the last answer ("who must not use it?")."""
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    words = WORD.findall(text.lower())
    if not words or len(words) > QUESTION_ON_THE_LAST_MAX_WORDS or words[0] not in ASKING_OPENINGS:
        return False
    return bool(STAY_POINTERS.intersection(words))


# "Surgery for it?", "and the injections?" that the classifier is unsure of, in a conversation: a
# short message that names one condition or treatment asks about it (the resolver then reads it
# against the last answer: the operation for the condition just discussed).
NAMED_SUBJECT_MAX_WORDS = 6
NAMED_SUBJECT_ENTITIES = ("treatment", "condition")


def named_subject_asked(
    kb: KnowledgeBase, intent: str | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The one topic a short message the classifier was unsure of names, if it names exactly one."""
    if intent != UNSURE_INTENT or not 0 < len(WORD.findall(text.lower())) <= NAMED_SUBJECT_MAX_WORDS:
        return None
    named = {
        topic.id: topic
        for entity in NAMED_SUBJECT_ENTITIES
        for value in entities.get(entity, ())
        if (topic := kb.topic_for_entity(entity, value)) is not None
    }
    return next(iter(named.values())) if len(named) == 1 else None


# "Which one is the best?", "which best" right after an answer on treatments or medicines: what the
# guidelines suggest first is in that answer; it is not a request to name a clinic or a doctor.
CLINIC_RECOMMENDATION_INTENT = "ask_clinic_recommendation"
WHICH_IS_BEST = re.compile(
    r"(?:(?:so|ok|okay|and|then|but) )?(?:which|what|wich|wat|whats)(?: (?:one|ones|of them|of those|of these|"
    r"treatment|option|medicine|tablet|pill|exercise|type|kind|thing))? "
    r"(?:(?:is|are|would be|works?|do you think is) )?(?:the )?(?:best|better|most effective|strongest|safest|best one)"
    r"(?: (?:one|option|then|for me|for back pain|for my back))*"
)
BEST_AFTER_FAMILIES = frozenset(("treatment", "general"))


def asks_which_is_best(previous: Topic, text: str) -> bool:
    """Whether a short message asks which of the options in the last (ordinary) answer is best."""
    if previous.family not in BEST_AFTER_FAMILIES or previous.investigational:
        return False
    return WHICH_IS_BEST.fullmatch(" ".join(WORD.findall(text.lower()))) is not None


# "In UK also possible?", "Canada too?", "same in Australia?" right after an answer that is not
# about trials: that answer again for another country, not a search for trials there.
TRIAL_SEARCH_INTENT = "search_trials"
TRIAL_TOPICS = frozenset((TRIALS_TOPIC, "search_trials"))
ELSEWHERE_TOO = re.compile(r"\b(?:also|too|as well|the same|same)\b")
ELSEWHERE_MAX_WORDS = 6


# "Liver?" after paracetamol, read as a trial search for a place called Liver: a word or two with
# no word of trials, after an answer that is not about trials, asks about that answer.
WORD_ON_THE_LAST_MAX_WORDS = 2
TRIAL_WORDS = re.compile(r"\b(?:trials?|studies|study|research|recruiting|enrol|enroll|join|sign up)\b")


def is_a_word_on_the_last(previous: Topic, text: str) -> bool:
    """Whether a one- or two-word message read as a trial search is about the last (non-trial) answer."""
    words = WORD.findall(text.lower())
    if previous.id in TRIAL_TOPICS or not words or len(words) > WORD_ON_THE_LAST_MAX_WORDS:
        return False
    return TRIAL_WORDS.search(" ".join(words)) is None


def asks_the_same_elsewhere(previous: Topic, text: str) -> bool:
    """Whether a short message asks the last (non-trial) answer again for another place."""
    words = WORD.findall(text.lower())
    if previous.id in TRIAL_TOPICS or not words or len(words) > ELSEWHERE_MAX_WORDS:
        return False
    return ELSEWHERE_TOO.search(" ".join(words)) is not None


# (session 20) "What about Spain though, sure that's in the EU?" right after the answer on treatment
# abroad: the same answer for another country, whatever the classifier made of the place (unsure,
# off-topic, a trial search). Not when the message asks for trials there.
PLACE_NAMED = re.compile(r"\b(?:" + PLACE_NAMES + r")\b")
ANOTHER_PLACE_MAX_WORDS = 14


def asks_about_another_place(previous: Topic, intent: str | None, text: str) -> bool:
    """Whether a message the classifier could not place names a country after an answer on where to buy treatment."""
    if previous.id not in PLACE_TOPICS or intent not in UNPLACED_INTENTS | {TRIAL_SEARCH_INTENT}:
        return False
    said = " ".join(WORD.findall(text.lower()))
    if not said or len(said.split()) > ANOTHER_PLACE_MAX_WORDS or TRIAL_WORDS.search(said):
        return False
    return PLACE_NAMED.search(said) is not None


# (session 20) "What kind of problems have people had?" right after an answer on an investigational
# therapy, or on buying it abroad: the risks of that therapy, though the classifier heard "who gets
# back pain" (risk factors) in it. Not when a condition is named ("what problems does arthritis cause?").
RISK_FACTORS_INTENT = "ask_risk_factors"
RISKS_INTENT = "ask_stem_cell_risks"
HARM_WORDS = re.compile(
    r"\b(?:problems?|issues?|side effects?|complications?|go wrong|goes wrong|gone wrong|went wrong|bad reactions?|"
    r"reactions?|harmed|hurt|infections?|injur(?:y|ies|ed))\b"
)
HARM_MAX_WORDS = 14


def therapy_harm_misheard(
    previous: Topic | None, intent: str, text: str, entities: Mapping[str, Sequence[str]]
) -> str | None:
    """The risks intent for a question on what went wrong for people, after an investigational answer; else None."""
    if intent != RISK_FACTORS_INTENT or previous is None or not previous.investigational:
        return None
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return None
    words = WORD.findall(text.lower())
    if len(words) > HARM_MAX_WORDS or HARM_WORDS.search(" ".join(words)) is None:
        return None
    return RISKS_INTENT


# (session 20) "How long till it heals usually?" after heat or cold read for a pulled muscle: how long
# the condition takes to get better (its course), not how long to use the treatment.
HEALING_WORDS = re.compile(
    r"\b(?:heal|heals|healed|healing|get better|gets better|go away|goes away|clear up|clears up|settle|"
    r"settles|settle down|recover|recovers|back to normal|mend|mends)\b"
)
HEALING_MAX_WORDS = 12


def condition_course_asked(
    kb: KnowledgeBase, previous: Topic | None, condition: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The course of the condition a treatment was just read for, when a short question asks when it heals."""
    words = _on_the_condition_read_for(previous, condition, text, entities, HEALING_MAX_WORDS)
    if words is None or condition is None:
        return None
    said = " ".join(words)
    if HEALING_WORDS.search(said) is None or TIME_WORDS.search(said) is None:
        return None
    return kb.topics.get(COURSE_TOPIC.get(condition.id, ""), condition)


def _on_the_condition_read_for(
    previous: Topic | None, condition: Topic | None, text: str, entities: Mapping[str, Sequence[str]], max_words: int
) -> list[str] | None:
    """The words of a short message naming no subject right after a treatment read for a condition; else None."""
    if previous is None or previous.family != "treatment" or condition is None or condition.family != "condition":
        return None
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return None
    words = WORD.findall(text.lower())
    return words if len(words) <= max_words else None


# (session 20) "What are the chances the disc goes again after?", "can it come back after the op?"
# right after an answer on an operation: the operation's risks (symptoms that stay or come back),
# not the condition the message names.
RECURRENCE_WORDS = re.compile(
    r"\b(?:again|come back|comes back|coming back|recur|recurs|recurrence|reherniat\w*|re herniat\w*|"
    r"return|returns|redo|second op\w*|another op\w*)\b"
)
AFTER_WORDS = re.compile(r"\b(?:after|afterwards|post op|later|since)\b")
RECURRENCE_MAX_WORDS = 14


def recurrence_after_operation(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short question asks if the problem comes back after the operation just discussed."""
    if previous is None or previous.id not in OPERATIONS or entities.get("treatment") or entities.get("study"):
        return False
    words = WORD.findall(text.lower())
    said = " ".join(words)
    return (
        len(words) <= RECURRENCE_MAX_WORDS
        and RECURRENCE_WORDS.search(said) is not None
        and AFTER_WORDS.search(said) is not None
    )


# (session 20) "Tell me more about cauda equina", "more on that please", "can you explain more about
# the discectomy" right after the answer on that very topic: its longer version (the "more" part),
# not the same short answer again. The classifier hears the topic's name, not "tell me more".
MORE_ABOUT = re.compile(
    r"^(?:(?:ok|okay|so|and|right|yes|yeah|please|pls|thanks|thank you|great|interesting|hmm)\s+)*"
    r"(?:(?:can|could|would|will) you\s+)?(?:please\s+)?"
    r"(?:tell me|tell us|say|explain|give me|go into|i want to know|i wanna know|i would like to know|i'd like to know|"
    r"id like to know|i need to know|let me know|i want|i'd like|id like)?\s*"
    r"(?:a (?:bit|little|lot) |some |much |abit )?(?:more|further|in more detail|in more depth|more details?)"
    r"\s+(?:about|on|of|regarding|re)\b"
)


def asks_for_more_on(text: str) -> bool:
    """Whether a message asks for more on something it names ("tell me more about X")."""
    return MORE_ABOUT.search(" ".join(WORD.findall(text.lower()))) is not None


# (session 21) Two treatments named and one asked about: "it's either a fusion or a discectomy. What's
# involved in the fusion one?", "I could try pregabalin or amitriptyline. What's the first one like?":
# the one the question names, or points to by order, not whichever the classifier heard.
FIRST_ONE = re.compile(r"\b(?:(?:the )?(?:first|1st) one|(?:the )?former)\b")
SECOND_ONE = re.compile(r"\b(?:(?:the )?(?:second|2nd|last|other) one|(?:the )?latter)\b")
COMPARED = re.compile(
    r"\b(?:same|similar|like the|as the|than|compared?|comparison|versus|vs|better|worse|different|difference)\b"
)


def _is_an_option(treatment: Topic) -> bool:
    """Whether a treatment named is one option ("this operation", "these tablets", "stem cells" name a kind)."""
    return treatment.id not in OVERVIEW_TOPICS and treatment.id not in GENERIC_THERAPY_TOPICS


def _treatments_named(kb: KnowledgeBase, text: str) -> tuple[list[Topic], list[tuple[int, Topic]]]:
    """The treatment topics a message names, in order of first mention, and where each mention starts."""
    named: list[Topic] = []
    spans: list[tuple[int, Topic]] = []
    for match in kb.lexicon.extract(text):
        treatment = kb.topic_for_entity("treatment", match.value) if match.entity == "treatment" else None
        if treatment is None or not _is_an_option(treatment):
            continue
        spans.append((match.start, treatment))
        if treatment not in named:
            named.append(treatment)
    return named, spans


def one_of_two_asked(
    kb: KnowledgeBase, topic: Topic, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The one of two treatments a message names that its question asks about, when the classifier heard the other."""
    named_values = (kb.topic_for_entity("treatment", value) for value in entities.get("treatment", ()))
    options = {found.id for found in named_values if found is not None and _is_an_option(found)}
    if len(options) != 2 or topic.id not in options:
        return None  # (the entities tell cheaply whether two are named; where, only the lexicon does)
    named, spans = _treatments_named(kb, text)
    if len(named) != 2 or topic not in named:
        return None
    sentences = SENTENCE_END.split(text.strip())
    asked = next((s for s in reversed(sentences) if "?" in s), sentences[-1])
    start = text.rfind(asked)
    if COMPARED.search(asked.lower()):
        return None  # "what is this, and is it the same as the bone marrow one?": both are asked about
    in_question = {t.id: t for position, t in spans if start <= position < start + len(asked)}
    if len(in_question) == 1:
        chosen = next(iter(in_question.values()))
    elif not in_question and FIRST_ONE.search(asked.lower()):
        chosen = named[0]
    elif not in_question and SECOND_ONE.search(asked.lower()):
        chosen = named[1]
    else:
        return None
    return chosen if chosen is not topic else None


# (session 23) "Going back to the shots, can I get them every month?", "ok back to the injection, how
# long will it work": a return to a subject discussed earlier, named after the words of return.
RETURNS_TO = re.compile(
    r"\b(?:going back to|go back to|goin back to|gone back to|back to|coming back to|come back to|returning to|"
    r"return to|re the|regarding the|about the [a-z]+(?: [a-z]+)? again)\b"
)


# The few words after the words of return that name what is returned to ("the shots", "the bone marrow
# thing"); not "back to work", "back to the gym".
RETURNED_WINDOW_WORDS = 5
# Bare words that, returned to, name the spinal injections (the lexicon leaves them out, as a stem
# cell "shot" is an injection too).
RETURNED_INJECTIONS = re.compile(r"^(?:the |those |that |them |my |his |her )?(?:injections?|shots?|jabs?)\b")
INJECTIONS_TOPIC = "injections"
RETURN_DETERMINER = re.compile(r"(?:(?:the|that|those|this|my|his|her|your|our|what you said about|about) )*")


def topic_returned_to(kb: KnowledgeBase, text: str) -> Topic | None:
    """The one treatment or condition a message returns to ("going back to the injections, ..."), if any."""
    said = " ".join(WORD.findall(text.lower()))
    found = RETURNS_TO.search(said)
    if found is None:
        return None
    window = " ".join(said[found.end():].split()[:RETURNED_WINDOW_WORDS])
    if RETURNED_INJECTIONS.match(window):
        return kb.topics.get(INJECTIONS_TOPIC)
    # what is returned to comes first, after at most a determiner ("the bone marrow thing"), not later
    # ("back to lifting after a slipped disc")
    determiner = RETURN_DETERMINER.match(window)
    opening = determiner.end() if determiner is not None else 0
    named = {
        topic.id: topic
        for match in kb.lexicon.extract(window)
        if match.start <= opening
        and match.entity in ("treatment", "condition")
        and (topic := kb.topic_for_entity(match.entity, match.value))
    }
    return next(iter(named.values())) if len(named) == 1 else None


# (session 22) A short follow-up that names no subject and that the classifier reads with less than
# this confidence stays on the last answer. On the development follow-ups (rounds 17, D1 and D2: 1,126
# later turns, session-22 model) 16 short ones with no subject were read below 0.5 (nlu_fallback aside);
# staying was right for 14 of them.
UNSURE_FOLLOW_UP_BELOW = 0.5
UNSURE_FOLLOW_UP_WORDS = 8


def stays_when_unsure(
    previous: Topic, text: str, entities: Mapping[str, Sequence[str]], confidence: float
) -> bool:
    """Whether a short follow-up the classifier is unsure of, naming no subject, stays on the last answer."""
    if confidence >= UNSURE_FOLLOW_UP_BELOW:
        return False
    if any(entities.get(e) for e in SUBJECT_ENTITIES):
        return False
    return 0 < len(WORD.findall(text.lower())) <= UNSURE_FOLLOW_UP_WORDS


# (session 22) The part of a message that asks: after its last comma, semicolon or sentence end.
CLAUSE_END = re.compile(r"[,;.!?]+\s*")
# A practical question in that part: "which medicine is good", "is physio ok", "will an injection help".
ASKS_ABOUT_IT = re.compile(
    r"\b(?:which|what|wat|wich|is|are|can|could|should|shall|would|will|does|do|any|good|help|helps|ok|okay|safe|"
    r"best|better|worth|recommend|advise)\b"
)
# A choice in that part ("will it go back in on its own or will I need surgery?") asks about the
# condition too.
EITHER_OR = re.compile(r"\bor\b")


def treatment_asked_for_condition(
    kb: KnowledgeBase, topic: Topic, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The one ordinary treatment asked about at the end of a message the classifier read as a condition.

    "I have hernia disc and pain in leg, which medicine is good": the condition is told first,
    the question, in the last part, is on a treatment for it. Not when the message is one part
    ("what is a slipped disc op?"), the treatment is named before the question or the message
    names several treatments.
    """
    if topic.family != "condition" or not entities.get("treatment"):
        return None
    matches = kb.lexicon.extract(text)
    treatments = {
        found.id: (match, found)
        for match in matches
        if match.entity == "treatment"
        and (found := kb.topic_for_entity("treatment", match.value)) is not None
        and not found.investigational
    }
    if len(treatments) != 1:
        return None
    match, treatment = next(iter(treatments.values()))
    parts = [part for part in CLAUSE_END.split(text.strip()) if part.strip()]
    if len(parts) < 2:
        return None
    asked = parts[-1]
    start = text.rfind(asked)
    if not start <= match.start < start + len(asked) or EITHER_OR.search(asked.lower()):
        return None
    return treatment if ASKS_ABOUT_IT.search(asked.lower()) else None


# (session 21) "And the other one?" right after the answer on one of two treatments the patient's
# message before named ("a fusion or a discectomy ... the fusion one?"): the other one.
OTHER_ONE = re.compile(
    r"^(?:(?:and|what about|how about|ok|okay|so|but|then|now|right|tell me about|whats|what is|what s)\s+)*"
    r"(?:the )?other (?:one|option|thing|kind|type|op|operation|medicine|tablet|pill|drug)\b"
)
OTHER_ONE_MAX_WORDS = 10


def the_other_of_two(kb: KnowledgeBase, previous: Topic | None, previous_text: str, text: str) -> Topic | None:
    """The treatment not answered of the two the patient's previous message named, when asked for "the other one"."""
    if previous is None or not previous_text:
        return None
    words = WORD.findall(text.lower())
    if len(words) > OTHER_ONE_MAX_WORDS or OTHER_ONE.search(" ".join(words)) is None:
        return None
    named, _ = _treatments_named(kb, previous_text)
    if len(named) != 2 or previous not in named:
        return None
    return named[1] if named[0] is previous else named[0]


# (session 21) "Why so expensive?", "how come it costs that much?" right after the answer on that very
# topic: a short why-question the classifier hears as the topic again. Its longer version says more
# than the same short answer would.
WHY_OF_IT = re.compile(r"^(?:(?:but|and|so|ok|okay|hmm|um|oh|really|right|wait)\s+)*(?:why|whys|how come)\b")
WHY_MAX_WORDS = 6


def asks_why_of_it(text: str) -> bool:
    """Whether a short message asks why (of what the last answer said)."""
    words = WORD.findall(text.lower())
    return len(words) <= WHY_MAX_WORDS and WHY_OF_IT.search(" ".join(words)) is not None


# (session 21) "Going back to the yoga thing, tell me more": a return to an earlier subject that asks
# for more on it, whichever answer came last.
RETURN_FOR_MORE = re.compile(
    r"\b(?:going back to|go back to|back to|coming back to|come back to|returning to|return to)\b.*"
    r"\b(?:tell me more|tell us more|more please|more pls|say more|explain more|more on (?:it|that|this)|"
    r"more about (?:it|that|this)|more detail|more details|go on)$"
)


def returns_for_more(text: str) -> bool:
    """Whether a message goes back to an earlier subject and asks for more on it."""
    return RETURN_FOR_MORE.search(" ".join(WORD.findall(text.lower()))) is not None


# (session 20) "Does it get worse as she grows?", "is it serious?" after a brace or heat read for a
# condition (scoliosis, a strain): how the condition goes, which its own answer tells, not the
# treatment's. The same pointers and words as a question that stays on a condition.
NATURE_MAX_WORDS = 12
PROGRESSION_WORDS = re.compile(
    r"\b(?:get worse|gets worse|getting worse|worsen|worsens|progress|progresses|spread|spreads|permanent|forever|"
    r"curable|cured|serious|dangerous|hereditary|genetic|inherited|run in)\b"
)


def condition_nature_asked(
    previous: Topic | None, condition: Topic | None, text: str, entities: Mapping[str, Sequence[str]]
) -> Topic | None:
    """The condition a treatment was just read for, when a short question pointing back asks how it goes."""
    words = _on_the_condition_read_for(previous, condition, text, entities, NATURE_MAX_WORDS)
    if words is None or not STAY_POINTERS.intersection(words):
        return None
    return condition if PROGRESSION_WORDS.search(" ".join(words)) else None


# (session 20) "10 people?! that's it?", "60 isn't many, is it?" right after an answer on one study:
# whether a study that size can tell much, which the answer on how studies are designed explains
# (about that study).
SIZE_DOUBT = re.compile(
    r"\b(?:isnt|not|aint) (?:very |that |so )?(?:many|much|big|large)\b|\bso (?:few|small)\b|"
    r"\b(?:too|very|really|pretty|quite|tiny|that) (?:small|few|tiny)\b|\b(?:only|just) \d+\b|"
    r"\b\d+ (?:people|patients|ppl|persons|subjects)?\s*(?:thats it|is that it|thats all|is that all)\b|"
    r"\bthats (?:not )?(?:many|much|it|all)\b|\b(?:is|was) (?:that|it) enough\b|\benough people\b"
)
SIZE_DOUBT_MAX_WORDS = 14


def doubts_the_study_size(previous: Topic | None, text: str, entities: Mapping[str, Sequence[str]]) -> bool:
    """Whether a short message after one study's answer doubts that so few people can show much."""
    if previous is None or previous.family != "study" or entities.get("treatment") or entities.get("condition"):
        return False
    words = WORD.findall(text.lower().replace("?!", " "))
    said = " ".join(words)
    return len(words) <= SIZE_DOUBT_MAX_WORDS and SIZE_DOUBT.search(said) is not None
