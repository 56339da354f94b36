"""Check the hand-built ClinicalTrials.gov fixture against the live API.

Usage: python -m scripts.check_ctgov_fixture [--place PLACE] [--limit N] [--fixture PATH]
Runs the bot's own query (bot.trials.ClinicalTrialsClient, uncached) and, for every response path
the client reads (bot.trials.RESPONSE_PATHS), checks that the live response has it where the
fixture has it, with the same JSON types, and that the client parses the live response.
Exit 0 when they agree; 1 when they differ, the query fails, or the network is unreachable
(then nothing was compared, and the message says so). Needs internet access.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import requests

from bot.trials import MAX_LIMIT, RESPONSE_PATHS, ClinicalTrialsClient, TrialSearchError, parse_studies

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "bot" / "fixtures" / "ctgov_studies.json"


def json_type(value: Any) -> str:
    """The JSON type name of a decoded value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def path_types(data: Any, prefix: str = "") -> dict[str, set[str]]:
    """Every path in a JSON document ("a.b[].c") with the types found there."""
    found: dict[str, set[str]] = {}

    def walk(value: Any, path: str) -> None:
        if path:
            found.setdefault(path, set()).add(json_type(value))
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]")

    walk(data, prefix)
    return found


def compare(fixture: Any, live: Any) -> tuple[list[str], list[str]]:
    """Problems (the check fails) and notes (worth knowing) for the paths the client reads."""
    expected, seen = path_types(fixture), path_types(live)
    problems: list[str] = []
    notes: list[str] = []
    for path, required in RESPONSE_PATHS:
        fixture_types = expected.get(path, set())
        # The client treats a null optional field like a missing one.
        live_types = seen.get(path, set()) - (set() if required else {"null"})
        if not fixture_types:
            problems.append(f"{path}: the fixture has no example of it")
        elif not live_types:
            (problems if required else notes).append(
                f"{path}: not in the live response ({'required' if required else 'optional'}; fixture has it)"
            )
        elif not live_types <= fixture_types:
            problems.append(f"{path}: live {sorted(live_types)}, fixture {sorted(fixture_types)}")
    try:
        parse_studies(live)
    except TrialSearchError as error:
        problems.append(f"the client cannot parse the live response: {error}")
    return problems, notes


def main(argv: list[str] | None = None, client: ClinicalTrialsClient | None = None) -> int:
    """Run the live query and report; return 0 when the shapes agree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--place", default=None, help="also send query.locn (default: no place)")
    parser.add_argument("--limit", type=int, default=MAX_LIMIT, help=f"pageSize, 1-{MAX_LIMIT} (default {MAX_LIMIT})")
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    args = parser.parse_args(argv)
    fixture = json.loads(args.fixture.read_text(encoding="utf-8"))
    client = client or ClinicalTrialsClient()
    try:
        live = client.fetch_raw(args.place, args.limit)
    except TrialSearchError as error:
        if isinstance(error.__cause__, requests.ConnectionError | requests.Timeout):
            print(
                f"cannot reach ClinicalTrials.gov ({type(error.__cause__).__name__}).\n"
                "This check needs internet access: nothing was compared. Run it where the API is reachable."
            )
        else:
            print(f"the live query failed: {error}")
        return 1
    count = len(live["studies"]) if isinstance(live, dict) and isinstance(live.get("studies"), list) else 0
    print(f"live ClinicalTrials.gov query ({count} studies) vs {args.fixture}")
    problems, notes = compare(fixture, live)
    if count == 0:
        problems.append("the live query returned no studies, so the study fields could not be compared")
    for line in notes:
        print(f"  note: {line}")
    for line in problems:
        print(f"  DIFFERS: {line}")
    if problems:
        print(f"FAIL: {len(problems)} differences; update the client and the fixture together")
        return 1
    print(f"PASS: the live response has the shape the fixture assumes ({len(RESPONSE_PATHS)} paths checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
