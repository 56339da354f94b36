"""Report how the safety detector does on the labelled red-flag and ordinary message sets.

Usage: python scripts/safety_report.py [--red-flags FILE] [--ordinary FILE] [--rules FILE]
Exit status 1 when recall is below 100%, a level is wrong, or false alarms exceed 2%.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow running as a plain script from any directory
    sys.path.insert(0, str(ROOT))

from bot.safety.detector import SafetyDetector  # noqa: E402
from bot.safety.evaluation import NONE, Evaluation, evaluate, load_cases  # noqa: E402
from bot.safety.rules import LEVELS  # noqa: E402

DATA = ROOT / "tests" / "bot" / "safety" / "data"
MAX_FALSE_ALARM_RATE = 0.02


def main(argv: list[str] | None = None) -> int:
    """Run the report; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--red-flags", type=Path, default=DATA / "red_flags.yml")
    parser.add_argument("--ordinary", type=Path, default=DATA / "ordinary.yml")
    parser.add_argument(
        "--rules", type=Path, default=None, help="rules file (default: bot/content/safety/red_flags.yml)"
    )
    args = parser.parse_args(argv)

    detector = SafetyDetector.from_file(args.rules)
    result = evaluate(detector, load_cases(args.red_flags, labelled=True), load_cases(args.ordinary, labelled=False))
    _print_report(result)
    ok = not result.misses and not result.wrong_level and result.false_alarm_rate <= MAX_FALSE_ALARM_RATE
    print(
        f"\nresult: {'PASS' if ok else 'FAIL'} (target: recall 100%, right level for every "
        f"red flag, false alarms <= {MAX_FALSE_ALARM_RATE:.0%})"
    )
    return 0 if ok else 1


def _print_report(result: Evaluation) -> None:
    found = len(result.red_flags) - len(result.misses)
    print(f"red-flag set:  {len(result.red_flags)} messages")
    print(f"  recall (any finding):   {result.recall:7.2%}  ({found}/{len(result.red_flags)})")
    right = len(result.red_flags) - len(result.misses) - len(result.wrong_level)
    print(f"  right level:            {result.level_accuracy:7.2%}  ({right}/{len(result.red_flags)})")
    print(f"ordinary set:  {len(result.ordinary)} messages")
    print(
        f"  false alarms:           {result.false_alarm_rate:7.2%}  ({len(result.false_alarms)}/{len(result.ordinary)})"
    )

    columns = [*LEVELS, NONE]
    confusion = result.confusion()
    print("\nlevel confusion (rows: expected, columns: detected)")
    print("  " + f"{'':10s}" + "".join(f"{c:>11s}" for c in columns))
    for row in columns:
        counts = [confusion.get((row, column), 0) for column in columns]
        print("  " + f"{row:10s}" + "".join(f"{n:>11d}" for n in counts))

    _list("misses (red flag, no finding)", [f"[expected {o.case.level}] {o.case.text}" for o in result.misses])
    _list(
        "wrong level",
        [
            f"[expected {o.case.level}, got {o.found} {list(o.finding.triggers)}] {o.case.text}"
            for o in result.wrong_level
            if o.finding
        ],
    )
    _list(
        "false alarms (ordinary message flagged)",
        [f"[{o.found} {list(o.finding.triggers)}] {o.case.text}" for o in result.false_alarms if o.finding],
    )


def _list(title: str, lines: list[str]) -> None:
    print(f"\n{title}: {len(lines)}")
    for line in lines:
        print(f"  - {line}")


if __name__ == "__main__":
    sys.exit(main())
