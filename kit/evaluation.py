"""Score the extraction tables against hand labels, with speakers and claimants compared as actors.

Gold files (`tests/eval/test/*.yaml`, `tests/eval/dev/*.yaml`) are written by people who read the
articles and never saw the code: a speaker or claimant is the fullest name the article gives
("Volodymyr Zelensky", "State Department", "Kiev"), or null. Predictions and labels are compared
as *actor keys*: a name that is an alias of a gazetteer actor is that actor's id
("Zelenskyy" → `volodymyr_zelensky`), any other name is itself, lower-cased, without titles. So
"Tony Blair" and the predicted `person:tony blair` agree, while `person:blair` does not: a
speaker counts as right only when resolved to the same actor a reader would name. A label that is
an office the article gives no name for ("President of Ukraine" in a 2022 address) is the one
gazetteer actor who held it on the document's date, when the scorer is given the dates.

Quote items: `{doc_id, kind: direct|indirect, quote, speaker}`. Every full-clause direct quote
of a labelled document is listed; at most the first five reported-speech items are.
Figure items: `{doc_id, text, value, category, claimed_by, scope}`, every count of troops,
killed, wounded and displaced people of a labelled document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
import yaml

from .extract.speech import role_holders
from .gazetteer import Gazetteer, clean_name

CLAIM_CATEGORIES = ("troops", "killed", "wounded", "displaced")
_MARKS = re.compile(r"[\"“”‘’'„«»]")


def load_items(path: str | Path) -> list[dict]:
    """The items of one gold YAML file (a list of mappings)."""
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    if not isinstance(items, list):
        raise ValueError(f"{path}: a gold file is a YAML list of items")
    return items


def _norm(text: object) -> str:
    """Text for substring matching: no quote marks, lower case, single spaces."""
    return " ".join(_MARKS.sub("", str(text)).lower().split())


class ActorKeys:
    """Turn names and predicted ids into comparable actor keys, through a gazetteer's aliases."""

    def __init__(self, gazetteer: Gazetteer, dates: Mapping[str, dt.date | None] | None = None) -> None:
        """Args:
        gazetteer: The actors.
        dates: Each document's date, to name the holder of an office a label gives ("President
            of Ukraine"); without it offices stay as written.
        """
        self.gazetteer = gazetteer
        self.dates = dict(dates or {})

    def of_name(self, name: object, doc_id: object = None) -> str | None:
        """The key of a name as a labeller or the kit writes it (in document `doc_id`); None for no name."""
        if not isinstance(name, str) or not name.strip():
            return None
        cleaned = clean_name(name).lower()
        actor = self.gazetteer.by_alias(name)
        if actor is not None:
            return actor.id
        parts = [self.gazetteer.by_alias(p) for p in re.split(r"\s+and\s+|\s*&\s*", name) if p.strip()]
        if len(parts) > 1 and all(parts):
            # joint speakers, each a known actor: "Vladimir Putin and Joseph Biden" are Putin and Joe Biden
            return " & ".join(sorted(p.id for p in parts if p))
        body = self.gazetteer.split_body(name)
        if body is not None and body[0]:  # "Ukrainian Ministry of Defence" is Ukraine's Defence Ministry
            return self.gazetteer.state_body(body[1], body[0])[0]
        date = self.dates.get(str(doc_id)) if doc_id is not None else None
        if date is not None:
            words = frozenset(w for w in re.findall(r"[\w'’]+", cleaned) if w not in {"the", "of", "a", "an"})
            holders = role_holders(words, self.gazetteer, date) if len(words) >= 2 else []
            if len(holders) == 1:
                return holders[0]
        return cleaned

    def of_prediction(self, actor_id: object, name: object) -> str | None:
        """The key of a predicted `(…_id, …_name)` pair."""
        if isinstance(actor_id, str) and actor_id in self.gazetteer:
            return actor_id
        if isinstance(name, str) and name.strip():
            return self.of_name(name)
        if isinstance(actor_id, str) and ":" in actor_id:
            return self.of_name(actor_id.split(":", 1)[1])
        return None

    def same_claimant(self, gold: object, text: object, actor_id: object, doc_id: object = None) -> bool:
        """Whether a predicted claimant names the labelled one (None matches None).

        The same actor key, or one name contained in the other ("General Staff" for "Ukrainian
        General Staff", "Ukrainian officials" for "officials").
        """
        gold_key = self.of_name(gold, doc_id)
        found_key = self.of_prediction(actor_id, text)
        if gold_key is None or found_key is None:
            return gold_key is None and found_key is None
        if gold_key == found_key:
            return True
        a, b = _norm(clean_name(str(gold))), _norm(clean_name(str(text))) if isinstance(text, str) else ""
        return bool(b) and (a in b or b in a)


def score_quotes(
    gold: Iterable[dict], quotes: pd.DataFrame, keys: ActorKeys, *, docs: Iterable[str] | None = None
) -> dict:
    """Score the `quotes` table against labelled direct quotes and reported speech.

    A gold item is found when a predicted row of its document contains its `quote` (ignoring case,
    quote marks and spacing). Direct quotes: recall, precision (predicted `direct` rows of the
    labelled documents that contain some labelled item), and speaker accuracy (found items whose
    predicted speaker is the labelled actor, no speaker equal to null). Reported speech: recall,
    and the share of items found with the right speaker.

    Args:
        gold: Items `{doc_id, kind, quote, speaker}`.
        quotes: The predicted `quotes` table (other documents are ignored).
        keys: How names become actor keys.
        docs: The documents labelled for quotes (default: those the items name); predicted rows
            of these count for precision.

    Returns:
        The scores, their counts, and `wrong_speaker`, `missed`, `unmatched` for inspection.
    """
    items = list(gold)
    docs = {str(d) for d in docs} if docs is not None else {str(i["doc_id"]) for i in items}
    rows = quotes[quotes["doc_id"].isin(docs)].to_dict("records")
    for r in rows:
        r["_norm"] = _norm(r["quote"] or "")
    by_doc: dict[str, list[int]] = {}
    for n, r in enumerate(rows):
        by_doc.setdefault(r["doc_id"], []).append(n)
    matched: set[int] = set()
    out = {kind: {"gold": 0, "found": 0, "speaker_ok": 0} for kind in ("direct", "indirect")}
    wrong, missed = [], []
    for item in items:
        kind = "direct" if item.get("kind") == "direct" else "indirect"
        needle = _norm(item["quote"])
        hits = [n for n in by_doc.get(str(item["doc_id"]), []) if needle and needle in rows[n]["_norm"]]
        out[kind]["gold"] += 1
        if not hits:
            missed.append(item)
            continue
        matched.update(hits)
        out[kind]["found"] += 1
        wanted = "indirect" if kind == "indirect" else "direct"
        best = min(hits, key=lambda n: (rows[n]["kind"] != wanted, len(rows[n]["_norm"])))
        row = rows[best]
        predicted = keys.of_prediction(row.get("speaker_id"), row.get("speaker_name"))
        if predicted == keys.of_name(item.get("speaker"), item["doc_id"]):
            out[kind]["speaker_ok"] += 1
        else:
            wrong.append({**item, "predicted": predicted, "speaker_text": row.get("speaker_text")})
    direct_rows = [n for n, r in enumerate(rows) if r["kind"] == "direct"]
    correct = sum(1 for n in direct_rows if n in matched)
    d, i = out["direct"], out["indirect"]
    return {
        "direct_recall": _ratio(d["found"], d["gold"]),
        "direct_precision": _ratio(correct, len(direct_rows)),
        "speaker_accuracy": _ratio(d["speaker_ok"], d["found"]),
        "direct_found_right_speaker": _ratio(d["speaker_ok"], d["gold"]),
        "reported_recall": _ratio(i["found"], i["gold"]),
        "reported_found_right_speaker": _ratio(i["speaker_ok"], i["gold"]),
        "n_direct": d["gold"],
        "n_direct_found": d["found"],
        "n_direct_speaker_ok": d["speaker_ok"],
        "n_direct_predicted": len(direct_rows),
        "n_direct_predicted_correct": correct,
        "n_reported": i["gold"],
        "n_reported_found": i["found"],
        "n_reported_speaker_ok": i["speaker_ok"],
        "wrong_speaker": wrong,
        "missed": missed,
        "unmatched": [{k: v for k, v in rows[n].items() if k != "_norm"} for n in direct_rows if n not in matched],
    }


def score_numbers(
    gold: Iterable[dict], numbers: pd.DataFrame, keys: ActorKeys, *, docs: Iterable[str] | None = None
) -> dict:
    """Score the `numbers` table against labelled figures.

    A gold item is found by a predicted row of its document whose sentence contains its `text`
    and whose value is equal (each row matches at most one item). Precision counts the predicted
    rows of the labelled documents in the four claim categories.

    Args:
        gold: Items `{doc_id, text, value, category, claimed_by, scope}`.
        numbers: The predicted `numbers` table.
        keys: How names become actor keys.
        docs: The labelled documents (default: those the items name); predicted rows of these
            count for precision.

    Returns:
        `recall`, `precision`, `found_right_category` (items found with their category, of all
        items), `category_accuracy` and `claimant_accuracy` and `scope_accuracy` (of found
        items; a null claimant must be predicted null), `named_claimant_accuracy` (of found items
        whose label names a claimant), counts, and lists for inspection.
    """
    items = list(gold)
    docs = {str(d) for d in docs} if docs is not None else {str(i["doc_id"]) for i in items}
    rows = numbers[numbers["doc_id"].isin(docs)].to_dict("records")
    for r in rows:
        r["_sentence"] = " ".join(str(r["sentence"]).split())
    used: set[int] = set()
    found = category_ok = claimant_ok = scope_ok = with_scope = named = named_ok = 0
    misses, wrong_category, wrong_claimant, wrong_scope = [], [], [], []
    for item in items:
        text = " ".join(str(item["text"]).split())
        hit = next(
            (
                n
                for n, r in enumerate(rows)
                if n not in used
                and r["doc_id"] == str(item["doc_id"])
                and text in r["_sentence"]
                and abs(float(r["value"]) - float(item["value"])) < 1e-6
            ),
            None,
        )
        label = f"{item['doc_id']}: {item['text']!r} ({float(item['value']):g} {item['category']})"
        if hit is None:
            misses.append(label)
            continue
        used.add(hit)
        row = rows[hit]
        found += 1
        if row["category"] == item["category"]:
            category_ok += 1
        else:
            wrong_category.append(f"{label}: found {row['category']}")
        right = keys.same_claimant(
            item.get("claimed_by"), row.get("claimed_by"), row.get("claimed_by_id"), item["doc_id"]
        )
        named += bool(item.get("claimed_by"))
        named_ok += bool(item.get("claimed_by")) and right
        if right:
            claimant_ok += 1
        else:
            wrong_claimant.append(f"{label}: claimed by {item.get('claimed_by')!r}, found {row.get('claimed_by')!r}")
        if item.get("scope") and "scope" in row:
            with_scope += 1
            if row["scope"] == item["scope"]:
                scope_ok += 1
            else:
                wrong_scope.append(f"{label}: scope {item['scope']}, found {row['scope']}")
    claimed = [n for n, r in enumerate(rows) if r["category"] in CLAIM_CATEGORIES]
    true_positive = sum(1 for n in claimed if n in used)
    return {
        "recall": _ratio(found, len(items)),
        "precision": _ratio(true_positive, len(claimed)),
        "found_right_category": _ratio(category_ok, len(items)),
        "category_accuracy": _ratio(category_ok, found),
        "claimant_accuracy": _ratio(claimant_ok, found),
        "named_claimant_accuracy": _ratio(named_ok, named),
        "scope_accuracy": _ratio(scope_ok, with_scope),
        "n_gold": len(items),
        "n_found": found,
        "n_predicted": len(claimed),
        "n_predicted_correct": true_positive,
        "n_category_ok": category_ok,
        "n_claimant_ok": claimant_ok,
        "n_named_claimant": named,
        "n_named_claimant_ok": named_ok,
        "n_scope_ok": scope_ok,
        "misses": misses,
        "wrong_category": wrong_category,
        "wrong_claimant": wrong_claimant,
        "wrong_scope": wrong_scope,
        "false_positives": [
            f"{rows[n]['doc_id']}: {rows[n]['text']!r} ({rows[n]['category']})" for n in claimed if n not in used
        ],
    }


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None
