"""The safety corpus: labelled patient messages the safety classifier learns from.

Reviewed data in bot/content/safety/corpus/: one file per level and kind (`level:` and
`messages:`), plus context.yml with neutral background sentences and ordinary question tails.
The training set adds long messages made from a corpus message with background around it, so
the classifier learns that a red flag buried in a story still counts.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import StrictInt, StrictStr, validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from bot.content_file import ContentError, parse, read_yaml
from bot.safety.rules import LEVELS

CORPUS_DIR = Path(__file__).resolve().parents[1] / "content" / "safety" / "corpus"
CONTEXT_FILE = "context.yml"
NONE = "none"
CLASSES: tuple[str, ...] = (*LEVELS, NONE)
# How many long (story) variants to make per corpus message, and the random seed that fixes them.
STORY_VARIANTS = 1
SEED = 42
# Share of the corpus kept out of training as its development split (chosen by a hash of the
# text, so a message stays on its side when others are added).
DEV_SHARE = 15


@dataclass(frozen=True)
class Example:
    """One labelled message; `previous` is an earlier message of the same conversation."""

    text: str
    level: str
    previous: str = ""

    @property
    def joined(self) -> str:
        """The text the classifier sees: the earlier message (if any) followed by this one."""
        return join_turns(self.previous, self.text)


@dataclass(frozen=True)
class Corpus:
    """All labelled examples, with the background material used to build long messages."""

    examples: tuple[Example, ...]
    neutral_sentences: tuple[str, ...]
    question_tails: tuple[str, ...]

    def split(self) -> tuple[Corpus, tuple[Example, ...]]:
        """The training part (a corpus of its own) and the development part."""
        train = tuple(e for e in self.examples if not is_dev(e))
        dev = tuple(e for e in self.examples if is_dev(e))
        return Corpus(train, self.neutral_sentences, self.question_tails), dev

    def training_set(self, seed: int = SEED, variants: int = STORY_VARIANTS) -> list[Example]:
        """The examples plus story variants (background before and a question after)."""
        rng = random.Random(seed)
        out = list(self.examples)
        if not self.neutral_sentences:
            return out
        for example in self.examples:
            for _ in range(variants):
                before = rng.sample(self.neutral_sentences, k=min(len(self.neutral_sentences), rng.randint(1, 3)))
                tail = [rng.choice(self.question_tails)] if self.question_tails and rng.random() < 0.6 else []
                story = " ".join([*before, example.text, *tail])
                out.append(Example(story, example.level, example.previous))
        return out


@pydantic_dataclass(frozen=True)
class LabelledFile:
    """A corpus file of one level: `level:` and its `messages:` (texts, or mappings with 'previous')."""

    level: str
    messages: tuple[Any, ...]
    version: StrictInt | None = None
    # The spent blind batches a generated file's messages came from (scripts/spend_sets.py).
    batches: tuple[StrictStr, ...] = ()

    @validator("level", pre=True)
    def _level(cls, level: Any) -> str:
        if level not in CLASSES:
            raise ValueError(f"'level' must be one of {', '.join(CLASSES)}, got {level!r}")
        return str(level)

    @validator("messages", pre=True)
    def _messages(cls, messages: Any) -> Any:
        if not isinstance(messages, list) or not messages:
            raise ValueError("'messages' must be a non-empty list")
        return messages


@pydantic_dataclass(frozen=True)
class CorpusMessage:
    """One labelled message; `previous` is an earlier message of the same conversation."""

    text: StrictStr
    previous: StrictStr = ""

    # Only stripped: the development split hashes the text as written.
    @validator("text", "previous", pre=True)
    def _stripped(cls, value: Any, field: Any) -> Any:
        if value is None and field.name == "previous":
            return ""
        if isinstance(value, str):
            value = value.strip()
            if not value and field.name == "text":
                raise ValueError("'text' must not be empty")
        return value


@pydantic_dataclass(frozen=True)
class ContextFile:
    """context.yml: neutral background sentences and ordinary question tails for story variants."""

    neutral_sentences: tuple[StrictStr, ...] = ()
    question_tails: tuple[StrictStr, ...] = ()
    version: StrictInt | None = None

    @validator("neutral_sentences", "question_tails", pre=True)
    def _texts(cls, texts: Any, field: Any) -> Any:
        if texts is None:
            return ()
        if not isinstance(texts, (list, tuple)) or not all(isinstance(x, str) and x.strip() for x in texts):
            raise ValueError(f"{field.name} must be a list of texts")
        return tuple(x.strip() for x in texts)


def is_dev(example: Example) -> bool:
    """Whether an example belongs to the development split."""
    digest = hashlib.sha1(example.joined.lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < DEV_SHARE


def join_turns(previous: str, text: str) -> str:
    """One text for an earlier message and the current one (the classifier reads both)."""
    return f"{previous.strip()} \n {text.strip()}" if previous and previous.strip() else text


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    """The corpus files, in a stable order (what training and the model fingerprint read)."""
    return sorted(directory.glob("*.yml"))


def fingerprint(directory: Path = CORPUS_DIR) -> str:
    """A hash of every corpus file's name and bytes: it changes whenever the corpus does."""
    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_corpus(directory: Path = CORPUS_DIR) -> Corpus:
    """Read and check every corpus file; raise ContentError naming the file and entry."""
    examples: list[Example] = []
    context = ContextFile()
    files = corpus_files(directory)
    if not files:
        raise ContentError(directory, "no corpus files")
    for path in files:
        data = read_yaml(path, "corpus file")
        if not isinstance(data, Mapping):
            raise ContentError(path, "expected a mapping at the top")
        if path.name == CONTEXT_FILE:
            context = parse(ContextFile, data, path)
            continue
        labelled = parse(LabelledFile, data, path)
        for number, entry in enumerate(labelled.messages, 1):
            examples.append(_example(entry, labelled.level, path, f"message {number}"))
    return Corpus(tuple(examples), context.neutral_sentences, context.question_tails)


def _example(entry: Any, level: str, path: Path, where: str) -> Example:
    if isinstance(entry, str):
        entry = {"text": entry}
    if not isinstance(entry, Mapping) or "text" not in entry:
        raise ContentError(path, "expected a text or a mapping with 'text' (and optional 'previous')", where)
    message = parse(CorpusMessage, entry, path, where)
    return Example(message.text, level, message.previous)


def texts_and_labels(examples: Iterable[Example]) -> tuple[list[str], list[str]]:
    """Split examples into the classifier's inputs and labels."""
    items: Sequence[Example] = list(examples)
    return [e.joined for e in items], [e.level for e in items]
