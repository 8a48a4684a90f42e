"""The word index: which articles hold each word, built once when a corpus is tagged.

A search for a word or phrase first asks the index which articles can match, then runs the exact
pattern (`kit.explore.term_pattern`) over those articles alone, so the first search on a large
store reads only the texts it needs. The index never decides a match; it only rules articles out,
so a search finds exactly what a scan of every text with the same pattern finds.

The index is the store table `words`: one row per distinct word (a run of `\\w` characters, as
Python's `re` sees them, in its own case) in a block of documents, with the rows of `documents`
that hold it. Blocks of `BLOCK_DOCS` documents are written one after another, each sorted by word,
in row groups of `ROWS_PER_GROUP` words; Parquet's statistics then let a reader fetch the few row
groups that can hold a word without reading the rest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .schema import WORDS

#: What the index calls a word: the runs `term_pattern` matches whole.
WORD = re.compile(r"\w+")
#: Documents indexed together: each block's words are sorted and written as one run of row groups.
BLOCK_DOCS = 5000
#: Words per row group: the unit a lookup reads.
ROWS_PER_GROUP = 4096
SCHEMA = WORDS


def block_rows(texts: Iterable[str | None], first: int = 0) -> pa.Table:
    """The index rows of some documents: each distinct word with the rows that hold it, sorted by word.

    Args:
        texts: The documents' texts, in table order.
        first: The table row of the first of them.
    """
    tokens: list[str] = []
    rows: list[int] = []
    for row, text in enumerate(texts, start=first):
        words = set(WORD.findall(text or ""))
        tokens.extend(words)
        rows.extend([row] * len(words))
    pairs = pa.table({"token": pa.array(tokens, pa.string()), "doc": pa.array(rows, pa.int32())})
    grouped = pairs.group_by("token", use_threads=False).aggregate([("doc", "list")])
    grouped = grouped.rename_columns(["token", "docs"]).sort_by("token")
    return grouped.select(["token", "docs"]).cast(SCHEMA)


def build(documents: Path, write: Callable[[pa.Table], None], *, skip: int = 0) -> int:
    """Index the texts of a `documents` table, block by block; returns the number of words written.

    Args:
        documents: The Parquet file of the documents to index (its row numbers are what the index
            holds).
        write: Called with each sorted block (an Arrow table with the `SCHEMA` columns), in order.
        skip: Leave out the first `skip` documents (already indexed: a corpus that grew).
    """
    rows = 0
    for first, texts in _text_blocks(documents, skip):
        block = block_rows(texts, first)
        for start in range(0, block.num_rows, ROWS_PER_GROUP):
            write(block.slice(start, ROWS_PER_GROUP))
        rows += block.num_rows
    return rows


def _text_blocks(documents: Path, skip: int = 0) -> Iterator[tuple[int, list[str | None]]]:
    """`(first row, texts)` for consecutive blocks of `BLOCK_DOCS` documents, from row `skip` on."""
    file = pq.ParquetFile(documents)
    first, texts, row = skip, [], 0
    for group in range(file.num_row_groups):
        size = file.metadata.row_group(group).num_rows
        if row + size <= skip:
            row += size
            continue
        column = file.read_row_group(group, columns=["text"]).column(0)
        texts.extend(column.slice(max(skip - row, 0)).to_pylist())
        row += size
        if len(texts) >= BLOCK_DOCS:
            yield first, texts[:BLOCK_DOCS]
            first, texts = first + BLOCK_DOCS, texts[BLOCK_DOCS:]
    if texts:
        yield first, texts


def word_pieces(terms: list[str]) -> list[list[re.Pattern]] | None:
    """What each term needs of a document's words, for `term_pattern`'s plain syntax.

    Each term (a phrase of words, `*` matching any ending) becomes the patterns that words of a
    matching document must fully match, one per run of word characters in it: "U.S. troops" needs
    words matching `U`, `S` and `troops`. A piece that can match no characters at all (a bare `*`)
    needs nothing.

    Returns:
        For each term, its list of word patterns (case-insensitive); None if some term needs no word
        at all, so that no document can be ruled out.
    """
    needed = []
    for term in terms:
        pieces = []
        for piece in re.split(r"[^\w*]+", term):
            if not piece or not piece.strip("*"):
                continue
            pieces.append(re.compile(re.escape(piece).replace(r"\*", r"\w*"), re.IGNORECASE))
        if not pieces:
            return None
        needed.append(pieces)
    return needed


def shifted(table: pa.Table, offset: int) -> pa.Table:
    """Index rows with their document rows moved by `offset` (a segment's rows in the whole table)."""
    if not offset:
        return table
    docs = table.column("docs").combine_chunks()
    moved = pa.ListArray.from_arrays(docs.offsets, pc.add(docs.flatten(), pa.scalar(offset, pa.int32())))
    return table.set_column(table.schema.get_field_index("docs"), "docs", moved.cast(SCHEMA.field("docs").type))


class WordIndex:
    """The `words` table of a store, read lazily: its word list on the first lookup, row groups as needed.

    A store that grew by segments has one index file per segment, each numbering the rows of its own
    segment's `documents`; `offsets` gives the first row of each segment in the whole table.
    """

    def __init__(self, paths: Path | list[Path], offsets: list[int] | None = None) -> None:
        self.paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
        self.offsets = offsets or [0] * len(self.paths)

    @functools.cached_property
    def vocabulary(self) -> list[str]:
        """Every distinct word in the corpus, in its own case."""
        tokens = pq.read_table([str(p) for p in self.paths], columns=["token"]).column("token")
        return pc.unique(tokens).to_pylist()

    def words_matching(self, pattern: re.Pattern) -> list[str]:
        """The corpus's words that `pattern` matches whole."""
        match = pattern.fullmatch
        return [word for word in self.vocabulary if match(word)]

    def rows_with(self, words: list[str]) -> np.ndarray:
        """The sorted document rows holding any of `words`."""
        if not words:
            return np.array([], dtype=np.int32)
        found = []
        for path, offset in zip(self.paths, self.offsets, strict=True):
            table = pq.read_table(path, columns=["docs"], filters=pc.field("token").isin(words))
            found.append(pc.list_flatten(table.column("docs")).to_numpy().astype(np.int64) + offset)
        return np.unique(np.concatenate(found)) if found else np.array([], dtype=np.int64)

    def candidates(self, terms: list[str]) -> np.ndarray | None:
        """The sorted rows of the documents that can match any of `terms` (plain syntax), or None if
        the index cannot rule any document out."""
        needed = word_pieces(terms)
        if needed is None:
            return None
        found: list[np.ndarray] = []
        for pieces in needed:
            rows = self.rows_with(self.words_matching(pieces[0]))
            for pattern in pieces[1:]:
                if not len(rows):
                    break
                rows = np.intersect1d(rows, self.rows_with(self.words_matching(pattern)), assume_unique=True)
            found.append(rows)
        return np.unique(np.concatenate(found)) if found else np.array([], dtype=np.int32)
