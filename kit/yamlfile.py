"""Reading the curated YAML files researchers edit (gazetteer, lexicons, report settings), safely.

`yaml.safe_load` builds no Python objects, but it still expands anchors and aliases: a few lines of
"billion laughs" aliases grow into gigabytes. These files have no use for aliases, so a file that
holds one is refused, as is a file past `MAX_BYTES`, each with a message naming it.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Larger YAML files are refused (the kit's own gazetteer is about 0.1 MB).
MAX_BYTES = 20_000_000


class _NoAliases(yaml.SafeLoader):
    """A safe loader that refuses anchors' aliases (`*name`)."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in kit's YAML files", event.start_mark
            )
        return super().compose_node(parent, index)


def load_yaml(text: str, origin: str = "YAML") -> Any:
    """Parse the text of a curated YAML file.

    Args:
        text: The file's text.
        origin: Its name, for messages.

    Raises:
        ValueError: For a file too large, with an alias, or that is not valid YAML (the message names it).
    """
    if len(text) > MAX_BYTES:
        raise ValueError(f"{origin} is larger than {MAX_BYTES // 1_000_000} MB; a curated file should be far smaller")
    try:
        return yaml.load(text, Loader=_NoAliases)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"{origin} is not usable YAML{line}: {problem}") from None


__all__ = ["MAX_BYTES", "load_yaml"]
