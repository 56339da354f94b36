"""ClinicalTrials.gov client, place extraction and trial replies, offline against constructed fixtures."""

from __future__ import annotations

import copy
import re

import pytest
import requests

import bot.trials.client
from bot.content_file import ContentError
from bot.knowledge import get_knowledge_base
from bot.trials import (
    BASE_URL,
    MAX_SHOWN,
    TRIALS_CONTENT_PATH,
    USER_AGENT,
    ClinicalTrialsClient,
    Location,
    Trial,
    TrialSearchError,
    fallback_reply,
    get_trial_content,
    load_trial_content,
    place_from_text,
    place_in_follow_up,
    trials_reply,
)
from tests.bot.ctgov_fake import FakeSession, fixture, response, studies_session

KB = get_knowledge_base()
CONTENT = get_trial_content()
CAVEAT = KB.messages["fda_caveat"]
CURATED_IDS = ("NCT06325566", "NCT07254806", "NCT04042844")
SEARCH_LINK = "https://clinicaltrials.gov/search?cond=Low%20Back%20Pain&intr=stem%20cell"
FIXED_PARAMS = {
    "query.cond": "low back pain OR degenerative disc disease OR intervertebral disc degeneration",
    "query.intr": "stem cell OR mesenchymal OR bone marrow aspirate OR disc cell OR progenitor cell",
    "filter.overallStatus": "RECRUITING,NOT_YET_RECRUITING",
    "fields": "NCTId,BriefTitle,OverallStatus,Phase,LeadSponsorName,"
    "LocationFacility,LocationCity,LocationState,LocationCountry",
    "pageSize": "5",
    "format": "json",
}


def by_id(trials: list[Trial]) -> dict[str, Trial]:
    return {trial.nct_id: trial for trial in trials}


# --- the client --------------------------------------------------------------------------------


def test_search_reads_every_study_of_the_fixture():
    trials = ClinicalTrialsClient(studies_session()).search()
    assert [t.nct_id for t in trials] == [f"NCT9999000{i}" for i in range(1, 7)]
    first = trials[0]
    assert first.title.startswith("Example Study of Donor Mesenchymal Cells")
    assert (first.phase, first.status, first.sponsor) == (("PHASE3",), "RECRUITING", "Example Cell Therapeutics, Inc.")
    assert first.locations[0] == Location("Example Spine Institute", "Houston", "Texas", "United States")
    assert first.url == "https://clinicaltrials.gov/study/NCT99990001"


def test_missing_optional_fields_become_empty_not_errors():
    trials = by_id(ClinicalTrialsClient(studies_session()).search())
    assert trials["NCT99990004"].phase == () and trials["NCT99990004"].locations == ()
    assert trials["NCT99990005"].sponsor is None
    assert trials["NCT99990005"].nearest_location == Location(None, "Toronto", "Ontario", "Canada")
    assert trials["NCT99990006"].nearest_location is None
    assert trials["NCT99990003"].phase == ("PHASE1", "PHASE2")
    assert "  " not in trials["NCT99990002"].title  # registry whitespace is collapsed


def test_request_sends_exactly_the_fixed_query():
    session = studies_session()
    ClinicalTrialsClient(session).search()
    (call,) = session.calls
    assert call["url"] == BASE_URL == "https://clinicaltrials.gov/api/v2/studies"
    assert call["params"] == FIXED_PARAMS
    assert call["headers"]["User-Agent"] == USER_AGENT == "back-pain-assistant/0.1 (patient information chatbot)"
    assert call["timeout"] == (3.05, 5)


def test_the_named_place_is_the_only_thing_that_varies():
    session = studies_session()
    client = ClinicalTrialsClient(session)
    client.search("Boston")
    client.search("Sydney, Australia", limit=3)
    assert session.calls[0]["params"] == {**FIXED_PARAMS, "query.locn": "Boston"}
    assert session.calls[1]["params"] == {**FIXED_PARAMS, "query.locn": "Sydney, Australia", "pageSize": "3"}
    assert session.calls[0]["headers"] == session.calls[1]["headers"]


@pytest.mark.parametrize("limit", [0, -1, 21])
def test_limit_out_of_range_is_a_programming_error(limit):
    with pytest.raises(ValueError):
        ClinicalTrialsClient(studies_session()).search(limit=limit)


def test_empty_result_is_an_empty_list():
    assert ClinicalTrialsClient(studies_session("ctgov_empty.json")).search("Nowhere") == []


def _broken(path: list[str | int], value: object) -> dict:
    data = copy.deepcopy(fixture("ctgov_studies.json"))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "body",
    [
        fixture("ctgov_malformed.json"),
        [],
        {"totalCount": 3},
        {"studies": ["NCT99990001"]},
        _broken(["studies", 0, "protocolSection"], "text"),
        _broken(["studies", 0, "protocolSection", "identificationModule", "nctId"], 99990001),
        _broken(["studies", 0, "protocolSection", "identificationModule", "nctId"], "NCT123"),
        _broken(["studies", 0, "protocolSection", "identificationModule", "briefTitle"], ""),
        _broken(["studies", 0, "protocolSection", "statusModule"], None),
        _broken(["studies", 0, "protocolSection", "designModule", "phases"], "PHASE3"),
        _broken(["studies", 0, "protocolSection", "contactsLocationsModule", "locations"], {"city": "Boston"}),
        _broken(["studies", 0, "protocolSection", "contactsLocationsModule", "locations", 0, "city"], 7),
    ],
    ids=lambda body: re.sub(r"\W+", "_", str(body))[:40],
)
def test_json_of_the_wrong_shape_is_a_search_error(body):
    with pytest.raises(TrialSearchError):
        ClinicalTrialsClient(FakeSession(response(200, body))).search()


def test_a_body_that_is_not_json_is_a_search_error():
    page = response(200, "<html><body>Service maintenance</body></html>", "text/html")
    with pytest.raises(TrialSearchError, match="not JSON"):
        ClinicalTrialsClient(FakeSession(page)).search()


@pytest.mark.parametrize("status", [400, 404, 429, 500, 503, 204])
def test_any_status_but_200_is_a_search_error(status):
    with pytest.raises(TrialSearchError, match=f"HTTP {status}"):
        ClinicalTrialsClient(FakeSession(response(status, fixture("ctgov_studies.json")))).search()


@pytest.mark.parametrize(
    "error",
    [
        requests.Timeout("read timed out: /api/v2/studies?query.locn=Boston"),
        requests.ConnectTimeout("connect timed out"),
        requests.ConnectionError("Max retries exceeded with url: /api/v2/studies?query.locn=Boston"),
        requests.exceptions.SSLError("certificate verify failed"),
    ],
)
def test_network_failures_are_search_errors_that_do_not_repeat_the_place(error):
    with pytest.raises(TrialSearchError) as raised:
        ClinicalTrialsClient(FakeSession(error)).search("Boston")
    assert raised.value.__cause__ is error
    assert "Boston" not in str(raised.value)


# --- the cache ---------------------------------------------------------------------------------


def test_a_repeated_search_is_answered_from_the_cache():
    session = studies_session()
    client = ClinicalTrialsClient(session)
    first = client.search("Boston")
    assert client.search("Boston") == first
    assert client.search("  boston ") == first  # same place, however typed
    assert len(session.calls) == 1
    client.search("Boston", limit=3)
    client.search("Texas")
    client.search()
    assert len(session.calls) == 4


def test_the_cache_expires_after_its_ttl(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(bot.trials.client, "monotonic", lambda: now[0])
    session = studies_session()
    client = ClinicalTrialsClient(session, cache_ttl=60)
    client.search()
    now[0] += 59
    client.search()
    assert len(session.calls) == 1
    now[0] += 2
    client.search()
    assert len(session.calls) == 2


def test_failures_are_not_cached():
    session = FakeSession(requests.ConnectionError("down"), response(200, fixture("ctgov_studies.json")))
    client = ClinicalTrialsClient(session)
    with pytest.raises(TrialSearchError):
        client.search()
    assert len(client.search()) == 6
    assert len(session.calls) == 2


def test_the_cache_stays_small_whatever_places_patients_name(monkeypatch):
    monkeypatch.setattr(bot.trials.client, "MAX_CACHE_ENTRIES", 3)
    client = ClinicalTrialsClient(studies_session())
    for place in ("Boston", "Texas", "Ohio", "Leeds", "Perth"):
        client.search(place)
    assert len(client._cache) == 3


def test_callers_cannot_change_what_is_cached():
    client = ClinicalTrialsClient(studies_session())
    client.search().clear()
    assert len(client.search()) == 6


# --- nearest listed site -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "nct_id", "city"),
    [
        (None, "NCT99990001", "Houston"),
        ("Boston", "NCT99990001", "Boston"),
        ("Sydney", "NCT99990001", "Sydney"),
        ("Australia", "NCT99990001", "Sydney"),
        ("Manchester, UK", "NCT99990003", "Manchester"),
        ("London, UK", "NCT99990003", "London"),
        ("Austin, Texas", "NCT99990002", "Austin"),
        ("Texas", "NCT99990002", "Dallas"),  # both match: registry order
        ("Paris", "NCT99990001", "Houston"),  # none matches: the first site
    ],
)
def test_nearest_listed_site_is_the_first_matching_the_place(place, nct_id, city):
    trial = by_id(ClinicalTrialsClient(studies_session()).search(place))[nct_id]
    assert trial.nearest_location is not None and trial.nearest_location.city == city
    unsorted = by_id(ClinicalTrialsClient(studies_session()).search())[nct_id]
    assert sorted(map(repr, trial.locations)) == sorted(map(repr, unsorted.locations))  # reordered, not dropped


# --- the place the patient named ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("trials near Boston", "Boston"),
        ("find stem cell trials near Boston", "Boston"),
        ("in texas", "texas"),
        ("are there any recruiting studies in Texas", "Texas"),
        ("around London, UK", "London, UK"),
        ("any in Sydney?", "Sydney"),
        ("any clinical trials in London for back pain stem cells", "London"),
        ("trials in the Boston area please", "Boston"),
        ("stem cell studies in New York City", "New York City"),
        ("trials near St. Louis, Missouri", "St. Louis, Missouri"),
        ("trials in Winston-Salem, NC", "Winston-Salem, NC"),
        ("any in the UK?", "UK"),
        ("studies in the US", "US"),
        ("trials close to Manchester please", "Manchester"),
        ("I live in Ohio, find me a stem cell study", "Ohio"),
        ("I've been in pain for years, any trials near Denver", "Denver"),
        ("any trials in phase 3 near Boston", "Boston"),
        ("Trials in Boston. Thanks!", "Boston"),
    ],
)
def test_place_from_text_finds_the_place(text, place):
    assert place_from_text(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "",
        "trials for disc degeneration near me",
        "any trials in my area",
        "are there trials near us",
        "near here",
        "how do clinical trials work",
        "trials in phase 3",
        "in 2025",
        "in general, are trials safe",
        "interested in joining a trial",
        "interested in joining",
        "any trial for pain in the lower back",
        "are there trials in children",
        "find trials in " + "a" * 61,
        "trials in <script>alert(1)</script>",
    ],
)
def test_place_from_text_returns_none_when_unsure(text):
    assert place_from_text(text) is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("trials near Boston; DROP TABLE", "Boston"),
        ("in Boston/Cambridge", "Boston"),
        ("in Zürich", None),  # not cut down to "Z"
        ("near O'Fallon", None),
        ("in Z", None),
    ],
)
def test_a_place_is_only_letters_spaces_commas_periods_and_hyphens(text, place):
    assert place_from_text(text) == place


# --- replies -----------------------------------------------------------------------------------


def _live(place: str | None = None) -> list[Trial]:
    return ClinicalTrialsClient(studies_session()).search(place)


def _assert_notes_and_caveat(reply) -> None:
    for key in ("listing_not_approval", "payment_warning", "clinician"):
        assert CONTENT.render(key) in reply.text
    assert SEARCH_LINK in reply.text and reply.custom["search_url"] == SEARCH_LINK
    assert reply.text.endswith(CAVEAT.text)
    assert CAVEAT.text not in reply.custom["body"]
    assert reply.custom["caveat"]["text"] == CAVEAT.text
    assert [c["id"] for c in reply.custom["caveat"]["citations"]] == list(CAVEAT.sources)
    cited = {c["id"] for c in reply.custom["citations"]}
    assert {"ctgov_disclaimer", "fda_regen_consumer"} <= cited
    for citation in reply.custom["citations"] + reply.custom["caveat"]["citations"]:
        assert citation["url"].startswith("https://")
    assert all(t["url"].startswith("https://clinicaltrials.gov/study/NCT") for t in reply.custom["trials"])
    assert "{" not in reply.text and "}" not in reply.text
    assert reply.custom["type"] == "trials" and reply.buttons == ()


def test_trials_reply_shows_at_most_five_with_links_and_sites():
    trials = _live("Boston")
    assert len(trials) == 6 > MAX_SHOWN == 5
    reply = trials_reply(KB, trials, "Boston")
    shown = reply.custom["trials"]
    assert [t["nct_id"] for t in shown] == [t.nct_id for t in trials[:5]]
    for trial in trials[:5]:
        assert f"https://clinicaltrials.gov/study/{trial.nct_id}" in reply.text
        assert trial.title in reply.text
    assert "NCT99990006" not in reply.text
    assert reply.text.startswith(CONTENT.render("intro_place", place="Boston"))
    assert "Example Pain Research Center, Boston, Massachusetts, United States" in reply.text
    assert shown[0]["nearest_location"] == "Example Pain Research Center, Boston, Massachusetts, United States"
    assert shown[0]["phase"] == "Phase 3" and shown[0]["status"] == "Recruiting"
    assert shown[2]["phase"] == "Phase 1 / Phase 2" and shown[2]["status"] == "Not yet recruiting"
    assert reply.custom["kind"] == "results" and reply.custom["place"] == "Boston"
    _assert_notes_and_caveat(reply)


def test_trials_reply_without_a_place_or_with_missing_details_says_not_listed():
    trials = by_id(_live())
    reply = trials_reply(KB, [trials["NCT99990004"], trials["NCT99990005"]], None)
    assert reply.text.startswith(CONTENT.render("intro"))
    assert CONTENT.render("phase_not_listed") in reply.text
    assert f"Sponsor: {CONTENT.render('not_listed')}" in reply.text
    assert f"Nearest listed site: {CONTENT.render('not_listed')}" in reply.text
    assert reply.custom["trials"][0]["nearest_location"] is None and reply.custom["trials"][1]["sponsor"] is None


def test_registry_text_is_passed_through_as_plain_text():
    odd = Trial("NCT99990009", "Cells <b>&amp;</b> discs", ("PHASE9",), "ENROLLING", "A & B", ())
    reply = trials_reply(KB, [odd], None)
    assert "Cells <b>&amp;</b> discs" in reply.text and "A & B" in reply.text
    assert "PHASE9 · ENROLLING" in reply.text  # unknown codes are shown as the registry gives them


@pytest.mark.parametrize("place", [None, "Texas"])
def test_no_trials_found_says_so_and_lists_the_curated_trials(place):
    reply = trials_reply(KB, [], place)
    opening = CONTENT.render("no_results_place", place=place) if place else CONTENT.render("no_results")
    assert reply.text.startswith(opening)
    assert reply.custom["kind"] == "no_results"
    assert [t["nct_id"] for t in reply.custom["trials"]] == list(CURATED_IDS)
    _assert_notes_and_caveat(reply)


@pytest.mark.parametrize("place", [None, "Boston"])
def test_fallback_reply_says_the_registry_is_unreachable_and_lists_the_curated_trials(place):
    reply = fallback_reply(KB, place)
    assert reply.text.startswith("I couldn't reach ClinicalTrials.gov just now")
    assert reply.custom["kind"] == "unreachable"
    assert [t["nct_id"] for t in reply.custom["trials"]] == list(CURATED_IDS)
    for nct_id in CURATED_IDS:
        assert f"https://clinicaltrials.gov/study/{nct_id}" in reply.text
    for name in ("Mesoblast", "DiscGenics", "BioRestorative"):
        assert name in reply.text
    assert {"nct06325566", "nct07254806", "nct04042844"} <= {c["id"] for c in reply.custom["citations"]}
    _assert_notes_and_caveat(reply)


# --- reviewed content --------------------------------------------------------------------------


def test_curated_trials_match_their_registry_sources():
    assert tuple(t.nct_id for t in CONTENT.curated) == CURATED_IDS
    for trial in CONTENT.curated:
        assert KB.sources[trial.source].nct == trial.nct_id
        assert trial.last_reviewed <= max(s.last_reviewed for s in KB.sources.values())


def test_trial_messages_cite_known_sources_and_use_only_known_placeholders():
    allowed = {
        "intro_place": {"place"},
        "no_results_place": {"place"},
        "unreachable_place": {"place"},
        "trial": {"number", "title", "nct_id", "phase", "status", "sponsor", "site", "url"},
        "curated_trial": {"number", "title", "nct_id", "phase", "sponsor", "description", "date", "url"},
        "search_yourself": {"url"},
    }
    for key, message in CONTENT.messages.items():
        assert message.placeholders() == allowed.get(key, set()), key
        assert set(message.sources) <= set(KB.sources), key


def test_payment_wording_stays_with_what_fda_says():
    warning = CONTENT.render("payment_warning")
    assert "FDA says" in warning and "likely" in warning
    assert not re.search(r"\b(never|always) charge", warning)
    assert CONTENT.messages["payment_warning"].sources == ("fda_regen_consumer",)


def test_a_broken_trials_file_is_a_content_error(tmp_path):
    text = TRIALS_CONTENT_PATH.read_text(encoding="utf-8")
    broken = tmp_path / "trials.yml"
    for bad in (text.replace("nct_id: NCT04042844", "nct_id: NCT404"), text.replace("  clinician:", "  clinic:")):
        broken.write_text(bad, encoding="utf-8")
        with pytest.raises(ContentError):
            load_trial_content(broken)


@pytest.mark.parametrize(
    ("text", "place"),
    [("what about Brisbane", "Brisbane"), ("and Leeds?", "Leeds"), ("try Ohio instead", "Ohio"),
     ("and in Toronto?", "Toronto"), ("what about brisbane?", "brisbane"),
     ("what about it", None), ("how about stem cells", None), ("and how much is it", None)],
)
def test_a_follow_up_to_a_trial_search_may_name_only_a_place(text, place):
    assert place_in_follow_up(text) == place


def test_a_place_in_a_follow_up_can_be_asked_to_be_capitalised():
    assert place_in_follow_up("what about brisbane", capitalised=True) is None
    assert place_in_follow_up("what about the cost", capitalised=True) is None
