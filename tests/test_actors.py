"""Tests for `kit.extract.actors`: surnames resolved across the corpus, visibly and only when unambiguous."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from kit.corpus import load_corpus
from kit.extract.actors import apply_resolutions, corpus_resolutions


def entities(*rows: tuple[str, str, str, bool]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"entity_id": i, "entity_name": n, "entity_type": t, "in_gazetteer": g} for i, n, t, g in rows]
    )


def test_a_surname_resolves_to_the_one_full_name_of_the_corpus():
    found = corpus_resolutions(
        entities(
            ("person:olena zelenska", "Olena Zelenska", "person", False),
            ("person:zelenska", "Zelenska", "person", False),
            ("person:boris johnson", "Boris Johnson", "person", False),
            ("person:lyndon johnson", "Lyndon Johnson", "person", False),
            ("person:johnson", "Johnson", "person", False),  # two Johnsons: left alone
            ("person:olena", "Olena", "person", False),  # a first name stays local to its article
            ("jake_sullivan", "Jake Sullivan", "person", True),
            ("person:sullivan", "Sullivan", "person", False),  # a gazetteer person's surname
            ("org:reuters", "Reuters", "organisation", False),
        )
    )
    assert dict(zip(found.entity_id, found.resolved_id)) == {
        "person:zelenska": "person:olena zelenska",
        "person:sullivan": "jake_sullivan",
    }


def test_resolutions_apply_to_ids_and_names_and_say_so():
    resolutions = pd.DataFrame(
        {
            "entity_id": ["person:zelenska"],
            "resolved_id": ["person:olena zelenska"],
            "resolved_name": ["Olena Zelenska"],
        }
    )
    ents = pd.DataFrame(
        {"entity_id": ["person:zelenska", "org:un"], "entity_name": ["Zelenska", "UN"], "resolved_by": [None, None]}
    )
    out = apply_resolutions("entities", ents, resolutions)
    assert list(out.entity_id) == ["person:olena zelenska", "org:un"]
    assert list(out.entity_name) == ["Olena Zelenska", "UN"] and list(out.resolved_by) == ["corpus", None]
    quotes = pd.DataFrame({"speaker_id": ["person:zelenska"], "speaker_name": ["Zelenska"]})
    assert apply_resolutions("quotes", quotes, resolutions).speaker_name.tolist() == ["Olena Zelenska"]
    assert ents.entity_id.tolist()[0] == "person:zelenska"  # the caller's frame is not changed


def test_a_tagged_corpus_counts_a_surname_and_the_full_name_as_one(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Deputy speaker Yevgeny Bushmin visited a hospital in Belgorod on Monday.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text("Mr Bushmin said the region would take in more people.\n", encoding="utf-8")
    corpus = load_corpus(folder, out=tmp_path / "store", progress=False, n_process=1)
    people = corpus.entities[corpus.entities.entity_type == "person"]
    assert set(people.entity_id) == {"person:yevgeny bushmin"}
    assert set(people[people.doc_id == "b"].resolved_by) == {"corpus"}
    assert people[people.doc_id == "a"].resolved_by.isna().all()  # named in full: as written
    assert corpus.quotes.speaker_id.tolist() == ["person:yevgeny bushmin"]
    assert corpus.quotes.speaker_name.tolist() == ["Yevgeny Bushmin"]
