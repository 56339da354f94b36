"""A fitted TF-IDF vectoriser's features for one text, without scikit-learn's per-call overhead.

Used by the classifiers' own scorers (bot/safety/classifier.py, bot/understanding/intent_model.py):
sublinear term frequency times idf, L2-normalised, on the few n-grams a message has.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any


class TfidfReader:
    """Reads a text the way a fitted TfidfVectorizer (sublinear_tf, use_idf, norm 'l2') does."""

    def __init__(self, vectoriser: Any) -> None:
        """Keep the vectoriser's analyser, vocabulary and idf weights."""
        if not (vectoriser.sublinear_tf and vectoriser.norm == "l2" and vectoriser.use_idf):
            raise ValueError("the fast scorer expects sublinear TF-IDF with an L2 norm")
        self._analyse: Callable[[str], list[str]] = vectoriser.build_analyzer()
        self._vocabulary: dict[str, int] = vectoriser.vocabulary_
        self._idf: list[float] = [float(v) for v in vectoriser.idf_]

    @property
    def size(self) -> int:
        """How many features (n-grams) the vectoriser knows."""
        return len(self._vocabulary)

    def features(self, text: str) -> dict[int, float]:
        """The non-zero features of `text`: feature index -> L2-normalised TF-IDF value."""
        counts = Counter(i for gram in self._analyse(text) if (i := self._vocabulary.get(gram)) is not None)
        tfidf = {i: (1.0 + math.log(n)) * self._idf[i] for i, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in tfidf.values())) or 1.0
        return {i: v / norm for i, v in tfidf.items()}
