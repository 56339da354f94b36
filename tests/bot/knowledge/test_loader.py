"""The knowledge base loads, covers the required topics, and rejects broken content loudly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.knowledge import ContentError, load_knowledge_base
from bot.knowledge.loader import CONTENT_DIR, unknown_intents
from bot.knowledge.model import ANSWER_MAX_WORDS, MORE_MAX_WORDS, RELATED_MAX, RELATED_MIN, word_count

REQUIRED_TOPICS = [
    "back_pain_prevalence", "back_pain_causes", "disc_degeneration", "herniated_disc",
    "spinal_stenosis", "spondylolisthesis", "muscle_strain", "arthritis", "scoliosis",
    "risk_factors", "symptoms", "sciatica", "acute_vs_chronic", "imaging",
    "treatment_overview", "staying_active", "exercise_physio", "heat_cold", "medicines",
    "injections", "surgery", "weight_lifestyle", "complementary_therapies",
    "stem_cell_basics", "stem_cell_sources", "bmac", "donor_cell_therapy", "stem_cell_mechanism",
    "stem_cell_human_studies", "stem_cell_lab_research", "stem_cell_risks", "stem_cell_cost",
    "clinical_trials", "fda_status", "fda_approved_products", "fda_registered_claims",
    "unapproved_clinics", "report_harm", "study_pettine_2015", "study_orozco_2011",
    "study_amirdelfan_2021", "study_gornet_2024", "study_bmac_case_review",
    "stem_cell_systematic_reviews", "study_jiang_2023", "study_chen_2015",
]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def test_every_required_topic_is_present(kb):
    missing = [topic for topic in REQUIRED_TOPICS if topic not in kb.topics]
    assert not missing


def test_every_stem_cell_or_regulation_topic_is_marked_investigational(kb):
    for topic in kb.topics.values():
        if topic.family in ("stem_cell", "regulation", "study"):
            assert topic.investigational, topic.id
        if topic.family in ("condition", "general"):
            assert not topic.investigational, topic.id


def test_treatment_topics_are_balanced(kb):
    for topic in kb.topics.values():
        if topic.family == "treatment":
            assert set(topic.balance) == {"how_it_works", "benefits", "risks", "uncertain", "alternatives"}


def test_named_studies_cite_their_paper(kb):
    expected = {
        "study_pettine_2015": "10.1002/stem.1845",
        "study_amirdelfan_2021": "10.1016/j.spinee.2020.10.004",
        "study_gornet_2024": "10.14444/8609",
        "study_chen_2015": "10.1172/JCI80883",
        "study_orozco_2011": "10.1097/TP.0b013e3182298a15",
    }
    for topic_id, doi in expected.items():
        dois = {source.doi for source in kb.sources_for(kb.topics[topic_id])}
        assert doi in dois, topic_id


def test_every_source_has_an_https_link(kb):
    for source in kb.sources.values():
        assert source.url.startswith("https://"), source.id


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def _edit_first_topic(content: Path, file_name: str, edit) -> str:
    path = content / "topics" / file_name
    data = yaml.safe_load(path.read_text())
    topic = data["topics"][0]
    edit(topic)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return topic["id"]


def test_unknown_source_id_is_rejected_with_file_and_topic(content_copy):
    topic_id = _edit_first_topic(content_copy, "stem_cells.yml", lambda t: t["sources"].append("no_such_paper"))
    with pytest.raises(ContentError, match=rf"stem_cells.yml: {topic_id}: unknown source id 'no_such_paper'"):
        load_knowledge_base(content_copy)


def test_missing_review_date_is_rejected(content_copy):
    topic_id = _edit_first_topic(content_copy, "back_pain.yml", lambda t: t.pop("last_reviewed"))
    with pytest.raises(ContentError, match=rf"{topic_id}: missing 'last_reviewed'"):
        load_knowledge_base(content_copy)


def test_investigational_topic_without_regulatory_status_is_rejected(content_copy):
    topic_id = _edit_first_topic(content_copy, "stem_cells.yml", lambda t: t.pop("regulatory"))
    with pytest.raises(ContentError, match=rf"{topic_id}: .*needs 'regulatory'"):
        load_knowledge_base(content_copy)


def test_treatment_without_balance_is_rejected(content_copy):
    topic_id = _edit_first_topic(content_copy, "treatments.yml", lambda t: t.pop("balance"))
    with pytest.raises(ContentError, match=rf"{topic_id}: a treatment topic needs 'balance'"):
        load_knowledge_base(content_copy)


def test_related_topic_must_exist(content_copy):
    _edit_first_topic(content_copy, "back_pain.yml", lambda t: t["related"].append("nowhere"))
    with pytest.raises(ContentError, match="related topic 'nowhere' does not exist"):
        load_knowledge_base(content_copy)


def test_duplicate_source_id_is_rejected(content_copy):
    path = content_copy / "sources" / "back_pain.yml"
    data = yaml.safe_load(path.read_text())
    data["sources"].append(dict(data["sources"][0]))
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError, match="defined twice"):
        load_knowledge_base(content_copy)


def test_plain_http_source_link_is_rejected(content_copy):
    path = content_copy / "sources" / "back_pain.yml"
    data = yaml.safe_load(path.read_text())
    data["sources"][0]["url"] = "http://example.org/paper"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError, match="https://"):
        load_knowledge_base(content_copy)


def test_broken_yaml_names_the_file(content_copy):
    (content_copy / "topics" / "broken.yml").write_text("topics: [unclosed\n")
    with pytest.raises(ContentError, match="broken.yml: not valid YAML"):
        load_knowledge_base(content_copy)


def _words(count: int) -> str:
    return " ".join(["word"] * count)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda t: t.update(answer=_words(81)), "'answer' has 81 words, more than the 80 allowed"),
        (lambda t: t.update(more="- " + _words(201)), "'more' has 201 words, more than the 200 allowed"),
        (lambda t: t.update(related=t["related"][:1]), "'related' needs 2 to 4 topic ids (offered as buttons), got 1"),
        (
            lambda t: t.update(related=["sciatica", "imaging", "symptoms", "arthritis", "scoliosis"]),
            "'related' needs 2 to 4 topic ids (offered as buttons), got 5",
        ),
    ],
)
def test_limits_the_content_guide_promises_are_checked_with_file_and_topic(content_copy, edit, problem):
    topic_id = _edit_first_topic(content_copy, "back_pain.yml", edit)
    with pytest.raises(ContentError, match=rf"topics/back_pain.yml: {topic_id}: {re.escape(problem)}"):
        load_knowledge_base(content_copy)


def test_answers_at_the_limits_load_and_bullets_are_not_words(content_copy):
    def at_limits(topic: dict) -> None:
        topic.update(answer=_words(80), more="\n".join("- " + _words(20) for _ in range(10)))
        topic["related"] = topic["related"][:2]

    topic_id = _edit_first_topic(content_copy, "back_pain.yml", at_limits)
    topic = load_knowledge_base(content_copy).topics[topic_id]
    assert word_count(topic.answer) == 80 and word_count(topic.more) == 200 and len(topic.related) == 2


def test_shipped_topics_keep_within_the_limits(kb):
    for topic in kb.topics.values():
        assert word_count(topic.answer) <= ANSWER_MAX_WORDS, topic.id
        assert word_count(topic.more) <= MORE_MAX_WORDS, topic.id
        assert RELATED_MIN <= len(topic.related) <= RELATED_MAX, topic.id


def test_a_topic_intent_missing_from_the_domain_is_named_with_file_and_topic(content_copy):
    topic_id = _edit_first_topic(content_copy, "stem_cells.yml", lambda t: t["intents"].append("ask_stem_cel_basics"))
    kb = load_knowledge_base(content_copy)
    known = kb.intents() - {"ask_stem_cel_basics"}
    path = content_copy / "topics" / "stem_cells.yml"
    assert unknown_intents(kb, known, "domain.yml") == [
        f"{path}: {topic_id}: intent 'ask_stem_cel_basics' is not an intent in domain.yml"
    ]


@pytest.mark.parametrize(
    ("file_name", "field", "value", "problem"),
    [
        ("back_pain.yml", "used_for", ["sciatica"], "used_for 'sciatica' needs a treatment topic and a condition"),
        ("treatments.yml", "used_for", ["no_such_condition"], "used_for 'no_such_condition' needs a treatment"),
        ("back_pain.yml", "studied_products", ["bmac"], "studied_products 'bmac' needs a study topic and a treatment"),
    ],
)
def test_content_links_need_the_right_family_and_a_lexicon_value(content_copy, file_name, field, value, problem):
    topic_id = _edit_first_topic(content_copy, file_name, lambda t: t.__setitem__(field, value))
    with pytest.raises(ContentError, match=rf"{topic_id}: {problem}"):
        load_knowledge_base(content_copy)


def test_a_product_and_a_condition_find_the_topics_linked_to_them(kb):
    assert kb.study_of_product("disc_cells").id == "study_gornet_2024"
    assert kb.study_of_product("bmac") is None
    assert [t.id for t in kb.used_for("sciatica", ("gabapentinoids", "opioids", "discectomy"))] == [
        "discectomy",
        "gabapentinoids",
    ]
