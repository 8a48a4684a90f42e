"""Actors across the corpus: a surname alone resolves to the one full name the corpus uses for it.

Within an article, `kit.gazetteer.entity_rows` already resolves "Bushmin" to "Yevgeny Bushmin" when
the article names him in full. Across articles a reader does the same: "Zelenska" in one article is
the "Olena Zelenska" of another. The rule, applied to the whole corpus after tagging:

- a person named by one word only (`person:zelenska`, not in the gazetteer) resolves to the person
  whose full name ends with that word, when exactly one such full name (a gazetteer person, or a
  name of two or more words the model tagged as a person) occurs anywhere in the corpus;
- a word that ends two different full names ("Johnson": Boris Johnson, Lyndon Johnson) stays as it
  is; a first name alone ("Olena") is never resolved beyond its article.

The result is the `resolutions` table (`entity_id`, `resolved_id`, `resolved_name`), which
`kit.corpus.Corpus` applies when it reads `entities`, `quotes`, `numbers` and `events`:
`entities.resolved_by` then says `corpus` for these rows (`gazetteer` for gazetteer matches,
`article` for surnames resolved within their article, empty for names as written).
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pyarrow as pa

#: Columns of the tagged tables that hold actor ids, with the column of their name (if any).
ID_COLUMNS: dict[str, list[tuple[str, str | None]]] = {
    "entities": [("entity_id", "entity_name")],
    "quotes": [("speaker_id", "speaker_name")],
    "numbers": [("claimed_by_id", None)],
    "events": [("actor_id", None), ("target_id", None)],
}


def corpus_resolutions(entities: pa.Table) -> pd.DataFrame:
    """Single-word person names that one full name in the corpus explains.

    Args:
        entities: The corpus's `entities` table (at least `entity_id`, `entity_name`, `entity_type`,
            `in_gazetteer`).

    Returns:
        Rows `entity_id, resolved_id, resolved_name`, one per resolved single-word person id.
    """
    frame = entities.select(["entity_id", "entity_name", "entity_type", "in_gazetteer"]).to_pandas()
    people = frame[frame["entity_type"] == "person"].drop_duplicates("entity_id")
    names = people["entity_name"].fillna("").str.split()
    full = people[names.str.len() > 1]
    by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entity_id, name in zip(full["entity_id"], full["entity_name"]):
        by_surname[name.split()[-1].lower()].add((entity_id, name))
    single = people[(names.str.len() == 1) & ~people["in_gazetteer"].fillna(False).astype(bool)]
    rows = []
    for entity_id, name in zip(single["entity_id"], single["entity_name"]):
        owners = by_surname.get(name.lower(), set())
        if len(owners) == 1:
            resolved_id, resolved_name = next(iter(owners))
            rows.append({"entity_id": entity_id, "resolved_id": resolved_id, "resolved_name": resolved_name})
    return pd.DataFrame(rows, columns=["entity_id", "resolved_id", "resolved_name"])


def apply_resolutions(table: str, frame: pd.DataFrame, resolutions: pd.DataFrame, *, copy: bool = True) -> pd.DataFrame:
    """Replace resolved ids (and names) in the rows of one tagged table.

    Args:
        table: The table's name (see `ID_COLUMNS`).
        frame: Its rows (any subset of its columns).
        resolutions: The `resolutions` table.
        copy: Leave `frame` as it is and return a resolved copy (False: resolve `frame` itself, which
            no one else holds).

    Returns:
        The rows with ids resolved across the corpus; `entities` rows resolved here get
        `resolved_by == "corpus"`.
    """
    if resolutions.empty or table not in ID_COLUMNS:
        return frame
    ids = dict(zip(resolutions["entity_id"], resolutions["resolved_id"]))
    names = dict(zip(resolutions["entity_id"], resolutions["resolved_name"]))
    frame = frame.copy() if copy else frame
    for id_column, name_column in ID_COLUMNS[table]:
        if id_column not in frame.columns:
            continue
        hit = frame[id_column].isin(list(ids))
        if not hit.any():
            continue
        if name_column in frame.columns:
            frame.loc[hit, name_column] = frame.loc[hit, id_column].map(names)
        if table == "entities" and "resolved_by" in frame.columns:
            frame.loc[hit, "resolved_by"] = "corpus"
        frame.loc[hit, id_column] = frame.loc[hit, id_column].map(ids)
    return frame
