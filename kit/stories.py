"""Group republished and lightly rewritten copies of the same story (MinHash LSH over word shingles)."""

from __future__ import annotations

import re
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


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word shingles of a text (lower-cased words; the words themselves if shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def group_stories(documents: pd.DataFrame, threshold: float = THRESHOLD, *, text_column: str = "text",
                  num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS, seed: int = 1) -> pd.DataFrame:
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

    Returns:
        One row per document, in the input order: `doc_id`, `story_id` (the doc_id of the story's
        first document), `story_size` (documents in the story) and `story_similarity` (estimated
        Jaccard similarity to the story's first document; 1.0 for that document).

    Raises:
        ValueError: If `threshold` is not in (0, 1].
    """
    import pandas as pd
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    firsts: dict[str, LeanMinHash] = {}
    story_of: list[str] = []
    similarity: list[float] = []
    doc_ids = [str(d) for d in documents["doc_id"]]
    texts = documents[text_column].fillna("").astype(str)
    for doc_id, text in zip(doc_ids, texts):
        grams = shingles(text, shingle_words)
        if not grams:
            story_of.append(doc_id)
            similarity.append(1.0)
            continue
        sketch = MinHash(num_perm=num_perm, seed=seed)
        sketch.update_batch(grams)
        sketch = LeanMinHash(sketch)
        best, best_score = None, 0.0
        for candidate in lsh.query(sketch):
            score = sketch.jaccard(firsts[candidate])
            if score >= threshold and (score > best_score or (score == best_score and candidate < best)):
                best, best_score = candidate, score
        if best is None:
            if doc_id not in firsts:
                lsh.insert(doc_id, sketch)
                firsts[doc_id] = sketch
            story_of.append(doc_id)
            similarity.append(1.0)
        else:
            story_of.append(best)
            similarity.append(float(best_score))
    frame = pd.DataFrame({"doc_id": doc_ids, "story_id": story_of, "story_similarity": similarity})
    frame.insert(2, "story_size", frame.groupby("story_id")["doc_id"].transform("size").astype("int64"))
    return frame
