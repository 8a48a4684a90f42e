"""What a report is called and what it is about: `kit report --title/--description`, or a `report.yaml`.

A `report.yaml` holds two keys, both optional::

    title: Ukraine in RT and Reuters, spring 2014
    description: >
      How two outlets covered the first months of the conflict: who they quote, the figures they
      give and how they spell the capital.

It is read from the report's output folder, else from beside the corpus (the corpus folder itself,
or the folder of a corpus file); the command line's options win over both.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..yamlfile import load_yaml

#: The file name looked for.
CONFIG_NAME = "report.yaml"
DEFAULT_TITLE = "News corpus report"
_KEYS = {"title", "description"}
#: Larger files are not a report's settings (and are not read).
_MAX_BYTES = 64_000


class ReportConfigError(ValueError):
    """A `report.yaml` that cannot be used; the message names the file and what to change."""


@dataclass(frozen=True)
class ReportConfig:
    """The title and description shown on the report's front page."""

    title: str = DEFAULT_TITLE
    description: str = ""
    source: str = ""  # where they came from, for messages: "report.yaml beside the corpus", "--title"


def read_config_file(path: Path) -> dict[str, str]:
    """The settings in one `report.yaml`.

    Raises:
        ReportConfigError: For a file that is not a small YAML mapping of `title` and `description` strings.
    """
    if path.stat().st_size > _MAX_BYTES:
        raise ReportConfigError(
            f"{path.name} is larger than {_MAX_BYTES // 1000} KB; it should hold only a title and a description"
        )
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path.name)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReportConfigError(f"{exc} -- write 'title: ...' and 'description: ...' lines") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReportConfigError(
            f"{path.name} should map 'title' and 'description' to text, not hold a {type(data).__name__}"
        )
    unknown = sorted(map(str, set(data) - _KEYS))
    if unknown:
        raise ReportConfigError(
            f"{path.name}: unknown key(s) {', '.join(unknown)}; only 'title' and 'description' are read"
        )
    out = {}
    for key, value in data.items():
        if value is None:
            continue
        if not isinstance(value, (str, int, float)):
            raise ReportConfigError(f"{path.name}: '{key}' should be text")
        out[str(key)] = " ".join(str(value).split()) if key == "title" else str(value).strip()
    return out


def config_files(corpus_paths: Sequence[str | os.PathLike], out: str | os.PathLike) -> list[Path]:
    """The `report.yaml` files that apply, the strongest first: the output folder's, then the corpus's."""
    places = [Path(out)]
    for given in corpus_paths:
        path = Path(given)
        places.append(path if path.is_dir() else path.parent)
    found, seen = [], set()
    for place in places:
        candidate = (place / CONFIG_NAME).resolve()
        if candidate not in seen and candidate.is_file():
            seen.add(candidate)
            found.append(candidate)
    return found


def report_config(
    corpus_paths: Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    title: str | None = None,
    description: str | None = None,
) -> ReportConfig:
    """The report's title and description: options first, then `report.yaml` files, then defaults.

    Args:
        corpus_paths: The corpus files and folders.
        out: The report folder.
        title: `--title`, if given.
        description: `--description`, if given.

    Raises:
        ReportConfigError: For a `report.yaml` that cannot be used.
    """
    settings: dict[str, str] = {}
    sources = []
    for path in reversed(config_files(corpus_paths, out)):
        read = read_config_file(path)
        settings.update(read)
        if read:
            sources.append(path.name)
    if title is not None and title.strip():
        settings["title"] = " ".join(title.split())
    if description is not None and description.strip():
        settings["description"] = description.strip()
    return ReportConfig(
        title=settings.get("title") or DEFAULT_TITLE,
        description=settings.get("description", ""),
        source=", ".join(sources),
    )


__all__ = [
    "CONFIG_NAME",
    "DEFAULT_TITLE",
    "ReportConfig",
    "ReportConfigError",
    "config_files",
    "read_config_file",
    "report_config",
]
