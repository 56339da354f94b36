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
INTENT, TOPIC = "ask_back_pain_in_children", "children_back_pain"

NLU = f'''version: "3.1"

nlu:
  - intent: {INTENT}
    examples: |
      - my 10 year old keeps saying her back hurts
      - is it normal for a child to have back pain
      - my son is 12 and complains about his lower back
      - can kids get back pain from heavy school bags
      - my daughter's school backpack is really heavy, could that hurt her back
      - teenager with back ache, should i worry
      - back pain in children
      - why would a child have a sore back
      - my kid plays football and now his back hurts
      - how common is back pain in teenagers
      - my 8 year old says his back is sore after school
      - what causes back pain in kids
      - should my child see a doctor for back pain
      - my teenage daughter has had back pain for weeks
      - can growing cause back pain in children
      - is back pain in young children serious
      - school bag weight and kids backs
      - my grandson keeps rubbing his lower back
      - children's back ache
      - my 14 year old son has back pain
      - my little girl says her back is sore most days, is that something to worry about
      - is it normal for a 9 year old to get backache
      - kids and back pain, when should a parent worry
      - my 11 year old keeps complaining his lower back aches after pe
      - my son is only 7 and says his back hurts, is that normal for his age
      - can children get slipped discs or is back ache in kids usually muscles
      - teen back pain from sports, what should we do
      - what should a parent do when a child's back hurts
      - my daughter is 13 and growing fast, her back aches at night
      - my kid moans that his back aches, do children get back pain like adults
      - our 6 year old keeps saying her back is sore, what could it be
      - my boy is ten and his back hurts after swimming club, should we be worried
      - back ache in a primary school child, is that common
      - my stepdaughter is 12 and her lower back aches every evening
      - what should we do when our little one says her back hurts
      - can a young child pull a muscle in their back
      - my twins are nine and one of them keeps getting backache
      - kids back pain, when to see the gp
      - my granddaughter is seven and complains of a sore back after school
      - my son is 15 and has had a bad back since starting rugby, is that normal for teenagers
      - is it worrying if a toddler says their back hurts
      - my daughter does gymnastics and is only 11, her back aches a lot
      - children with sore backs from carrying school bags, what helps
      - my nephew is eight and keeps saying his back hurts when he runs
      - my child is 10, back pain for a week, what should I look out for
      - why does my 13 year old get back ache so often
      - should a 12 year old with backache stay off PE
      - my youngest is six and keeps rubbing her back and crying, what could cause it
      - how do I know if my kid's back pain is serious
      - back pain in my 9 year old after a growth spurt
{{moved}}'''
# Shipped examples about a teenager's back pain belong to the new intent now: the maintainer
# moves them there (docs/maintaining.md, step 1), so no example sits under two intents.
MOVED = re.compile(r"^\s+- My (teenage son|teenager) .*\n", re.MULTILINE)

TOPICS = f"""version: 1
topics:
  - id: {TOPIC}
    title: Back pain in children
    family: general
    intents: [{INTENT}]
    answer: >-
      Back pain is less common in children than in adults. Most of it settles
      with time and staying active. If a child's back pain lasts, keeps them
      awake, or comes with fever or weakness, take them to a doctor.
    more: |-
      - Keep your child moving and doing their usual things as much as they can.
      - See a doctor if the pain lasts more than a few weeks or the child seems unwell.
      - A doctor can check what is causing it.
    sources: [nice_ng59]
    evidence: guideline
    evidence_note: >-
      A test fixture: the NICE guideline covers people over 16 and advises staying active.
    related: [staying_active, back_pain_causes]
    last_reviewed: {dt.date.today().isoformat()}
"""

# Phrasings the model was not trained on.
QUESTIONS = (
    "my nine-year-old grumbles that her back aches, is that normal for a kid?",
    "what makes a young kid's back go sore",
    "my grandchild is eight and says her back hurts, what should we do",
)

RULES = f"""version: "3.1"

rules:
  - rule: Answer a question about back pain in children with the sourced topic answer
    steps:
      - intent: {INTENT}
      - action: action_answer_topic
"""


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*LEFT_OUT))
    return target


def add_children_intent(project: Path) -> None:
    moved: list[str] = []
    for path in sorted((project / "data/nlu").glob("*.yml")):
        text = path.read_text()
        moved += [m.group(0) for m in MOVED.finditer(text)]
        path.write_text(MOVED.sub("", text))
    assert moved, "the shipped data has examples about a teenager's back pain to move"
    (project / "data/nlu/children.yml").write_text(NLU.format(moved="".join(moved)))
    (project / "data/rules/children.yml").write_text(RULES)
    (project / "bot/content/topics/children.yml").write_text(TOPICS)
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
    add_children_intent(project)

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
        got = {question: answers_of(running.say(uuid.uuid4().hex, question)) for question in QUESTIONS}
    finally:
        running.stop()
    # The round trip works when an unseen phrasing gets the new answer. How often the model
    # reaches a new intent is measured with held-out phrasings (docs/maintaining.md, step 5), not
    # here: beside about 7,000 examples a new intent of 55 does not win every phrasing (in one
    # fresh-clone run the first question reached it and the other two got no topic answer).
    reached = [q for q, answers in got.items() if [a["topic_id"] for a in answers] == [TOPIC]]
    assert reached, {q: [a["topic_id"] for a in answers] for q, answers in got.items()}
    assert "Back pain is less common in children than in adults." in got[reached[0]][0]["text"]


def answers_of(replies: list[dict]) -> list[dict]:
    return [m["custom"] for m in replies if m.get("custom", {}).get("type") == "answer"]
