"""Red-flag and crisis detection, and the country settings used to answer them."""

from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.rules import LEVELS, RuleFileError
from bot.safety.settings import Region, load_regions, region_for

__all__ = [
    "LEVELS",
    "Region",
    "RuleFileError",
    "SafetyDetector",
    "SafetyFinding",
    "load_regions",
    "region_for",
]
