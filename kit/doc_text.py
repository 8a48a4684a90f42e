"""The text of a spaCy `Doc`, joined once.

`Doc.text` joins every token's text each time it is read; the analyses read it for each
candidate quote, entity and date, which made it a third of their time. `text_of` keeps the text
in the document's `user_data` the first time it is asked for. A `Doc`'s text never changes
(retokenising merges and splits tokens, not characters), so the copy cannot go stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The `Doc.user_data` key the text is kept under.
KEY = "kit.text"


def text_of(doc: Doc) -> str:
    """`doc.text`, joined on the first call and kept with the document.

    Args:
        doc: A spaCy document.

    Returns:
        The document's text, exactly as `doc.text` gives it.
    """
    text = doc.user_data.get(KEY)
    if text is None:
        text = doc.user_data[KEY] = doc.text
    return text
