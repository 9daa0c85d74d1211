"""Where the content files live and how they are read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT, content_dir

__all__ = ["FAST_SAFE_LOADER", "PROJECT_ROOT", "content_path", "load_yaml"]


def content_path(name: str) -> Path:
    """Path of a file in the content folder (``BOT_CONTENT_DIR`` overrides ``data/content``)."""
    return content_dir() / name


# PyYAML's safe loader in C (libyaml, in PyYAML's wheels) where it is there: the same documents as the Python one,
# read about ten times faster (the content and safety files are read at every process's start).
FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentLoader(FAST_SAFE_LOADER):  # type: ignore[misc,valid-type]
    """YAML 1.2 booleans: only true/false. Words like on, off, yes and no stay words."""


ContentLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(path: Path) -> Any:
    """Read a YAML content file; a missing file names the setting to check."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=ContentLoader)
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"Content file {path} is missing. Check BOT_CONTENT_DIR or restore data/content/."
        ) from exc
