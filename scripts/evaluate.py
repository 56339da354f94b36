"""Intent accuracy on the held-out patient phrasings (tests/nlu/heldout.yml), never trained on.

Usage: python -m scripts.evaluate [--model models/back_pain.tar.gz] [--min-accuracy 0.95]
Prints accuracy, macro F1 and every misclassified message; exits 1 below the threshold.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).parent / "rasa"


def run_rasa_test(model: Path, heldout: Path, out: Path) -> None:
    """Run `rasa test nlu` on the held-out file, writing its reports to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        str(RASA), "test", "nlu", "--model", str(model), "--nlu", str(heldout), "--out", str(out), "--successes",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
        raise SystemExit(f"rasa test nlu failed with exit code {result.returncode}")


def _read_list(path: Path) -> list[dict]:
    return json.loads(path.read_text()) if path.exists() else []


def summarise(out: Path) -> tuple[float, float, list[dict], list[dict]]:
    """Accuracy, macro F1, misclassified and correctly classified examples from Rasa's reports."""
    report = json.loads((out / "intent_report.json").read_text())
    errors = _read_list(out / "intent_errors.json")
    successes = _read_list(out / "intent_successes.json")
    return float(report["accuracy"]), float(report["macro avg"]["f1-score"]), errors, successes


def fallback_threshold(config: Path) -> float:
    """The FallbackClassifier threshold in config.yml (0 if there is none)."""
    pipeline = yaml.safe_load(config.read_text()).get("pipeline") or []
    for component in pipeline:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def main(argv: list[str] | None = None) -> int:
    """Evaluate and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "back_pain.tar.gz")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "nlu" / "heldout.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "heldout")
    parser.add_argument("--min-accuracy", type=float, default=0.95)
    args = parser.parse_args(argv)
    run_rasa_test(args.model, args.heldout, args.out)
    accuracy, macro_f1, errors, successes = summarise(args.out)
    blocks = yaml.safe_load(args.heldout.read_text())["nlu"]
    total = sum(1 for block in blocks for line in block["examples"].splitlines() if line.strip().startswith("-"))
    print(f"held-out messages: {total}")
    for error in sorted(errors, key=lambda e: e["intent"]):
        predicted = error["intent_prediction"]
        print(
            f"  MISS  expected {error['intent']:<28} got {predicted['name']:<28} "
            f"({predicted['confidence']:.2f})  {error['text']}"
        )
    print(f"intent accuracy {accuracy:.3f}  macro F1 {macro_f1:.3f}  misclassified {len(errors)}")
    # Rasa's report undoes fallback predictions; at run time low-confidence messages get the
    # "I'm not sure, here is what I can help with" reply instead, so show that split too.
    threshold = fallback_threshold(ROOT / "config.yml")
    right = sum(1 for s in successes if s["intent_prediction"]["confidence"] >= threshold)
    wrong = sum(1 for e in errors if e["intent_prediction"]["confidence"] >= threshold)
    unsure = len(successes) + len(errors) - right - wrong
    print(
        f"at run time (fallback below {threshold:.2f}): right answer {right}, "
        f"asked to rephrase {unsure}, wrong answer {wrong}"
    )
    print(f"reports: {args.out}")
    if accuracy < args.min_accuracy:
        print(f"FAIL: accuracy {accuracy:.3f} is below {args.min_accuracy:.2f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
