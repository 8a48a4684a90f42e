"""The registry of analyses run on every tagged document, and the tables they fill."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..tagger import DocContext

#: Modules whose `analyse(doc, ctx) -> {table: rows}` runs on every document, in this order.
#: Each declares `TABLES: dict[str, pyarrow.Schema]` for the tables it fills.
MODULES = [
    "kit.extract.entities",
    "kit.extract.timeline",
    "kit.extract.quotes",
    "kit.extract.numbers",
    "kit.extract.themes",
    "kit.extract.events",
]

Analysis = Callable[["Doc", "DocContext"], dict[str, list[dict]]]


@cache
def modules() -> tuple[ModuleType, ...]:
    """The analysis modules, imported."""
    return tuple(importlib.import_module(name) for name in MODULES)


def analyses() -> list[Analysis]:
    """Every registered analysis function, in order."""
    return [module.analyse for module in modules()]


def tables() -> dict[str, pa.Schema]:
    """Every tagged table and its schema.

    Raises:
        ValueError: If two analyses declare the same table.
    """
    found: dict[str, pa.Schema] = {}
    for module in modules():
        for name, table_schema in module.TABLES.items():
            if name in found:
                raise ValueError(f"table '{name}' is declared by two analyses ({module.__name__})")
            found[name] = table_schema
    return found
