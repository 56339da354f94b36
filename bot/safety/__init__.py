"""Red-flag and crisis detection, and the country settings used to answer them."""

from bot.safety.detector import SafetyDetector, SafetyFinding
from bot.safety.rules import LEVELS, RuleFileError

__all__ = ["LEVELS", "RuleFileError", "SafetyDetector", "SafetyFinding"]
