"""A maintainer's round trip, as docs/maintaining.md describes it, on a copy of the project.

Add an intent with its examples, a topic, the domain entry and a rule; `make validate train`;
start the servers from the copy; ask in words the model was not trained on. One training run.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest

from bot.knowledge import get_knowledge_base
from scripts.stack import ROOT

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

VENV = Path(sys.executable).parent.parent
LEFT_OUT = (".git", ".venv", "models", "reports", "results", "var", ".rasa", ".cache", "*.egg-info",
            "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "node_modules")
INTENT, TOPIC = "ask_posture_at_desk", "desk_posture"

NLU = f'''version: "3.1"

nlu:
  - intent: {INTENT}
    examples: |
      - how should i set up my desk so my back doesn't hurt
      - is sitting at a computer all day bad for my back
      - which office chair is best for lower back pain
      - should i get a standing desk for my back
      - how often should i get up from my desk
      - my back aches after a long day at my laptop
      - how high should my monitor be to protect my back
      - is there a right way to sit at work
      - tips for sitting at a desk with back pain
      - does slouching at my desk cause back pain
      - i work in an office, how can i protect my back while sitting
      - do i need a lumbar support cushion for my office chair
      - what is the best posture at a desk
      - how do i sit properly at my workstation
      - desk posture
      - good sitting posture for working at a computer
      - ergonomic desk setup for back pain
'''
# Phrases that now belong to the new intent rather than to ask_lifestyle.
MOVED = re.compile(r"^\s+- .*(desk|posture|chair|ergonomic|slouch).*\n", re.MULTILINE)

TOPICS = f"""version: 1
topics:
  - id: {TOPIC}
    title: Sitting at a desk
    family: general
    intents: [{INTENT}]
    answer: >-
      There is no one perfect way to sit. What helps most is not staying in
      the same position for a long time. Get up, stretch or walk around every
      so often, and change how you sit during the day.
    more: |-
      - Set up your chair and screen so you can sit comfortably without leaning forward for long.
      - Short breaks to stand up and move help more than a special chair.
      - Staying active outside work, such as walking, helps your back too.
    sources: [nice_ng59]
    evidence: guideline
    evidence_note: >-
      The NICE guideline advises staying active; it sets no single best way to sit.
    related: [staying_active, weight_lifestyle]
    last_reviewed: {dt.date.today().isoformat()}
"""

RULES = f"""version: "3.1"

rules:
  - rule: Answer a question about sitting at a desk with the sourced topic answer
    steps:
      - intent: {INTENT}
      - action: action_answer_topic
"""


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*LEFT_OUT))
    return target


def add_posture_intent(project: Path) -> None:
    (project / "data/nlu/posture.yml").write_text(NLU)
    (project / "data/rules/posture.yml").write_text(RULES)
    (project / "bot/content/topics/posture.yml").write_text(TOPICS)
    treatments = project / "data/nlu/treatments.yml"
    treatments.write_text(MOVED.sub("", treatments.read_text()))
    domain = project / "domain.yml"
    text = domain.read_text()
    assert "\nintents:\n" in text
    domain.write_text(text.replace("\nintents:\n", f"\nintents:\n  - {INTENT}\n", 1))


def make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    """Run the copy's own Makefile with this test's virtualenv, which is never reinstalled."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    installed = f"{VENV}/.installed"
    return subprocess.run(
        ["make", "-C", str(project), f"VENV={VENV}", "-o", installed, *targets],
        env=env, capture_output=True, text=True, timeout=1200,
    )


def stack_module(project: Path) -> ModuleType:
    """The copy's scripts/stack.py, whose ROOT (cwd of both servers) and MODEL are in the copy."""
    spec = importlib.util.spec_from_file_location("copied_stack", project / "scripts/stack.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_intent_and_topic_go_from_yaml_to_a_live_answer(tmp_path: Path) -> None:
    if not (VENV / ".installed").exists():
        pytest.fail(f"{VENV} is not installed: run `make install`")
    project = copy_project(tmp_path / "project")
    add_posture_intent(project)

    built = make(project, "validate", "train")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    topics = re.search(r" ok: (\d+) topics", built.stdout)
    assert topics and int(topics[1]) == len(get_knowledge_base().topics) + 1, built.stdout
    copied = stack_module(project)
    assert project.resolve() == copied.ROOT and copied.MODEL.is_file()

    (tmp_path / "stack").mkdir()
    running = copied.Stack(tmp_path / "stack")
    try:
        running.start()
        replies = running.say(uuid.uuid4().hex, "what's the healthiest way to sit when I work at a computer all day?")
    finally:
        running.stop()
    answers = [m["custom"] for m in replies if m.get("custom", {}).get("type") == "answer"]
    assert [a["topic_id"] for a in answers] == [TOPIC], replies
    assert "There is no one perfect way to sit." in answers[0]["text"]
