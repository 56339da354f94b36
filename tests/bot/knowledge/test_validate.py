"""The content validator passes on the shipped content and names the problem when it breaks."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bot.content_file import ContentError
from bot.knowledge import validate
from bot.knowledge.loader import CONTENT_DIR, load_knowledge_base


def test_shipped_content_is_valid(capsys):
    assert validate.main() == 0
    assert capsys.readouterr().out.startswith("content ok:")


def test_a_broken_file_fails_with_its_name(monkeypatch, capsys):
    def broken():
        raise ContentError("bot/content/topics/x.yml", "unknown source id 'nope'", "bmac")

    monkeypatch.setattr(validate, "load_knowledge_base", broken)
    assert validate.main() == 1
    assert "unknown source id 'nope'" in capsys.readouterr().err


def test_a_misspelled_topic_intent_fails_naming_the_file_and_topic(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "topics" / "back_pain.yml"
    data = yaml.safe_load(path.read_text())
    first, second = data["topics"][:2]
    misspelled = first["intents"][0][:-1]  # ask_back_pain_prevalence -> ask_back_pain_prevalenc
    first["intents"][0] = misspelled
    second["intents"].append("ask_imagng")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setattr(validate, "load_knowledge_base", lambda: load_knowledge_base(content))

    assert validate.main() == 1
    err = capsys.readouterr().err.splitlines()
    # Every unknown intent, each as `file: entry: problem`.
    assert err == [
        f"content invalid: {path}: {first['id']}: intent '{misspelled}' is not an intent in domain.yml",
        f"content invalid: {path}: {second['id']}: intent 'ask_imagng' is not an intent in domain.yml",
    ]

def test_domain_intents_come_from_domain_yml_or_a_domain_directory(tmp_path):
    shipped = validate.domain_intents(validate.DOMAIN_PATH)
    assert {"ask_sciatica", "start_checklist"} <= shipped
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "general.yml").write_text('version: "3.1"\nintents:\n  - greet\n')
    (tmp_path / "domain" / "answers.yml").write_text(
        'version: "3.1"\nintents:\n  - ask_sciatica:\n      use_entities: [condition]\nslots: {}\n'
    )
    assert validate.domain_intents(tmp_path / "domain") == {"greet", "ask_sciatica"}


def test_an_unreadable_domain_fails_with_its_name(monkeypatch, capsys):
    monkeypatch.setattr(validate, "DOMAIN_PATH", Path("/nonexistent/domain.yml"))
    assert validate.main() == 1
    assert "/nonexistent/domain.yml: cannot read the domain" in capsys.readouterr().err
