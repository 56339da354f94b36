"""Read one reviewed YAML content file: a mapping with `version: 1`, or an error naming the file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def read_content_file(path: Path, error: type[Exception], what: str) -> dict[str, Any]:
    """Parse `path`; an unreadable or malformed file, or one without `version: 1`, raises `error`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read {what}: {exc}") from exc
    if not isinstance(data, Mapping) or data.get("version") != 1:
        raise error(f"{path}: expected a mapping with 'version: 1'")
    return dict(data)
