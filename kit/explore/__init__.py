"""Answers from a tagged corpus's tables: counts, keyword in context, co-occurrence, actor profiles.

One module per question the notebooks ask, all importable from here (`kit.explore.quotes_by_speaker`):

- `base`: findings in words, tables that may be missing, counting once per story;
- `documents`: outlets, sizes, dates, spelling, cleaning (notebook 01);
- `actors`: who is named, co-occurrence, actor profiles (02);
- `quotations`: who said what, and how good the extraction is (03);
- `numbers`: troop, casualty and refugee figures (04);
- `timeline`: articles, events and dates over time (05);
- `framing`: word choice and themes (06);
- `search`: keyword in context, the one engine behind every text search.
"""

from __future__ import annotations

from .actors import (  # noqa: F401
    ActorProfile,
    actor_counts,
    actor_profile,
    actors_by_type,
    cooccurrence,
    describe_actors,
    describe_cooccurrence,
    partners,
    resolve_actor,
    sentence_text,
    top_actor,
)
from .base import (  # noqa: F401
    EXTRACTED,
    PER,
    UNKNOWN_SOURCE,
    Finding,
    _plural,
    copies_note,
    day,
    has_table,
    markdown_text,
    missing_columns,
    missing_table,
    once_per_story,
    peek,
    publisher,
    story_of,
    table_overview,
)
from .documents import (  # noqa: F401
    article_dates,
    cleaning_audit,
    describe_cleaning,
    describe_corpus,
    describe_spelling,
    overview,
    publishers,
    sizes,
    spelling_by_publisher,
)
from .framing import (  # noqa: F401
    WORD_CHOICE_FILE,
    describe_themes,
    describe_word_choice,
    theme_terms,
    themed_sentences,
    themes_by,
    word_choice,
    word_families,
)
from .numbers import (  # noqa: F401
    CURRENT,
    claims,
    claims_by_claimant,
    claims_over_time,
    describe_numbers,
)
from .quotations import (  # noqa: F401
    QUALITY_FILE,
    describe_quotes,
    extraction_quality,
    quote_kinds,
    quotes,
    quotes_by_speaker,
    what_said,
)
from .search import (  # noqa: F401
    KwicIndex,
    Scanner,
    describe_kwic,
    kwic,
    kwic_index,
    spans_in,
    term_list,
    term_pattern,
)
from .timeline import (  # noqa: F401
    FULL_PERIOD,
    articles_over_time,
    covered_periods,
    date_evidence,
    date_mentions,
    describe_events,
    describe_timeline,
    events,
    events_over_time,
)
