"""CLI: validate every reviewed content file and print a summary (exit 1 on the first problem).

Checks the knowledge base (topics, sources, messages, lexicon), the red-flag rules, the region
settings and the clinics, so a broken file stops `make run` and `make test` before anything starts.
Topics must also name only intents of the Rasa domain: every unknown one is listed.
Each problem reads `file: entry: problem`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.checklist import load_checklist
from bot.claims import load_claims
from bot.clinics import load_clinics
from bot.content_file import ContentError
from bot.knowledge.loader import load_knowledge_base, unknown_intents
from bot.safety.detector import SafetyDetector
from bot.safety.settings import load_regions
from bot.trials import load_trial_content

# domain.yml, or a domain/ directory of YAML files once it is split (Rasa loads either).
DOMAIN_PATH = Path(__file__).resolve().parents[2] / "domain.yml"


def domain_intents(path: Path) -> set[str]:
    """The intents a Rasa domain file, or every YAML file of a domain directory, lists."""
    files = sorted(f for f in path.rglob("*") if f.suffix in (".yml", ".yaml")) if path.is_dir() else [path]
    intents: set[str] = set()
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ContentError(file, f"cannot read the domain: {error}") from error
        listed = data.get("intents") if isinstance(data, dict) else None
        # An intent is a name, or a mapping of its name to options such as use_entities.
        intents.update(next(iter(i)) if isinstance(i, dict) else str(i) for i in listed or [])
    return intents


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
        intent_problems = unknown_intents(kb, domain_intents(DOMAIN_PATH), DOMAIN_PATH.name)
    except ContentError as error:
        print(f"content invalid: {error}", file=sys.stderr)
        return 1
    if intent_problems:
        for problem in intent_problems:
            print(f"content invalid: {problem}", file=sys.stderr)
        return 1
    unknown = sorted({s for t in detector.triggers for s in t.sources} - set(kb.sources))
    if unknown:
        print(f"content invalid: red_flags.yml cites unknown sources {', '.join(unknown)}", file=sys.stderr)
        return 1
    unknown = sorted({s for region in regions.values() for s in region.crisis_sources} - set(kb.sources))
    if unknown:
        print(f"content invalid: regions.yml cites unknown sources {', '.join(unknown)}", file=sys.stderr)
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
