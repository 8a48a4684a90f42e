"""Research kit for English news on the Russia-Ukraine conflict: load, clean, tag, explore."""

__version__ = "0.1.0"

from .corpus import Corpus, StoreNotFound, load_corpus, open_store  # noqa: E402

__all__ = ["Corpus", "StoreNotFound", "__version__", "load_corpus", "open_store"]
