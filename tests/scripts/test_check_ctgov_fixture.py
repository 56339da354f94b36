"""`make check-trials-fixture`: the live response is compared with the fixture on the client's paths."""

from __future__ import annotations

import copy

import requests

from bot.trials import RESPONSE_PATHS, ClinicalTrialsClient
from scripts.check_ctgov_fixture import compare, main, path_types
from tests.bot.ctgov_fake import FakeSession, fixture, response


def check(answer, capsys) -> tuple[int, str]:
    code = main([], client=ClinicalTrialsClient(FakeSession(answer)))
    return code, capsys.readouterr().out


def test_the_fixture_has_an_example_of_every_path_the_client_reads():
    found = path_types(fixture("ctgov_studies.json"))
    assert [path for path, _ in RESPONSE_PATHS if path not in found] == []


def test_a_live_response_shaped_like_the_fixture_passes(capsys):
    live = copy.deepcopy(fixture("ctgov_studies.json"))
    del live["_fixture_note"]
    code, out = check(response(200, live), capsys)
    assert code == 0 and "PASS" in out


def test_a_changed_type_fails(capsys):
    live = copy.deepcopy(fixture("ctgov_studies.json"))
    live["studies"][0]["protocolSection"]["designModule"]["phases"] = "PHASE3"
    code, out = check(response(200, live), capsys)
    assert code == 1 and "designModule.phases" in out and "FAIL" in out


def test_a_missing_required_path_fails_and_a_missing_optional_one_is_noted():
    live = copy.deepcopy(fixture("ctgov_studies.json"))
    for study in live["studies"]:
        study["protocolSection"].pop("sponsorCollaboratorsModule", None)
    problems, notes = compare(fixture("ctgov_studies.json"), live)
    assert problems == [] and any("leadSponsor.name" in n for n in notes)
    for study in live["studies"]:
        study["protocolSection"]["statusModule"] = {"status": "RECRUITING"}
    problems, _ = compare(fixture("ctgov_studies.json"), live)
    assert any("overallStatus" in p for p in problems)


def test_no_network_says_so_plainly(capsys):
    code, out = check(requests.ConnectionError("Name or service not known"), capsys)
    assert code == 1 and "cannot reach ClinicalTrials.gov" in out and "internet" in out


def test_an_http_error_is_reported(capsys):
    code, out = check(response(400, "unknown field LeadSponsorName", "text/plain"), capsys)
    assert code == 1 and "HTTP 400" in out and "LeadSponsorName" in out
