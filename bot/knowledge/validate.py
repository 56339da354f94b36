"""CLI: validate every reviewed content file and print a summary (exit 1 on the first problem).

Checks the knowledge base (topics, sources, messages, lexicon), the red-flag rules, the region
settings and the clinics, so a broken file stops `make run` and `make test` before anything starts.
"""

from __future__ import annotations

import sys

from bot.checklist import load_checklist
from bot.claims import load_claims
from bot.clinics import ClinicFileError, load_clinics
from bot.knowledge.loader import load_knowledge_base
from bot.knowledge.schema import ContentError
from bot.safety.detector import SafetyDetector
from bot.safety.rules import RuleFileError
from bot.safety.settings import RegionFileError, load_regions
from bot.trials_reply import load_trial_content


def main() -> int:
    """Load everything; report the first problem with its file and entry."""
    try:
        kb = load_knowledge_base()
        detector = SafetyDetector.from_file()
        regions = load_regions()
        clinics = load_clinics()
        claims = load_claims(kb=kb)
        load_trial_content()
        load_checklist(kb=kb)
    except (ContentError, RuleFileError, RegionFileError, ClinicFileError) as error:
        print(f"content invalid: {error}", file=sys.stderr)
        return 1
    unknown = sorted({s for t in detector.triggers for s in t.sources} - set(kb.sources))
    if unknown:
        print(f"content invalid: red_flags.yml cites unknown sources {', '.join(unknown)}", file=sys.stderr)
        return 1
    investigational = sum(topic.investigational for topic in kb.topics.values())
    print(
        f"content ok: {len(kb.topics)} topics ({investigational} investigational), {len(kb.sources)} sources, "
        f"{sum(len(v) for v in kb.lexicon.entries.values())} entity values, {len(detector.triggers)} red-flag "
        f"triggers, {len(regions)} regions, {len(clinics)} clinics, {len(claims)} clinic claims"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
