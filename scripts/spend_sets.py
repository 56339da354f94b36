"""Turn spent evaluation sets into training data: answer rounds into NLU examples, safety batches into corpus files.

Usage:
  python -m scripts.spend_sets answers ROUND [ROUND ...]   # tests/nlu/dev_answers/<ROUND>/ -> data/nlu/
  python -m scripts.spend_sets safety BATCH.yml [...]      # tests/safety/dev/<BATCH> -> the safety corpus

A blind set is measured once, then serves as a development set (docs/maintaining.md, "A new blind
set"). Once a newer development set has taken its place, its messages are the best training data
there is: patients' own words, written by people who never saw the training data. This script
writes them where training reads them, so the next model learns from them:
- answer rounds: each single message, each conversation's first turn and each follow-up whose
  expected answer is not the subject it points back to, under the intent that gives the answer it
  expects (a topic's intent, or the dialogue act of the same name), into
  data/nlu/patients_spent_answer_sets.yml. Follow-ups on the same subject are left out (their
  answer comes from the turn before), as are messages the safety rules flag, "fallback" labels and duplicates of other
  training examples or of the held-out intent sets. The rounds stay in tests/nlu/dev_answers/:
  their follow-ups on the same subject are still a development set, the rest no longer is.
  The same rounds' follow-ups, each with the turn before it, are also written as ordinary ("none")
  second turns of the safety corpus (bot/content/safety/corpus/none_spent_answer_followups.yml):
  the safety classifier reads a message with the one before it, and without ordinary pairs it
  heard crisis talk in "medicare pay any of it?" after "how much would it be here?". Pairs the
  rules flag (either turn, or both read together) are left out.
- safety batches: each message under its level ("info", a question about a warning sign, is a
  "none" example), added to bot/content/safety/corpus/<level>_spent_batches.yml. Each file lists
  the batches it holds (`batches:`), so a batch already spent is not added twice, and the batch
  files can leave tests/safety/dev/ afterwards: they are training data now.
The answers output is rewritten whole from the rounds named (the rounds stay in the repository),
so name every spent round each time; the safety batches are added to what is already spent.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
ANSWER_ROUNDS = ROOT / "tests" / "nlu" / "dev_answers"
NLU_DATA = ROOT / "data" / "nlu"
ANSWERS_OUT = NLU_DATA / "patients_spent_answer_sets.yml"
CORPUS = ROOT / "bot" / "content" / "safety" / "corpus"
SAFETY_DEV = ROOT / "tests" / "safety" / "dev"
# The held-out intent sets (development sets of the classifier) must share no example with training.
HELD_OUT = (ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "nlu" / "dev.yml")
NOT_AN_INTENT = frozenset(("fallback",))
INFO = "info"
SPENT_SUFFIX = "_spent_batches.yml"
FOLLOW_UPS_OUT = CORPUS / "none_spent_answer_followups.yml"


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def labelled_messages(round_dir: Path) -> list[tuple[str, str]]:
    """(text, expected answer) of a round's single messages and its conversations' first turns."""
    singles = yaml.safe_load((round_dir / "singles.yml").read_text(encoding="utf-8"))["items"]
    pairs = [(item["text"], item["expect"]) for item in singles]
    conversations = round_dir / "conversations.yml"
    if conversations.is_file():
        for conversation in yaml.safe_load(conversations.read_text(encoding="utf-8"))["conversations"]:
            first, *later = conversation["turns"]
            pairs.append((first["text"], first["expect"]))
            # A follow-up whose answer is of another kind than the subject it points back to says
            # what it asks in its own words ("would insurance pay for it?" after a clinic's claim):
            # its intent is that kind. One that asks for more of the same subject ("how long does
            # it last?" after injections) is answered by context, not by its intent: left out.
            pairs += [(turn["text"], turn["expect"]) for turn in later if turn.get("about") != turn["expect"]]
    return pairs


def follow_up_pairs(round_dir: Path) -> list[tuple[str, str]]:
    """(turn before, follow-up) of each later turn of a round's conversations."""
    path = round_dir / "conversations.yml"
    if not path.is_file():
        return []
    pairs = []
    for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
        texts = [str(turn["text"]) for turn in conversation["turns"]]
        pairs += list(zip(texts, texts[1:], strict=False))
    return pairs


def write_follow_ups(
    pairs: Iterable[tuple[str, str]], rounds: Sequence[str], flagged: Callable[[str], bool], out: Path = FOLLOW_UPS_OUT
) -> int:
    """Write the ordinary second turns of the safety corpus; returns how many."""
    seen: set[tuple[str, str]] = set()
    messages = []
    for previous, text in pairs:
        key = (_key(previous), _key(text))
        if key in seen or not key[1] or flagged(text) or flagged(previous) or flagged(f"{previous}, {text}"):
            continue
        seen.add(key)
        messages.append({"text": " ".join(text.split()), "previous": " ".join(previous.split())})
    header = (
        "# Safety classifier training corpus: level none, ordinary follow-ups with the turn before them, from the\n"
        f"# spent blind answer sets ({', '.join(rounds)}), written by helpers who saw only the README's\n"
        "# what-it-does list and the answer catalogue (no red flags, no crisis talk); pairs the rules flag are left\n"
        "# out. Generated by `python -m scripts.spend_sets answers ...`: do not edit by hand.\n"
    )
    body = yaml.safe_dump(
        {"version": 1, "level": "none", "messages": messages}, width=120, sort_keys=False, allow_unicode=True
    )
    out.write_text(header + body, encoding="utf-8")
    return len(messages)


def training_texts(data_dir: Path, leave_out: Path | None = None) -> set[str]:
    """Every NLU training example already in `data_dir` (case and spacing ignored)."""
    paths = [p for p in sorted(data_dir.glob("*.yml")) if leave_out is None or p.resolve() != leave_out.resolve()]
    return example_texts(paths)


def example_texts(paths: Iterable[Path]) -> set[str]:
    """The examples of some NLU files (case and spacing ignored)."""
    seen: set[str] = set()
    for path in paths:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    seen.add(_key(line[2:]))
    return seen


def answer_examples(
    pairs: Iterable[tuple[str, str]],
    intent_of: Mapping[str, str],
    flagged: Callable[[str], bool],
    existing: set[str],
) -> dict[str, list[str]]:
    """Examples by intent: `intent_of` maps an answer id to its intent; `flagged(text)` is true for red flags."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    seen = set(existing)
    for text, expected in pairs:
        intent = intent_of.get(expected)
        key = _key(text)
        if intent is None or expected in NOT_AN_INTENT or not key or key in seen or flagged(text):
            continue
        seen.add(key)
        by_intent[intent].append(" ".join(text.split()))
    return dict(by_intent)


def write_answers(by_intent: Mapping[str, Sequence[str]], rounds: Sequence[str], out: Path) -> int:
    """Write the NLU file; returns the number of examples."""
    lines = [
        f"# Patients' messages from the spent blind answer sets ({', '.join(rounds)}), written by helpers who saw only",
        "# the README's what-it-does list and the answer catalogue; each set was measured once as a blind set, then",
        "# used as a development set. Single messages and first turns, under the intent that gives the answer they",
        "# expect. Generated by `python -m scripts.spend_sets answers ...`: do not edit by hand.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(by_intent):
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {text}" for text in by_intent[intent]]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(len(texts) for texts in by_intent.values())


def safety_messages(batches: Iterable[Path]) -> dict[str, list[Any]]:
    """Corpus entries by level: a text, or a mapping with 'previous' for a second turn."""
    by_level: dict[str, list[Any]] = defaultdict(list)
    for path in batches:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            level = "none" if item["level"] == INFO else item["level"]
            previous = item.get("previous")
            by_level[level].append({"text": item["text"], "previous": previous} if previous else item["text"])
    return dict(by_level)


def spent_safety(corpus: Path) -> tuple[list[str], dict[str, list[Any]]]:
    """The batches already spent into `corpus` and their messages by level."""
    batches: list[str] = []
    by_level: dict[str, list[Any]] = {}
    for path in sorted(corpus.glob(f"*{SPENT_SUFFIX}")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_level[data["level"]] = list(data["messages"])
        batches += [name for name in data.get("batches", ()) if name not in batches]
    return batches, by_level


def add_safety_batches(paths: Sequence[Path], corpus: Path) -> tuple[list[str], dict[str, int]]:
    """Add the batches not yet spent to the corpus; returns the batches added and the counts by level."""
    spent, by_level = spent_safety(corpus)
    added = [path.stem for path in paths if path.stem not in spent]
    if not added:
        return [], {level: len(messages) for level, messages in sorted(by_level.items())}
    for level, messages in safety_messages(p for p in paths if p.stem in added).items():
        by_level.setdefault(level, []).extend(messages)
    return added, write_safety(by_level, spent + added, corpus)


def write_safety(by_level: Mapping[str, Sequence[Any]], batches: Sequence[str], corpus: Path) -> dict[str, int]:
    """Write one corpus file per level, naming the batches it holds; returns the counts."""
    counts = {}
    for level, messages in sorted(by_level.items()):
        header = (
            f"# Safety classifier training corpus: level {level}, from the spent blind batches under `batches:`,\n"
            "# written by helpers who read only the fact sheet's red-flag sections and the safety issue; each was\n"
            "# measured once as a blind batch, then used as a development set ('info' questions are 'none' here).\n"
            "# Generated by `python -m scripts.spend_sets safety ...`: do not edit by hand.\n"
        )
        body = yaml.safe_dump(
            {"version": 1, "level": level, "batches": list(batches), "messages": list(messages)},
            width=120,
            sort_keys=False,
            allow_unicode=True,
        )
        (corpus / f"{level}{SPENT_SUFFIX}").write_text(header + body, encoding="utf-8")
        counts[level] = len(messages)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Write the training files for the spent sets named."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("answers", "safety"))
    parser.add_argument("sets", nargs="+", help="answer round folder names, or safety batch file names")
    args = parser.parse_args(argv)
    if args.kind == "safety":
        paths = [SAFETY_DEV / name if not Path(name).is_file() else Path(name) for name in args.sets]
        added, counts = add_safety_batches(paths, CORPUS)
        print(f"safety corpus: added {', '.join(added) or 'nothing (all spent already)'}; now {counts}")
        return 0

    from bot.knowledge import get_knowledge_base
    from bot.safety.replies import get_detector

    kb, detector = get_knowledge_base(), get_detector()
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intent_of = {name: name for name in domain["intents"]}
    intent_of.update({topic.id: topic.intents[0] for topic in kb.topics.values() if topic.intents})
    pairs = [pair for name in args.sets for pair in labelled_messages(ANSWER_ROUNDS / name)]
    examples = answer_examples(
        pairs,
        intent_of,
        lambda text: detector.detect(text) is not None,
        training_texts(NLU_DATA, ANSWERS_OUT) | example_texts(p for p in HELD_OUT if p.is_file()),
    )
    print(f"{ANSWERS_OUT.relative_to(ROOT)}: {write_answers(examples, args.sets, ANSWERS_OUT)} examples")
    follow_ups = [pair for name in args.sets for pair in follow_up_pairs(ANSWER_ROUNDS / name)]
    written = write_follow_ups(follow_ups, args.sets, lambda text: detector.detect(text) is not None)
    print(f"{FOLLOW_UPS_OUT.relative_to(ROOT)}: {written} ordinary second turns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
