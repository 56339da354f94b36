"""The content validator passes on the shipped content and names the problem when it breaks."""

from __future__ import annotations

from bot.knowledge import validate
from bot.knowledge.schema import ContentError


def test_shipped_content_is_valid(capsys):
    assert validate.main() == 0
    assert capsys.readouterr().out.startswith("content ok:")


def test_a_broken_file_fails_with_its_name(monkeypatch, capsys):
    def broken():
        raise ContentError("bot/content/topics/x.yml: bmac: unknown source id 'nope'")

    monkeypatch.setattr(validate, "load_knowledge_base", broken)
    assert validate.main() == 1
    assert "unknown source id 'nope'" in capsys.readouterr().err
