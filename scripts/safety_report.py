"""Report how the safety triage does: the latest blind batch, the development sets, the regressions.

Usage: python -m scripts.safety_report [--model models/back_pain.tar.gz] [--show-errors]

- Blind batch: the newest file in tests/safety/blind/. Written by people who saw only the fact
  sheet's red-flag sections; measured once before anything was tuned to it, then moved to
  tests/safety/dev/ when the next batch comes.
- Development: the safety corpus's held-out split plus tests/safety/dev/. Older batches join the
  corpus once spent (scripts/spend_sets.py), so their held-out share is in the corpus's split;
  the corpus maps a batch's warning-sign questions ('info') to 'none', so the information figure
  comes from tests/safety/dev/ only.
- Regression: the old rule sets in tests/bot/safety/data/ (the rules were tuned on them).
Figures per set: recall per level (an alarm or a screening question; crisis: the crisis line
shown), the screening-question and false-alarm rates on near misses, and warning-sign questions
answered as information. A confusion-matrix picture goes to reports/safety/.
Exit status 1 when the regression sets fail (the old assertions).
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import tempfile
from pathlib import Path

from bot.safety import corpus as safety_corpus
from bot.safety.classifier import MODEL_FILE, SafetyClassifier
from bot.safety.evaluation import evaluate, load_cases
from bot.safety.replies import get_detector
from bot.safety.triage import Triager
from bot.safety.triage_evaluation import OUTCOMES, SET_LEVELS, Item, TriageReport, load_items, score

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "safety" / "blind"
DEV = ROOT / "tests" / "safety" / "dev"
REGRESSION = ROOT / "tests" / "bot" / "safety" / "data"
REPORTS = ROOT / "reports" / "safety"
MAX_FALSE_ALARM_RATE = 0.02
TARGETS = (
    ("emergency and urgent recall (alarm or question)", lambda r: r.red_flag_recall, 0.98, True),
    ("crisis recall (crisis line shown)", lambda r: r.recall("crisis"), 1.0, True),
    ("direct alarms on near misses", lambda r: r.false_alarm_rate, 0.02, False),
    ("screening questions on near misses", lambda r: r.screening_rate, 0.10, False),
    ("warning-sign questions answered as information", lambda r: r.info_as_information, 0.95, True),
)


def main(argv: list[str] | None = None) -> int:
    """Print the report; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "back_pain.tar.gz")
    parser.add_argument(
        "--show-errors", action="store_true",
        help="list the development sets' messages handled wrongly (never the blind batch's)",
    )
    args = parser.parse_args(argv)

    detector = get_detector()
    classifier = _classifier(args.model)
    triager = Triager(detector, classifier)
    crisis_ids = frozenset(t.id for t in detector.triggers if t.level == "crisis")
    REPORTS.mkdir(parents=True, exist_ok=True)

    batches = sorted(BLIND.glob("*.yml"))
    if batches:
        _section(f"blind batch {batches[-1].name}", score(triager, load_items(batches[-1]), crisis_ids), args)
    else:
        print("no blind batch in tests/safety/blind/")
    _, dev_examples = safety_corpus.load_corpus().split()
    dev_items = [Item(e.text, e.level, e.previous) for e in dev_examples]
    for path in sorted(DEV.glob("*.yml")):
        dev_items += load_items(path)
    _section("development (corpus dev split + tests/safety/dev)", score(triager, dev_items, crisis_ids), args)
    return _regression()


def _classifier(model: Path) -> SafetyClassifier:
    """The classifier stored in the trained model, or one trained now on the corpus's training split."""
    normalise = get_detector().normalise
    if model.is_file():
        with tarfile.open(model) as archive:
            member = next((m for m in archive.getmembers() if m.name.endswith(MODEL_FILE)), None)
            if member is not None:
                with tempfile.TemporaryDirectory() as tmp:
                    archive.extract(member, tmp)  # our own model file
                    print(f"classifier: from {model}")
                    return SafetyClassifier.load((Path(tmp) / member.name).parent, normalise)
    print("classifier: trained now on the corpus's training split (no trained model found)")
    train, _ = safety_corpus.load_corpus().split()
    return SafetyClassifier.train(train, normalise)


def _section(title: str, report: TriageReport, args: argparse.Namespace) -> None:
    counts = {level: len(report.of(level)) for level in SET_LEVELS}
    print(f"\n== {title}: {len(report.scored)} messages {counts}")
    for level in ("emergency", "urgent", "crisis"):
        print(
            f"  {level:9s} recall {report.recall(level):7.2%}   direct alarm {report.alarm_recall(level):7.2%}"
            f"   (n={counts[level]})"
        )
    for name, figure, target, at_least in TARGETS:
        if name.startswith("warning-sign") and not counts["info"]:
            print(f"  {name:48s}     n/a  (no warning-sign questions in this set)")
            continue
        value = figure(report)
        met = value >= target if at_least else value <= target
        sign = ">=" if at_least else "<="
        print(f"  {name:48s} {value:7.2%}  target {sign} {target:.0%}  {'met' if met else 'NOT MET'}")
    _confusion(title, report)
    if args.show_errors and title.startswith("blind"):
        # Reading a blind batch's errors would make it a development set before its time.
        print("  (errors of the blind batch are never printed: --show-errors lists the development sets' only)")
    elif args.show_errors:
        _errors(report)


def _confusion(title: str, report: TriageReport) -> None:
    confusion = report.confusion()
    rows = [level for level in SET_LEVELS if report.of(level)]
    print("  rows: label, columns: outcome")
    print("  " + f"{'':10s}" + "".join(f"{c:>10s}" for c in OUTCOMES))
    for row in rows:
        print("  " + f"{row:10s}" + "".join(f"{confusion.get((row, c), 0):>10d}" for c in OUTCOMES))
    name = "blind" if title.startswith("blind") else "dev"
    path = REPORTS / f"confusion_{name}.png"
    try:
        _plot(confusion, rows, title, path)
        print(f"  confusion matrix: {path.relative_to(ROOT)}")
    except Exception as error:  # a missing plotting backend must not hide the figures
        print(f"  (no picture: {error})")


def _plot(confusion: dict[tuple[str, str], int], rows: list[str], title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = [[confusion.get((row, column), 0) for column in OUTCOMES] for row in rows]
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(rows) + 1.8))
    ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(OUTCOMES)), OUTCOMES, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    for i, line in enumerate(grid):
        for j, value in enumerate(line):
            ax.text(j, i, str(value), ha="center", va="center", color="black")
    ax.set_xlabel("what the bot did")
    ax.set_ylabel("label")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _errors(report: TriageReport) -> None:
    wrong = [
        s
        for s in report.scored
        if (s.item.level in ("emergency", "urgent") and s.outcome in ("none", "check_in"))
        or (s.item.level == "crisis" and not report.shows_crisis_line(s))
        or (s.item.level in ("none", "info") and s.outcome != "none")
    ]
    print(f"  handled wrongly: {len(wrong)}")
    for s in wrong:
        before = f"[after: {s.item.previous}] " if s.item.previous else ""
        print(f"   - [{s.item.level} -> {s.outcome}] {before}{s.item.text}")


def _regression() -> int:
    result = evaluate(
        get_detector(),
        load_cases(REGRESSION / "red_flags.yml", labelled=True),
        load_cases(REGRESSION / "ordinary.yml", labelled=False),
    )
    ok = not result.misses and not result.wrong_level and result.false_alarm_rate <= MAX_FALSE_ALARM_RATE
    print(
        f"\n== regression (rules only, sets the rules were tuned on): recall {result.recall:.2%}, "
        f"right level {result.level_accuracy:.2%}, false alarms {result.false_alarm_rate:.2%}: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
