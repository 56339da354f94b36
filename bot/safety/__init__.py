"""Red-flag and crisis detection, and the country settings used to answer them.

model: the rules file's entries; loader: reads and compiles it into rules (the compiled triggers the
detector runs); replies: what the patient reads.
"""

from bot.content_file import ContentError
from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.loader import DEFAULT_RULES_PATH, load_rules
from bot.safety.rules import LEVELS, LanguageRules, RuleSet, TriggerRule
from bot.safety.settings import Region, load_regions, region_for

__all__ = [
    "DEFAULT_RULES_PATH",
    "LEVELS",
    "ContentError",
    "LanguageRules",
    "Region",
    "RuleSet",
    "SafetyDetector",
    "SafetyFinding",
    "TriggerRule",
    "load_regions",
    "load_rules",
    "region_for",
]
