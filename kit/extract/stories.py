"""Group republished and lightly rewritten copies of the same story (MinHash LSH over word shingles)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Estimated Jaccard similarity of word shingles above which two articles are one story.
THRESHOLD = 0.5
#: Words per shingle.
SHINGLE_WORDS = 4
#: MinHash permutations (more: finer similarity estimates, slower).
NUM_PERM = 128

_WORD = re.compile(r"\w+")


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word shingles of a text (lower-cased words; the words themselves if shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def sketch(text: str, *, num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS, seed: int = 1):
    """The MinHash sketch of a text's word shingles (a `datasketch.LeanMinHash`), or None for a text without words."""
    from datasketch import LeanMinHash, MinHash

    grams = shingles(text, size=shingle_words)
    if not grams:
        return None
    minhash = MinHash(num_perm=num_perm, seed=seed)
    minhash.update_batch(grams)
    return LeanMinHash(minhash)


def group_stories(
    documents: pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    text_column: str = "text",
    num_perm: int = NUM_PERM,
    shingle_words: int = SHINGLE_WORDS,
    seed: int = 1,
    sketches: Sequence | None = None,
) -> pd.DataFrame:
    """Group the documents that carry the same story (a wire story republished or lightly rewritten).

    Documents are taken in order. Each is compared, through a MinHash LSH index, with the first
    document of every earlier story it may share text with; it joins the most similar one whose
    estimated Jaccard similarity of word shingles is at least `threshold`, else it starts its own
    story. Time and memory grow about linearly with the number of documents.

    Args:
        documents: A frame with `doc_id` and the clean text (`corpus.documents`).
        threshold: Least estimated Jaccard similarity to a story's first document to join it.
        text_column: The column holding the text.
        num_perm: MinHash permutations.
        shingle_words: Words per shingle.
        seed: MinHash seed (results are deterministic for a given seed).
        sketches: Each document's `sketch(...)`, made with the same settings, when already known
            (the text column is then not needed).

    Returns:
        One row per document, in the input order: `doc_id`, `story_id` (the doc_id of the story's
        first document), `story_size` (documents in the story) and `story_similarity` (estimated
        Jaccard similarity to the story's first document; 1.0 for that document).

    Raises:
        ValueError: If `threshold` is not in (0, 1].
    """
    import pandas as pd
    from datasketch import MinHashLSH

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    doc_ids = [str(d) for d in documents["doc_id"]]
    if sketches is None:
        texts = documents[text_column].fillna("").astype(str)
        sketches = [sketch(t, num_perm=num_perm, shingle_words=shingle_words, seed=seed) for t in texts]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    firsts: dict = {}
    story_of: list[str] = []
    similarity: list[float] = []
    for doc_id, doc_sketch in zip(doc_ids, sketches):
        if doc_sketch is None:
            story_of.append(doc_id)
            similarity.append(1.0)
            continue
        best, best_score = None, 0.0
        for candidate in lsh.query(doc_sketch):
            score = doc_sketch.jaccard(firsts[candidate])
            if score >= threshold and (score > best_score or (score == best_score and candidate < best)):
                best, best_score = candidate, score
        if best is None:
            if doc_id not in firsts:
                lsh.insert(doc_id, doc_sketch)
                firsts[doc_id] = doc_sketch
            story_of.append(doc_id)
            similarity.append(1.0)
        else:
            story_of.append(best)
            similarity.append(float(best_score))
    frame = pd.DataFrame({"doc_id": doc_ids, "story_id": story_of, "story_similarity": similarity})
    frame.insert(2, "story_size", frame.groupby("story_id")["doc_id"].transform("size").astype("int64"))
    return frame


class SketchCache:
    """Sketches of texts already seen, by text digest, kept in a Parquet file between runs.

    A rerun then sketches only new or changed texts. The file records the settings and the
    datasketch hashing scheme it was made with; a file made otherwise is ignored.
    """

    def __init__(
        self, path: Path, *, num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS, seed: int = 1
    ) -> None:
        from datasketch import MinHash

        self.path = path
        self.settings = {"num_perm": num_perm, "shingle_words": shingle_words, "seed": seed}
        probe = MinHash(num_perm=1, seed=seed)
        self.scheme, self.dtype = probe.scheme, probe.hashvalues.dtype
        self.tag = json.dumps(
            {**self.settings, "scheme": self.scheme, "dtype": self.dtype.str}, sort_keys=True
        ).encode()
        self.known: dict[str, bytes] = self._read()
        self.used: dict[str, bytes] = {}

    def _read(self) -> dict[str, bytes]:
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(self.path)
        except (OSError, ValueError):  # no cache yet, or an unreadable one: start afresh
            return {}
        if (table.schema.metadata or {}).get(b"kit.sketches") != self.tag:
            return {}
        return dict(zip(table.column("key").to_pylist(), table.column("hashvalues").to_pylist()))

    def get(self, key: str, text: str):
        """The sketch of `text`, whose digest is `key`: from the cache, else made now."""
        import numpy as np
        from datasketch import LeanMinHash

        if key in self.known:
            blob = self.used[key] = self.known[key]
            if not blob:
                return None
            return LeanMinHash(
                seed=self.settings["seed"], scheme=self.scheme, hashvalues=np.frombuffer(blob, dtype=self.dtype)
            )
        made = sketch(text, **self.settings)
        self.used[key] = b"" if made is None else made.hashvalues.tobytes()
        return made

    def save(self) -> None:
        """Write the sketches used by this run (only those: the file does not grow with old texts)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {
                "key": pa.array(list(self.used), pa.string()),
                "hashvalues": pa.array(list(self.used.values()), pa.binary()),
            }
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        pq.write_table(table.replace_schema_metadata({b"kit.sketches": self.tag}), tmp, compression="zstd")
        os.replace(tmp, self.path)
