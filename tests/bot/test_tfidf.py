"""The TF-IDF reader gives a fitted vectoriser's features, and refuses settings it does not reproduce."""

from __future__ import annotations

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.tfidf import TfidfReader

TEXTS = ["my back hurts when i bend", "is tramadol safe for back pain", "back back back pain"]


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
@pytest.mark.parametrize("text", [*TEXTS, "a text with no known words zzz", ""])
def test_features_are_the_vectorisers(analyzer: str, text: str) -> None:
    vectoriser = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit(TEXTS)
    expected = vectoriser.transform([text]).tocoo()
    assert TfidfReader(vectoriser).features(text) == pytest.approx(
        {int(i): float(v) for i, v in zip(expected.col, expected.data, strict=True)}
    )


def test_other_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="sublinear"):
        TfidfReader(TfidfVectorizer().fit(TEXTS))
