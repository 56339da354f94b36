"""`make content-report`: stale entries (safety-critical ones fail), weak evidence and malformed links."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.content_report import (
    CONTENT_DIR,
    MAX_GRADE,
    fk_grade,
    hard_to_read,
    main,
    reviewed_entries,
    sentences,
    syllables,
    topic_grades,
    url_problem,
    words,
)

ROOT = Path(__file__).resolve().parents[2]


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of bot/content to break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def edit(path: Path, change: Callable[[Any], None]) -> None:
    data = load(path)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def report(capsys, *options: str) -> tuple[int, str]:
    status = main(list(options))
    return status, capsys.readouterr().out


def section(output: str, title: str) -> list[str]:
    """The indented lines under a heading of the report."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    return [line.strip() for line in lines[start + 1 :] if line.startswith("  ")][: int(lines[start].split()[-1])]


def test_current_content_passes_within_a_year_of_its_review(capsys):
    # A fixed date, so the suite does not turn red by itself: `make content-report` is the live check.
    status, output = report(capsys, "--today", "2027-06-01")
    assert status == 0, output
    assert "stale safety-critical entries (these fail the report): 0" in output
    assert "malformed source links: 0" in output


def test_far_in_the_future_stale_safety_entries_fail_and_are_listed(capsys):
    status, output = report(capsys, "--today", "2100-01-01")
    assert status == 1
    critical = section(output, "stale safety-critical entries")
    triggers = [t["id"] for t in load(CONTENT_DIR / "safety" / "red_flags.yml")["triggers"]]
    regions = list(load(CONTENT_DIR / "safety" / "regions.yml")["regions"])
    expected = [
        *(f"bot/content/safety/red_flags.yml: {t} (red-flag trigger)" for t in triggers),
        *(f"bot/content/safety/regions.yml: {r} (region)" for r in regions),
        "bot/content/messages.yml: fda_caveat (message)",
        "bot/content/topics/regulation.yml: fda_status (topic)",  # family regulation
        "bot/content/topics/stem_cells.yml: bmac (topic)",  # investigational
    ]
    for start in expected:
        assert any(line.startswith(start) for line in critical), start
    others = section(output, "stale entries, not safety-critical")
    assert any(line.startswith("bot/content/topics/back_pain.yml: herniated_disc (topic)") for line in others)
    assert any(line.startswith("bot/content/clinics.yml: default (clinic)") for line in others)
    assert any(line.startswith("bot/content/messages.yml: welcome (message)") for line in others)
    assert not any("fda_caveat" in line for line in others)
    assert "FAIL: " in output


# A fixed "today" for the age checks: the content's own dates must not decide whether they pass.
# Entries reviewed after it are simply not stale.
FIXED_TODAY = "2027-06-01"


def check_the_age_limit(capsys, tmp_path: Path, content_dir: Path) -> None:
    """10 days in a thresholds file fails; --max-age-days overrides it; quality.yml's 365 days pass."""
    quality = load(ROOT / "quality.yml")
    quality["content_max_age_days"] = 10
    thresholds = tmp_path / "quality.yml"
    thresholds.write_text(yaml.safe_dump(quality))
    where = ("--today", FIXED_TODAY, "--content-dir", str(content_dir))
    status, output = report(capsys, *where, "--thresholds", str(thresholds))
    assert status == 1 and "older than 10 days" in output
    assert report(capsys, *where, "--thresholds", str(thresholds), "--max-age-days", "3650")[0] == 0
    status, output = report(capsys, *where)  # quality.yml: 365 days
    assert status == 0, output


def test_the_age_limit_comes_from_quality_yml_unless_given(tmp_path, capsys):
    check_the_age_limit(capsys, tmp_path, CONTENT_DIR)


def test_a_topic_reviewed_today_does_not_upset_the_age_check(content, tmp_path, capsys):
    today, reviewed = dt.date.today(), []

    def review_the_first_investigational_topic_today(data: Any) -> None:
        topic = next(t for t in data["topics"] if (t.get("regulatory") or {}).get("investigational"))
        topic["last_reviewed"] = today
        reviewed.append(topic["id"])

    edit(content / "topics" / "stem_cells.yml", review_the_first_investigational_topic_today)
    entry = next(e for e in reviewed_entries(content) if e.id == reviewed[0] and e.kind == "topic")
    assert entry.last_reviewed == today and entry.safety_critical
    check_the_age_limit(capsys, tmp_path, content)


@pytest.mark.parametrize(
    ("file", "change", "fails"),
    [
        ("clinics.yml", lambda d: d["clinics"]["demo"].update(last_reviewed=dt.date(2001, 1, 1)), False),
        ("sources/back_pain.yml", lambda d: d["sources"][0].update(last_reviewed=dt.date(2001, 1, 1)), False),
        ("safety/regions.yml", lambda d: d["regions"]["UK"].update(last_reviewed=dt.date(2001, 1, 1)), True),
        ("safety/red_flags.yml", lambda d: d["triggers"][0].pop("last_reviewed"), True),
        ("messages.yml", lambda d: d["messages"]["fda_caveat"].update(last_reviewed="someday"), True),
    ],
)
def test_only_stale_safety_critical_entries_fail(content, capsys, file, change, fails):
    edit(content / file, change)
    status, output = report(capsys, "--content-dir", str(content))
    assert status == (1 if fails else 0), output
    heading = "stale safety-critical entries" if fails else "stale entries, not safety-critical"
    listed = section(output, heading)
    assert len(listed) == 1 and listed[0].startswith(str(content / file)), listed


def test_topics_without_strong_evidence_are_listed(content, capsys):
    kinds = {s["id"]: s["kind"] for p in (content / "sources").glob("*.yml") for s in load(p)["sources"]}
    weak = next(source for source, kind in kinds.items() if kind == "case_series")
    topics = load(content / "topics" / "treatments.yml")["topics"]
    strong = next(t for t in topics if any(kinds[s] in ("guideline", "rct") for s in t["sources"]))
    assert section(report(capsys, "--content-dir", str(content))[1], "topics without")  # some exist today
    edit(content / "topics" / "treatments.yml", lambda d: d["topics"][topics.index(strong)].update(sources=[weak]))
    status, output = report(capsys, "--content-dir", str(content))
    assert status == 0
    assert f"treatments.yml: {strong['id']} (source kinds: case_series)" in "\n".join(
        section(output, "topics without")
    )


def test_malformed_source_links_in_a_copy_of_the_content_are_reported(content, capsys):
    def break_links(data: dict[str, Any]) -> None:
        sources = data["sources"]
        sources[0]["url"] = "http://www.nice.org.uk/guidance/ng59"
        sources[1]["url"] = "https://doi.org/S0140-6736(18)30480-X"
        sources[2]["url"] = "https://www.who.int/publications/low back pain"
        sources[3]["doi"] = "1016/j.spinee.2020.01.001"

    edit(content / "sources" / "back_pain.yml", break_links)
    ids = [s["id"] for s in load(content / "sources" / "back_pain.yml")["sources"]]
    status, output = report(capsys, "--content-dir", str(content))
    assert status == 0  # a bad link is listed, not a failure: `make validate` rejects it anyway
    listed = section(output, "malformed source links")
    where = str(content / "sources" / "back_pain.yml")
    assert listed[0] == f"{where}: {ids[0]}: not https (http://www.nice.org.uk/guidance/ng59)"
    assert listed[1].startswith(f"{where}: {ids[1]}: doi.org link whose DOI does not start with '10.'")
    assert listed[2].startswith(f"{where}: {ids[2]}: contains a space")
    assert listed[3] == f"{where}: {ids[3]}: doi does not start with '10.' (1016/j.spinee.2020.01.001)"
    assert len(listed) == 4


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://www.nice.org.uk/guidance/ng59", None),
        ("https://doi.org/10.1002/stem.1845", None),
        ("https://doi.org/10.1016%2FS0140-6736(18)30480-X", None),
        ("http://www.nice.org.uk/guidance/ng59", "not https"),
        ("https://www.nice.org.uk/guidance/ ng59", "contains a space"),
        ("https:///guidance/ng59", "no host"),
        ("www.nice.org.uk/guidance/ng59", "not https; no host"),
        ("https://nice/guidance", "host 'nice' is not a domain name"),
        ("https://dx.doi.org/stem.1845", "doi.org link whose DOI does not start with '10.'"),
        (None, "not a link"),
    ],
)
def test_url_problems(url, problem):
    assert url_problem(url) == problem


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("back", 1),
        ("pain", 1),  # one vowel group
        ("make", 1),  # silent final e
        ("people", 2),  # -le is sounded
        ("free", 1),
        ("walked", 1),  # -ed silent after most letters
        ("needed", 2),  # sounded after d or t
        ("wanted", 2),
        ("takes", 1),  # -es silent after most letters
        ("changes", 2),  # sounded after g, c, s, x, z, ch, sh
        ("therapy", 3),  # y is a vowel
        ("exercise", 3),
        ("don't", 1),
        ("MRI", 1),  # no vowel group: at least one
        ("2,223", 1),  # a number counts as one
        ("the", 1),
    ],
)
def test_syllables_are_estimated_by_vowel_groups(word, count):
    assert syllables(word) == count


def test_words_and_sentences():
    text = "Most back pain gets better. Scores fell by 3.5 points (see fda.gov)!\n- A bullet line\n- Another one?"
    assert words(text)[:4] == ["Most", "back", "pain", "gets"]
    assert "3.5" in words(text) and "well-known" not in words("a well-known fact")
    assert [part.strip() for part in sentences(text)] == [
        "Most back pain gets better",
        "Scores fell by 3.5 points (see fda.gov)",
        "- A bullet line",
        "- Another one",
    ]
    assert sentences("") == [] and fk_grade("") == 0.0


def test_fk_grade_follows_the_formula():
    # 2 sentences, 9 words, 11 syllables (mov-ing, ac-tive): 0.39 * 9 / 2 + 11.8 * 11 / 9 - 15.59 = 0.59
    assert fk_grade("Keep moving. Stay active as much as you can.") == round(0.39 * 9 / 2 + 11.8 * 11 / 9 - 15.59, 1)
    easy = "Keep moving. It helps. Rest a bit if you need to."
    hard = (
        "Radiofrequency denervation, administered following a diagnostic medial branch block, "
        "is recommended exclusively for individuals demonstrating substantial improvement."
    )
    assert fk_grade(easy) < 3 < MAX_GRADE < fk_grade(hard)


def test_texts_above_the_grade_limit_are_flagged_hardest_first(content, capsys):
    hard = (
        "Radiofrequency denervation, administered following a diagnostic medial branch block, "
        "is recommended exclusively for individuals demonstrating substantial improvement."
    )
    harder = hard + " Interventional procedures necessitate comprehensive multidisciplinary consideration."
    topics = load(content / "topics" / "treatments.yml")["topics"]

    def make_hard(data: dict[str, Any]) -> None:
        data["topics"][0]["answer"] = hard
        data["topics"][1]["more"] = harder

    edit(content / "topics" / "treatments.yml", make_hard)
    status, output = report(capsys, "--content-dir", str(content))
    assert status == 0  # readability is listed, not a failure
    flagged = section(output, "texts above grade")
    where = str(content / "topics" / "treatments.yml")
    assert flagged[0].startswith(f"{where}: {topics[1]['id']} more ")
    assert flagged[1].startswith(f"{where}: {topics[0]['id']} answer ")
    table = section(output, "Flesch-Kincaid grade of each topic")
    row = next(line for line in table if line.startswith(f"{where}: {topics[0]['id']}:"))
    assert "answer" in row and "OVER" in row and "more" in row
    assert f"readability: {len(flagged)} of {2 * len(table)} texts above grade 8" in output
    # A higher limit flags nothing.
    assert section(report(capsys, "--content-dir", str(content), "--max-grade", "40")[1], "texts above grade") == []


def test_every_topic_reads_at_grade_8_or_below():
    grades = topic_grades(CONTENT_DIR)
    assert len(grades) == 2 * sum(len(load(p)["topics"]) for p in (CONTENT_DIR / "topics").glob("*.yml"))
    assert hard_to_read(grades) == [], "rewrite in shorter sentences and words: `make content-report` lists them"


def test_make_help_lists_both_maintainer_commands():
    result = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "make evaluate " in result.stdout and "make content-report " in result.stdout
