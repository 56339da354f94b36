"""List content due for review, topics without strong evidence, and malformed source links.

Usage: python -m scripts.content_report [--max-age-days N] [--today YYYY-MM-DD] [--content-dir bot/content]
                                        [--thresholds quality.yml]
Reads the content files as plain YAML (not through the loaders, which would stop at the first bad
link) and lists, grouped with counts and naming file and entry id:
- entries whose last_reviewed date is older than the maximum age (--max-age-days, else
  content_max_age_days in quality.yml): topics, sources, messages, red-flag triggers, regions, clinics;
- topics none of whose sources is a guideline, systematic review or randomised controlled trial;
- source links that look malformed (not https, spaces, no host, a doi.org DOI not starting "10.");
- the Flesch-Kincaid grade of the answer and the "more" text of every topic, flagging any above
  grade 8 (--max-grade): patients should be able to read every answer at about age 12-13.
Exits 1 when a safety-critical entry is stale or has no review date: a red-flag trigger, a region,
a topic of family regulation or with regulatory.investigational true, or the fda_caveat message (and
its one-line reminder, and the emergency line the widget keeps in its header).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from scripts.quality import QUALITY_FILE, QualityFileError, load_quality

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "bot" / "content"
STRONG_KINDS = ("guideline", "systematic_review", "rct")
SAFETY_MESSAGES = ("fda_caveat", "fda_caveat_reminder", "emergency_line")
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
# Highest Flesch-Kincaid grade a topic's answer or "more" text may have (docs/content-guide.md).
MAX_GRADE = 8.0
GRADED_FIELDS = ("answer", "more")


@dataclass(frozen=True)
class Reviewed:
    """One content entry with a review date."""

    file: str
    id: str
    kind: str
    last_reviewed: dt.date | None
    safety_critical: bool

    def age(self, today: dt.date) -> int | None:
        """Days since the last review (None without a valid date)."""
        return None if self.last_reviewed is None else (today - self.last_reviewed).days


# libyaml's parser when installed: the red-flag file takes most of a second with the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise SystemExit(f"{path}: cannot read content file: {error}") from error


def _items(path: Path, key: str) -> list[tuple[str, dict[str, Any]]]:
    """(id, entry) pairs of the list or mapping under `key` (mappings are keyed by id)."""
    data = _read(path)
    raw = data.get(key) if isinstance(data, dict) else None
    if isinstance(raw, dict):
        return [(str(name), entry) for name, entry in raw.items() if isinstance(entry, dict)]
    if isinstance(raw, list):
        return [(str(entry.get("id", "?")), entry) for entry in raw if isinstance(entry, dict)]
    raise SystemExit(f"{path}: expected a top-level '{key}:' list or mapping")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _display(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _safety_topic(entry_id: str, entry: dict[str, Any]) -> bool:
    regulatory = entry.get("regulatory")
    return entry.get("family") == "regulation" or (
        isinstance(regulatory, dict) and regulatory.get("investigational") is True
    )


def _safety_message(entry_id: str, entry: dict[str, Any]) -> bool:
    return entry_id in SAFETY_MESSAGES


def _always(entry_id: str, entry: dict[str, Any]) -> bool:
    return True


def _never(entry_id: str, entry: dict[str, Any]) -> bool:
    return False


def reviewed_entries(content_dir: Path) -> list[Reviewed]:
    """Every entry with a last_reviewed date, marked safety-critical or not."""
    groups: list[tuple[Path, str, str, Callable[[str, dict[str, Any]], bool]]] = [
        *((path, "topics", "topic", _safety_topic) for path in sorted((content_dir / "topics").glob("*.yml"))),
        *((path, "sources", "source", _never) for path in sorted((content_dir / "sources").glob("*.yml"))),
        (content_dir / "messages.yml", "messages", "message", _safety_message),
        (content_dir / "safety" / "red_flags.yml", "triggers", "red-flag trigger", _always),
        (content_dir / "safety" / "regions.yml", "regions", "region", _always),
        (content_dir / "clinics.yml", "clinics", "clinic", _never),
        # What a clinic's claim really means is regulatory information: keep it fresh.
        (content_dir / "claims.yml", "claims", "clinic claim", _always),
        (content_dir / "trials.yml", "trials", "curated trial", _always),
        (content_dir / "checklist.yml", "items", "clinic checklist question", _never),
    ]
    return [
        Reviewed(_display(path), entry_id, kind, _date(entry.get("last_reviewed")), is_safety(entry_id, entry))
        for path, key, kind, is_safety in groups
        for entry_id, entry in _items(path, key)
    ]


def stale_entries(entries: list[Reviewed], today: dt.date, max_age_days: int) -> list[Reviewed]:
    """Entries last reviewed more than max_age_days before today, or without a valid date."""
    return [entry for entry in entries if (entry.age(today) or 0) > max_age_days or entry.last_reviewed is None]


def source_kinds(content_dir: Path) -> dict[str, str]:
    """Kind of every source, by id."""
    return {
        source_id: str(entry.get("kind"))
        for path in sorted((content_dir / "sources").glob("*.yml"))
        for source_id, entry in _items(path, "sources")
    }


def weak_topics(content_dir: Path) -> list[str]:
    """Topics none of whose sources is a guideline, systematic review or RCT, with their source kinds."""
    kinds = source_kinds(content_dir)
    lines = []
    for path in sorted((content_dir / "topics").glob("*.yml")):
        for topic_id, entry in _items(path, "topics"):
            cited = [kinds.get(source, f"unknown source {source}") for source in entry.get("sources") or []]
            if not any(kind in STRONG_KINDS for kind in cited):
                lines.append(f"{_display(path)}: {topic_id} (source kinds: {', '.join(sorted(set(cited))) or 'none'})")
    return lines


def url_problem(url: Any) -> str | None:
    """Why a source link looks malformed, or None if it looks fine."""
    if not isinstance(url, str) or not url.strip():
        return "not a link"
    problems = []
    if any(character.isspace() for character in url):
        problems.append("contains a space")
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        problems.append("not https")
    host = parts.hostname or ""
    if not host:
        problems.append("no host")
    elif "." not in host:
        problems.append(f"host '{host}' is not a domain name")
    if host in DOI_HOSTS and not unquote(parts.path.lstrip("/")).startswith("10."):
        problems.append("doi.org link whose DOI does not start with '10.'")
    return "; ".join(problems) or None


def malformed_sources(content_dir: Path) -> list[str]:
    """Sources whose url looks malformed or whose doi does not start with '10.'."""
    lines = []
    for path in sorted((content_dir / "sources").glob("*.yml")):
        for source_id, entry in _items(path, "sources"):
            url, doi = entry.get("url"), entry.get("doi")
            if url not in (None, ""):
                problem = url_problem(url)
                if problem:
                    lines.append(f"{_display(path)}: {source_id}: {problem} ({url})")
            if doi not in (None, "") and not str(doi).strip().startswith("10."):
                lines.append(f"{_display(path)}: {source_id}: doi does not start with '10.' ({doi})")
    return lines


# Readability. Flesch-Kincaid grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
# (Kincaid et al., 1975): roughly the US school grade needed to read the text. Syllables are
# estimated by the usual rule of thumb below (no dictionary, no extra dependency), so a grade can be
# a few tenths off the figure a dictionary-based tool gives; it is a screen, not a verdict.
_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z]+(?:['’][A-Za-z]+)*")
# A sentence ends at . ! or ? followed by a space or the end, or at a line break (each "- " bullet
# line is read as its own sentence); "3.5" and "fda.gov" do not end one.
_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)]*(?=\s|$)|\n+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimated syllables in one word: its vowel groups, less a silent final e, -es or -ed.

    "back" 1, "pain" 1 (ai is one group), "make" 1 (silent e), "people" 2 (-le is sounded),
    "walked" 1 and "needed" 2 (-ed sounded only after t or d), "takes" 1 and "changes" 2,
    "therapy" 3 (y counts as a vowel). A number, or a word without vowels such as "MRI", counts
    as one syllable. Every word has at least one.
    """
    word = word.lower().replace("’", "'").replace("'", "")
    if not word.isalpha():
        return 1
    count = len(_VOWEL_GROUP.findall(word))
    if len(word) > 2 and count > 1 and _silent_ending(word):
        count -= 1
    return max(count, 1)


def _silent_ending(word: str) -> bool:
    """Whether the word's last vowel group is not sounded: make, walked, takes (not people, needed, changes)."""
    if word.endswith("e"):
        return not word.endswith(("le", "ee", "ye", "ie"))
    if word.endswith("ed"):
        return word[-3] not in "td"
    if word.endswith("es"):
        return not word.endswith(("ses", "xes", "zes", "ches", "shes", "ges", "ces", "ies"))
    return False


def words(text: str) -> list[str]:
    """The words of a text: runs of letters (with apostrophes) or numbers; a hyphen splits words."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of a text (at least one if it has any words)."""
    return [part for part in _SENTENCE_END.split(text) if words(part)]


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level of a text, rounded to one decimal (0.0 for a text without words)."""
    found = words(text)
    if not found:
        return 0.0
    per_sentence = len(found) / max(len(sentences(text)), 1)
    per_word = sum(syllables(word) for word in found) / len(found)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


@dataclass(frozen=True)
class Graded:
    """The reading grade of one text of a topic."""

    file: str
    topic: str
    field: str
    grade: float


def topic_grades(content_dir: Path) -> list[Graded]:
    """The Flesch-Kincaid grade of the answer and "more" text of every topic, in file order."""
    return [
        Graded(_display(path), topic_id, name, fk_grade(str(entry.get(name) or "")))
        for path in sorted((content_dir / "topics").glob("*.yml"))
        for topic_id, entry in _items(path, "topics")
        for name in GRADED_FIELDS
    ]


def hard_to_read(grades: list[Graded], max_grade: float = MAX_GRADE) -> list[Graded]:
    """The texts whose grade is above max_grade, hardest first."""
    return sorted((g for g in grades if g.grade > max_grade), key=lambda g: -g.grade)


def _grade_lines(grades: list[Graded], max_grade: float) -> list[str]:
    """One line per topic: its file, id and the grade of each text, OVER marking one above max_grade."""
    by_topic: dict[tuple[str, str], list[str]] = {}
    for g in grades:
        mark = " OVER" if g.grade > max_grade else ""
        by_topic.setdefault((g.file, g.topic), []).append(f"{g.field} {g.grade:.1f}{mark}")
    return [f"{file}: {topic}: {', '.join(texts)}" for (file, topic), texts in by_topic.items()]


def _stale_line(entry: Reviewed, today: dt.date) -> str:
    if entry.last_reviewed is None:
        return f"{entry.file}: {entry.id} ({entry.kind}) has no valid last_reviewed date"
    return f"{entry.file}: {entry.id} ({entry.kind}) last reviewed {entry.last_reviewed} ({entry.age(today)} days ago)"


def _group(title: str, lines: list[str]) -> None:
    print(f"\n{title}: {len(lines)}")
    for line in lines:
        print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    """Print the report; return 1 if a safety-critical entry is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-age-days", type=int, default=None, help="default: content_max_age_days in quality.yml")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--content-dir", type=Path, default=CONTENT_DIR)
    parser.add_argument("--thresholds", type=Path, default=QUALITY_FILE, help="thresholds file (quality.yml)")
    parser.add_argument(
        "--max-grade", type=float, default=MAX_GRADE, help=f"highest Flesch-Kincaid grade (default {MAX_GRADE:g})"
    )
    args = parser.parse_args(argv)
    today = args.today or dt.date.today()
    max_age = args.max_age_days
    if max_age is None:
        try:
            max_age = load_quality(args.thresholds).content_max_age_days
        except QualityFileError as error:
            raise SystemExit(str(error)) from error

    entries = reviewed_entries(args.content_dir)
    stale = stale_entries(entries, today, max_age)
    critical = [entry for entry in stale if entry.safety_critical]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    print(f"content report for {_display(args.content_dir)} on {today}")
    print(f"stale: last reviewed more than {max_age} days ago (or no valid last_reviewed date)")
    print("entries checked: " + ", ".join(f"{count} {kind}s" for kind, count in counts.items()))
    _group("stale safety-critical entries (these fail the report)", [_stale_line(e, today) for e in critical])
    _group("stale entries, not safety-critical", [_stale_line(e, today) for e in stale if not e.safety_critical])
    _group("topics without a guideline, systematic review or RCT source", weak_topics(args.content_dir))
    _group("malformed source links", malformed_sources(args.content_dir))
    grades = topic_grades(args.content_dir)
    over = hard_to_read(grades, args.max_grade)
    _group(
        f"Flesch-Kincaid grade of each topic's answer and more (OVER: above {args.max_grade:g}), topics",
        _grade_lines(grades, args.max_grade),
    )
    _group(
        f"texts above grade {args.max_grade:g} (rewrite in shorter sentences and words)",
        [f"{g.file}: {g.topic} {g.field} {g.grade:.1f}" for g in over],
    )
    if grades:
        average = sum(g.grade for g in grades) / len(grades)
        hardest = max(grades, key=lambda g: g.grade)
        print(
            f"\nreadability: {len(over)} of {len(grades)} texts above grade {args.max_grade:g}; "
            f"average {average:.1f}; hardest {hardest.topic} {hardest.field} {hardest.grade:.1f}"
        )
    if critical:
        print(f"\nFAIL: {len(critical)} safety-critical entries are due for review (older than {max_age} days)")
        return 1
    print(f"\nPASS: no safety-critical entry is older than {max_age} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
