"""CLI: what a clinic's patients will read. `python -m scripts.check_clinic <clinic id>` (make check-clinic ID=…).

Loads the clinic from bot/content/clinics.yml as the bot does (checked: colours, links, country)
and prints, worded for the clinic's country as the bot words them: the welcome that opens every
conversation, the emergency and crisis replies, and the booking lines a patient gets on asking to
talk to someone or book. Exits 2 for an id that is not in the file (patients of a page with that
id would get the neutral default). The bot reads the file when it starts: restart it after a change.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.clinics import DEFAULT_CLINIC, Clinic, contact_reply, known_clinic, load_clinics, region_of
from bot.content_file import ContentError
from bot.knowledge import KnowledgeBase, get_knowledge_base
from bot.knowledge.replies import notice_reply


def clinic_report(clinic_id: str, clinics: Mapping[str, Clinic], kb: KnowledgeBase) -> list[str]:
    """The lines printed for one clinic id that is in `clinics`."""
    clinic = clinics[clinic_id]
    region = region_of(clinic_id, clinics)
    origins = ", ".join(clinic.allowed_origins) or "none (the chat page cannot be framed by any site)"
    lines = [
        f"Clinic {clinic.id}: {clinic.name}",
        f"country {clinic.country}: numbers and wording of region {region.code} ({region.name})"
        + (" [the default entry: the deployment's BOT_REGION decides]" if clinic_id == DEFAULT_CLINIC else ""),
        f"may be embedded by: {origins}",
        f"last reviewed {clinic.last_reviewed}",
    ]
    welcome = notice_reply(kb, "welcome", emergency_number=region.emergency_number).text
    booking = contact_reply(kb, known_clinic(clinic_id, clinics), region).text
    sections = (
        ("Welcome (opens every conversation)", welcome),
        ("Emergency (a red flag that needs care now)", region.emergency_message),
        ("Crisis (talk of suicide or self-harm)", region.crisis_message),
        ('Booking ("can I talk to someone?", "can I book?")', booking),
    )
    for title, text in sections:
        lines += ["", f"{title}:", *(f"  {line}" if line else "" for line in text.splitlines())]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the clinic's lines; 2 for an unknown id or a broken clinics file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clinic_id", help="the id in bot/content/clinics.yml (the widget's data-clinic)")
    parser.add_argument("--clinics", type=Path, default=None, help="clinics file (default: bot/content/clinics.yml)")
    args = parser.parse_args(argv)
    try:
        clinics = load_clinics(args.clinics)
    except ContentError as error:
        print(f"the clinics file is broken: {error}", file=sys.stderr)
        return 2
    if args.clinic_id not in clinics:
        print(
            f"unknown clinic id {args.clinic_id!r}: a page with it would get the neutral default entry. "
            f"Known ids: {', '.join(sorted(clinics))}",
            file=sys.stderr,
        )
        return 2
    print("\n".join(clinic_report(args.clinic_id, clinics, get_knowledge_base())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
