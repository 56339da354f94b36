"""Read trials.yml once and check it with the model."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.content_file import ContentError, parse, read_content_file
from bot.knowledge.messages import parse_messages
from bot.trials.model import CuratedTrial, Labels, TrialContent

TRIALS_CONTENT_PATH = Path(__file__).resolve().parents[1] / "content" / "trials.yml"
REQUIRED_MESSAGES = (
    "intro",
    "intro_place",
    "no_results",
    "no_results_place",
    "unreachable",
    "unreachable_place",
    "curated_intro",
    "trial",
    "curated_trial",
    "not_listed",
    "phase_not_listed",
    "listing_not_approval",
    "payment_warning",
    "clinician",
    "search_yourself",
)


def load_trial_content(path: Path = TRIALS_CONTENT_PATH) -> TrialContent:
    """Read and check trials.yml; a problem raises ContentError naming the file and entry."""
    data = read_content_file(path, "trials file")
    messages = parse_messages(data, path, REQUIRED_MESSAGES)
    labels = parse(Labels, data.get("labels"), path, "labels")
    search_url = data.get("search_url")
    if not isinstance(search_url, str) or not search_url.startswith("https://"):
        raise ContentError(path, "search_url must be an https:// link")
    entries = data.get("trials")
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, "expected a non-empty 'trials:' list")
    # Curated trials have no id of their own: an entry is named by its place in the list.
    curated = tuple(parse(CuratedTrial, entry, path, f"trials[{i}]") for i, entry in enumerate(entries))
    return TrialContent(messages, dict(labels.phases), dict(labels.statuses), curated, search_url)


@functools.lru_cache(maxsize=1)
def get_trial_content() -> TrialContent:
    """trials.yml, loaded and checked once per process on first use."""
    return load_trial_content()
