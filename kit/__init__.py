"""Research kit for English news on the Russia-Ukraine conflict: load, clean, tag, explore.

The package reads the way the data flow: `ingest`, `clean`, `metadata` and `furniture` turn files
into documents; `nlp`, `tagger` and the analyses in `kit.extract` turn documents into tagged
tables, which `pipeline` writes to a `store` and `corpus` reads back; `explore` answers questions
from the tables; `kit.present` draws them (figures, explorers, report pages).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

__version__ = "0.1.0"

# Arrow's own allocator keeps what a large table freed; the system's hands it back, so the memory of a
# notebook session on a large store follows what it holds, not the most it ever read. Set before
# pyarrow is imported; a user's own ARROW_DEFAULT_MEMORY_POOL wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from .corpus import Corpus, StoreNotFound, load_corpus, open_store  # noqa: E402

#: Presentation modules notebooks import as `from kit import figures, views, ...`, loaded on first use.
_PRESENT = ("browse", "display", "figures", "findings", "report", "report_config", "views", "widgets")
#: Analyses that lived at the top of the package before `kit.extract`: `import kit.quotes` still works.
_EXTRACT = ("actors", "entities", "events", "numbers", "quotes", "speech", "stories", "themes", "timeline")
_MOVED = {f"{__name__}.{name}": f"{__name__}.present.{name}" for name in _PRESENT} | {
    f"{__name__}.{name}": f"{__name__}.extract.{name}" for name in _EXTRACT
}

__all__ = ["Corpus", "StoreNotFound", "__version__", "load_corpus", "open_store"]


def __getattr__(name: str) -> ModuleType:
    """`kit.figures`, `kit.views`, ...: the modules of `kit.present`, imported when first asked for."""
    if name in _PRESENT:
        module = importlib.import_module(f"{__name__}.present.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports of a module's earlier name (`kit.views`) give the module itself (`kit.present.views`)."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if fullname not in _MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        return importlib.import_module(_MOVED[spec.name])

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module was imported under its own name."""


if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
    sys.meta_path.append(_MovedModules())
