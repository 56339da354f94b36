"""Trial search: the ClinicalTrials.gov client and the reviewed wording of bot/content/trials.yml.

client: the registry's HTTP API (timeout, checks, cache); place: the place a patient named;
model: registry studies and the entries of trials.yml; loader: reads and checks the file;
replies: what the patient reads, live results or the curated list.
"""

from bot.trials.client import (
    BASE_URL,
    MAX_LIMIT,
    RESPONSE_PATHS,
    USER_AGENT,
    ClinicalTrialsClient,
    TrialSearchError,
    parse_studies,
    request_params,
)
from bot.trials.loader import TRIALS_CONTENT_PATH, get_trial_content, load_trial_content
from bot.trials.model import CuratedTrial, Location, Trial, TrialContent, study_url
from bot.trials.place import place_from_text, place_in_follow_up
from bot.trials.replies import MAX_SHOWN, fallback_reply, trials_reply

__all__ = [
    "BASE_URL",
    "MAX_LIMIT",
    "MAX_SHOWN",
    "RESPONSE_PATHS",
    "TRIALS_CONTENT_PATH",
    "USER_AGENT",
    "ClinicalTrialsClient",
    "CuratedTrial",
    "Location",
    "Trial",
    "TrialContent",
    "TrialSearchError",
    "fallback_reply",
    "get_trial_content",
    "load_trial_content",
    "parse_studies",
    "place_from_text",
    "place_in_follow_up",
    "request_params",
    "study_url",
    "trials_reply",
]
