"""Clinic claims: the reviewed file loads, phrases are recognised, broken files fail, replies are complete."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.claims import (
    DEFAULT_CLAIMS_PATH,
    MAX_CLAIMS,
    claims_menu_reply,
    claims_reply,
    find_claims,
    get_claim_book,
    load_claim_book,
    load_claims,
)
from bot.knowledge import ContentError, get_knowledge_base

KB = get_knowledge_base()
BOOK = get_claim_book()
CLAIMS = BOOK.claims
CAVEAT = KB.messages["fda_caveat"].text
CLINICIAN = KB.messages["clinician_prompt"].text

REQUIRED_CLAIMS = [
    "fda_registered",
    "fda_compliant",
    "own_cells_no_approval",
    "minimally_manipulated",
    "listed_on_ctgov",
    "pay_to_participate",
    "irb_approved",
    "clinically_proven",
    "cure_regenerate",
    "no_risks",
    "success_rate",
    "approved_for_other_uses",
    "birth_tissue_products",
    "patient_testimonials",
    "phase_3_trials",
    "cells_find_damage",
    "fast_track_approval",
    "legal_abroad",
]
# The days a reviewer checked the claims against their sources (issue 15 added the last five).
REVIEW_DAYS = {"2026-11-21", "2026-12-06"}


def ids(text: str) -> list[str]:
    return [claim.id for claim in find_claims(text)]


# --- the shipped file ------------------------------------------------------------------------


def test_shipped_file_loads_with_every_required_claim():
    claims = load_claims()
    assert len(claims) >= 19
    assert [c for c in REQUIRED_CLAIMS if c not in claims] == []


def test_claims_are_loaded_once():
    assert get_claim_book() is get_claim_book()


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_every_claim_cites_fda_or_the_regulation_and_known_sources(claim_id):
    claim = CLAIMS[claim_id]
    hosts = {urlsplit(KB.sources[s].url).hostname for s in claim.sources}
    assert any(h and (h.endswith("fda.gov") or h.endswith("ecfr.gov")) for h in hosts)
    assert set(claim.related) <= set(KB.topics)
    assert len(claim.title) <= 40
    assert claim.last_reviewed.isoformat() in REVIEW_DAYS


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_wording_is_plain_and_never_calls_a_clinic_a_fraud(claim_id):
    claim = CLAIMS[claim_id]
    for part in (claim.means, claim.does_not_mean, claim.check):
        for sentence in re.split(r"(?<=[.?!:])\s+|\n", part):
            assert len(sentence.split()) <= 30, f"{claim_id}: long sentence: {sentence}"
        assert not re.search(r"\b(fraud\w*|scam\w*|con artists?)\b", part, re.IGNORECASE)


def test_content_guide_lists_every_claim() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "content-guide.md").read_text(encoding="utf-8")
    assert [claim_id for claim_id in CLAIMS if f"`{claim_id}`" not in guide] == []


def test_own_cells_claim_explains_all_four_conditions():
    means = CLAIMS["own_cells_no_approval"].means
    assert means.count("\n- ") == 4
    assert "ecfr_1271_10" in CLAIMS["own_cells_no_approval"].sources


def test_approved_for_other_uses_names_what_is_really_approved():
    means = CLAIMS["approved_for_other_uses"].means
    assert "Ryoncil" in means and "children" in means and "Cord-blood" in means


# --- recognising claims in free text ---------------------------------------------------------


PHRASES = [(claim.id, phrase) for claim in CLAIMS.values() for phrase in claim.phrases]


@pytest.mark.parametrize(("claim_id", "phrase"), PHRASES)
def test_every_phrase_is_recognised_inside_a_longer_message(claim_id, phrase):
    message = f'Hi, the clinic website told me "{phrase.upper()}", what does that actually mean?'
    assert claim_id in ids(message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("They are FDA-registered", ["fda_registered"]),
        ("they are fda   registered", ["fda_registered"]),
        ("It's an FDA-registered lab so it's all fine", ["fda_compliant"]),
        ("the cells come from an fda approved facility", ["fda_compliant"]),
        ("Our trial is FDA-approved!", ["fda_approved"]),
        ("they said because it's my own cells it doesn\u2019t need FDA approval", ["own_cells_no_approval"]),
        ("It's a same-day procedure and minimally-manipulated", ["minimally_manipulated"]),
        ("the study is on ClinicalTrials.gov", ["listed_on_ctgov"]),
        ("it's a patient-funded trial", ["pay_to_participate"]),
        ("the study is IRB-approved", ["irb_approved"]),
        ("clinically-proven results", ["clinically_proven"]),
        ("the injection regenerates your disc", ["cure_regenerate"]),
        ("stem cells regrow cartilage", ["cure_regenerate"]),
        ("it is risk-free with no side-effects", ["no_risks"]),
        ("95% of patients improve", ["success_rate"]),
        ("We have a 95% success rate", ["success_rate"]),
        ("the website says 95% success", ["success_rate"]),
        ("clinic says 95% of their patients get better, true?", ["success_rate"]),
        ("they said it's fully legal and approved in Cyprus", ["legal_abroad"]),
        ("'we are not doing anything illegal', is that true", ["legal_abroad"]),
        (
            "it's a same-day treatment so the FDA doesn't regulate it",
            ["minimally_manipulated", "own_cells_no_approval"],
        ),
        ("it's fine because Ryoncil is approved for other uses", ["approved_for_other_uses"]),
        ("Wharton\u2019s jelly and exosome shots", ["birth_tissue_products"]),
        ("amniotic fluid injections", ["birth_tissue_products"]),
    ],
)
def test_variants_are_recognised(message, expected):
    assert ids(message) == expected


# Issue 15: claims from clinic adverts and websites, each in several patients' phrasings.
NEW_CLAIM_MESSAGES = [
    ("patient_testimonials", "their website says see our patient videos"),
    ("patient_testimonials", "hundreds of happy patients can't be wrong"),
    ("patient_testimonials", "the advert says Real Results From Real People"),
    ("patient_testimonials", "they sent me a link to their video testimonials"),
    ("patient_testimonials", "the clinic showed me success stories and 5-star reviews"),
    ("patient_testimonials", "all those testimonies on youtube, is it true"),
    ("phase_3_trials", "the treatment is backed by phase 3 trials"),
    ("phase_3_trials", "their product is clinically trialled"),
    ("phase_3_trials", "it's clinically-tested and in Phase III"),
    ("phase_3_trials", "they said it already passed clinical trials"),
    ("phase_3_trials", "the cells have been through late-stage trials"),
    ("cells_find_damage", "the cells travel to where the pain is"),
    ("cells_find_damage", "stem cells find the damage and repair it"),
    ("cells_find_damage", "they home in on the injured disc"),
    ("cells_find_damage", "the stem cells know where the pain is"),
    ("cells_find_damage", "the cells are smart cells, they seek out damage"),
    ("cells_find_damage", "the doctor says the cells go straight to the source"),
    ("success_rate", "9 in 10 patients pain-free"),
    ("success_rate", "nine out of ten patients are pain free"),
    ("success_rate", "a 90% success rate"),
    ("success_rate", "you'll be pain free in 6 weeks"),
    ("success_rate", "8 out of 10 people were pain-free after one injection"),
    ("fast_track_approval", "Fast Track means it will be approved soon"),
    ("fast_track_approval", "the product is fast-tracked by the FDA"),
    ("fast_track_approval", "it has RMAT status"),
    ("fast_track_approval", "it is about to be FDA approved"),
    ("fast_track_approval", "the treatment is pending FDA approval"),
    ("legal_abroad", "it's legal abroad, so it's safe"),
    ("legal_abroad", "it is legal in Mexico"),
    ("legal_abroad", "the treatment is approved by their government"),
    ("legal_abroad", "it's not available in the US but it's allowed there"),
    ("legal_abroad", "the FDA has no jurisdiction over our clinic in Cancun"),
    ("legal_abroad", "this kind of medical tourism is completely legal overseas"),
]


@pytest.mark.parametrize(("claim_id", "message"), NEW_CLAIM_MESSAGES)
def test_claims_from_adverts_are_recognised_in_patients_words(claim_id: str, message: str) -> None:
    assert ids(message) == [claim_id]


def test_each_claim_from_adverts_has_several_phrasings_here() -> None:
    counts = {claim_id: 0 for claim_id, _ in NEW_CLAIM_MESSAGES}
    for claim_id, _ in NEW_CLAIM_MESSAGES:
        counts[claim_id] += 1
    assert set(counts) >= set(REQUIRED_CLAIMS[-5:]) | {"success_rate"}
    assert min(counts.values()) >= 5


def test_trialled_and_proven_are_different_claims() -> None:
    message = "the clinic says it is clinically trialled and clinically proven, with happy patients"
    assert ids(message) == ["phase_3_trials", "clinically_proven", "patient_testimonials"]


def test_several_claims_are_found_in_order_of_mention_each_once():
    message = (
        "Copied from their brochure: our stem cell therapy is clinically proven, has no side effects, "
        "and is FDA registered. Completely safe! Proven to work."
    )
    assert ids(message) == ["clinically_proven", "no_risks", "fda_registered"]


@pytest.mark.parametrize(
    "message",
    [
        "what is a herniated disc",
        "I registered for their free seminar",
        "the FDA is a government agency",
        "stem cell therapy is unproven",
        "I feel insecure about my back",
        "I take irbesartan for blood pressure",
        "is exercise good for back pain",
        "a procurement officer at the clinic",
        "my discs are worn",
        "my pain is 9 out of 10 most days",
        "i don't know where to go for my back",
        "i watched a video about back exercises",
        "which phase of recovery am i in",
        "is it legal to drive after an epidural",
        "",
    ],
)
def test_ordinary_messages_name_no_claim(message):
    assert ids(message) == []


# --- broken copies of the file fail, naming the file and the entry ---------------------------


def _broken_copy(tmp_path: Path, edit: Any) -> Path:
    data = yaml.safe_load(DEFAULT_CLAIMS_PATH.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _claim(data: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(entry for entry in data["claims"] if entry["id"] == claim_id)


@pytest.mark.parametrize(
    ("edit", "entry", "problem"),
    [
        (lambda d: _claim(d, "no_risks")["sources"].append("no_such_source"), "no_risks", "unknown source"),
        (lambda d: _claim(d, "irb_approved")["phrases"].append("fda registered"), "irb_approved", "fda_registered"),
        (lambda d: _claim(d, "irb_approved")["phrases"].append("fda-registered"), "irb_approved", "fda_registered"),
        (lambda d: _claim(d, "success_rate").pop("check"), "success_rate", "'check'"),
        (lambda d: _claim(d, "success_rate").pop("last_reviewed"), "success_rate", "last_reviewed"),
        (lambda d: _claim(d, "cure_regenerate").update(sources=["soufi_2023"]), "cure_regenerate", "FDA or eCFR"),
        (lambda d: _claim(d, "cure_regenerate").update(title="x" * 41), "cure_regenerate", "40 characters"),
        (lambda d: _claim(d, "cure_regenerate").update(related=["no_topic"]), "cure_regenerate", "no_topic"),
        (lambda d: _claim(d, "cure_regenerate")["phrases"].append("Cure All"), "cure_regenerate", "lowercase"),
        (lambda d: _claim(d, "cure_regenerate").update(typo="x"), "cure_regenerate", "unknown field"),
        (lambda d: d["claims"].append(dict(_claim(d, "no_risks"), phrases=["x y z"])), "no_risks", "twice"),
    ],
)
def test_broken_file_fails_naming_file_and_entry(tmp_path, edit, entry, problem):
    path = _broken_copy(tmp_path, edit)
    with pytest.raises(ContentError) as error:
        load_claims(path)
    message = str(error.value)
    assert str(path) in message
    assert entry in message
    assert problem in message


def test_missing_wording_fails(tmp_path):
    path = _broken_copy(tmp_path, lambda d: d["wording"].pop("menu"))
    with pytest.raises(ContentError, match=r"claims\.yml: wording: missing 'menu'"):
        load_claim_book(path)


def test_unreadable_file_fails(tmp_path):
    with pytest.raises(ContentError, match="cannot read"):
        load_claims(tmp_path / "missing.yml")


# --- replies ---------------------------------------------------------------------------------


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_reply_explains_the_claim_with_sources_and_caveat(claim_id):
    claim = CLAIMS[claim_id]
    reply = claims_reply(KB, [claim])
    for part in (claim.title, claim.means, claim.does_not_mean, claim.check):
        assert part in reply.text
    for label in ("means", "does_not_mean", "check"):
        assert BOOK.wording[label] in reply.text
    for source_id in claim.sources:
        assert KB.sources[source_id].url in reply.text
    assert reply.text.index(claim.check) < reply.text.index(CAVEAT) < reply.text.index(CLINICIAN)
    assert "{" not in reply.text and "}" not in reply.text
    custom = reply.custom
    assert custom["type"] == "claims"
    assert custom["claim_ids"] == [claim_id]
    assert [c["id"] for c in custom["citations"]] == list(claim.sources)
    assert all(c["url"].startswith("https://") for c in custom["citations"])
    assert custom["caveat"]["text"] == CAVEAT
    assert {c["id"] for c in custom["caveat"]["citations"]} == set(KB.messages["fda_caveat"].sources)
    assert CAVEAT not in custom["body"] and claim.means in custom["body"]
    assert custom["last_reviewed"] == claim.last_reviewed.isoformat()


def test_reply_buttons_lead_to_the_related_regulation_topics():
    reply = claims_reply(KB, [CLAIMS["fda_registered"], CLAIMS["pay_to_participate"]])
    payloads = [b.payload for b in reply.buttons]
    assert '/ask_fda_registered{"topic":"fda_registered_claims"}' in payloads
    assert '/ask_clinic_warning{"topic":"unapproved_clinics"}' in payloads
    assert '/ask_clinical_trials{"topic":"clinical_trials"}' in payloads
    assert len(payloads) == len(set(payloads)) <= 4
    assert reply.custom["buttons"] == [{"title": b.title, "payload": b.payload} for b in reply.buttons]


def test_reply_explains_at_most_three_claims_and_says_there_are_more():
    claims = [CLAIMS[c] for c in REQUIRED_CLAIMS[:5]]
    reply = claims_reply(KB, claims)
    assert reply.custom["claim_ids"] == REQUIRED_CLAIMS[:MAX_CLAIMS]
    assert reply.custom["more_found"] is True
    assert BOOK.wording["more_found"] in reply.text
    for claim in claims[MAX_CLAIMS:]:
        assert claim.means not in reply.text
    assert reply.text.count(BOOK.wording["check"] + ":") == MAX_CLAIMS
    assert reply.text.count(CAVEAT) == 1


def test_menu_offers_every_claim_as_a_button():
    reply = claims_menu_reply(KB, CLAIMS.values())
    assert reply.text == BOOK.wording["menu"]
    assert [b.title for b in reply.buttons] == [c.title for c in CLAIMS.values()]
    for button, claim in zip(reply.buttons, CLAIMS.values(), strict=True):
        intent, entities = re.match(r"^/(\w+)(\{.*\})$", button.payload).groups()
        assert intent == "check_clinic_claim"
        assert json.loads(entities) == {"claim": claim.id}
    assert reply.custom["kind"] == "claims_menu"


def test_reply_without_claims_is_the_menu():
    assert claims_reply(KB, []).custom["kind"] == "claims_menu"


# Wordings of older claims that adverts use too (added 2026-12-06).
MORE_WORDINGS = [
    ("cure_regenerate", "the leaflet says one shot reverses years of wear in the spine"),
    ("cure_regenerate", "they promise my discs will grow back"),
    ("cells_find_damage", "the nurse said the cells know where to go in the body"),
    ("clinically_proven", "the website says it's backed by thousands of patients and studies"),
]


@pytest.mark.parametrize(("claim_id", "message"), MORE_WORDINGS)
def test_more_advert_wordings_are_recognised(claim_id: str, message: str) -> None:
    assert claim_id in [claim.id for claim in find_claims(message)]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('the receptionist said the cells "home in" on the worn disc by themselves', "cells_find_damage"),
        ("they promise the cells \u201chome in\u201d on damage", "cells_find_damage"),
        ("the rep said it's one and done, you'll never have back pain again", "cure_regenerate"),
        ("their leaflet says it's used by pro athletes and celebrities", "patient_testimonials"),
    ],
)
def test_quoted_claims_and_endorsements_are_recognised(message: str, expected: str) -> None:
    assert expected in [claim.id for claim in find_claims(message)]
