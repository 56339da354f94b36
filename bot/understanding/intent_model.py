"""The topic intent model: TF-IDF word and character n-grams into a linear support vector machine.

Every word and every piece of a misspelt word counts, and the margin of a linear SVM generalises
well from a few thousand short examples. Its scores become probabilities through a softmax with a
temperature, so the FallbackClassifier's thresholds can judge them (plugins/linear_intents.py).

Session 11, on the six development answer sets (3,082 single messages whose answer is an
intent), before any change for it: DIET (12 epochs, the classifier then) picked the right intent
for 88.9 %, this model for 95.7 %; a logistic regression on the same features trained in 160 s
instead of 5 s and scored 92.9 %.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.tfidf import TfidfReader

MODEL_FILE = "intent_model.pkl"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class IntentModelSettings:
    """How the model is built: the SVM's regularisation and the softmax temperature of its scores."""

    c: float = 0.5
    temperature: float = 0.1
    min_char_df: int = 2


class IntentModel:
    """The fitted features and SVM, with its scores as probabilities over the intents."""

    def __init__(self, pipeline: Any, temperature: float) -> None:
        """Wrap a fitted scikit-learn pipeline whose last step has decision_function."""
        self._pipeline = pipeline
        self._temperature = temperature
        self.intents: list[str] = [str(c) for c in pipeline.classes_]
        self._scorer = _Scorer(pipeline)

    @classmethod
    def train(
        cls, texts: Sequence[str], intents: Sequence[str], settings: IntentModelSettings | None = None
    ) -> IntentModel:
        """Fit on the training messages and their intents (at least two intents)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.svm import LinearSVC

        settings = settings or IntentModelSettings()
        if len(texts) != len(intents):
            raise ValueError("one intent per training message is needed")
        if len(set(intents)) < 2:
            raise ValueError("the intent model needs examples of at least two intents")
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                (
                    "characters",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=settings.min_char_df
                    ),
                ),
            ]
        )
        # dual=True is LinearSVC's default and the fast choice with far more n-grams than messages.
        pipeline = Pipeline([("features", features), ("svm", LinearSVC(C=settings.c, dual=True, random_state=42))])
        pipeline.fit(list(texts), list(intents))
        return cls(pipeline, settings.temperature)

    def probabilities(self, text: str) -> dict[str, float]:
        """Each intent's probability for one message (they add up to one)."""
        logits = [float(s) / self._temperature for s in self._scorer.scores(text)]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return {intent: e / total for intent, e in zip(self.intents, exps, strict=True)}

    def save(self, directory: Path) -> Path:
        """Write the model to directory; returns the file."""
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / MODEL_FILE
        data = {"format": FORMAT_VERSION, "pipeline": self._pipeline, "temperature": self._temperature}
        path.write_bytes(pickle.dumps(data))
        return path

    @classmethod
    def load(cls, directory: Path) -> IntentModel:
        """Read a model written by save() (only from our own trained model's storage)."""
        data = pickle.loads((directory / MODEL_FILE).read_bytes())  # noqa: S301 - our own model file
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
            raise ValueError(f"{directory / MODEL_FILE}: not an intent model of format {FORMAT_VERSION}")
        return cls(data["pipeline"], float(data["temperature"]))


class _Scorer:
    """The pipeline's decision_function for one text, without scikit-learn's per-call overhead.

    The same arithmetic (each vectoriser's sublinear TF-IDF with its own L2 norm, then the SVM's
    weights) on the few n-grams a message has: about 0.2 ms a message instead of 1.1 ms.
    tests/bot/understanding/test_intent_model.py checks it gives scikit-learn's scores.
    """

    def __init__(self, pipeline: Any) -> None:
        import numpy as np

        features, svm = pipeline.named_steps["features"], pipeline.named_steps["svm"]
        self._parts: list[tuple[TfidfReader, int]] = []  # each vectoriser, and where its columns start
        offset = 0
        for _, vectoriser in features.transformer_list:
            reader = TfidfReader(vectoriser)
            self._parts.append((reader, offset))
            offset += reader.size
        coefficients = np.asarray(svm.coef_, dtype=np.float64)
        intercept = np.asarray(svm.intercept_, dtype=np.float64)
        if coefficients.shape[0] == 1:  # a binary SVM keeps one row of weights, for the second class
            coefficients = np.vstack([-coefficients, coefficients])
            intercept = np.array([-intercept[0], intercept[0]])
        self._weights = np.ascontiguousarray(coefficients.T)  # one row of class weights per n-gram
        self._intercept = intercept

    def scores(self, text: str) -> list[float]:
        import numpy as np

        columns: list[int] = []
        values: list[float] = []
        for reader, offset in self._parts:
            for i, value in reader.features(text).items():
                columns.append(offset + i)
                values.append(value)
        if not columns:
            return [float(b) for b in self._intercept]
        return [float(v) for v in np.asarray(values) @ self._weights[columns] + self._intercept]
