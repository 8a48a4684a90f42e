"""What the kit finds in each tagged document: entities, quotes, figures, dates, themes, events.

Every module of this package with `TABLES` and `analyse(doc, ctx)` is an analysis run on every
document (`kit.extract.protocol`). The others serve them: `syntax` (what they share about the
parse), `speech` (a text that is one speaker's words), and the corpus-wide steps `stories` and
`actors`.
"""

from __future__ import annotations

from .protocol import Analysis, DocContext, analyses, modules, names, tables

__all__ = ["Analysis", "DocContext", "analyses", "modules", "names", "tables"]
