"""The browser's query language and full-text search over people.

A query is free words plus filters: `tag:rust` (repeatable, all must match), `-tag:x` (must not),
`status:contacted`, `pool:"Data Eng"`, `source:referral`. Whatever a user types is a search, never a syntax
error: the parser has no failure path, unknown `col:` words are plain words, unbalanced quotes run to the end,
and every word reaches FTS5 as a quoted string (PostgreSQL: as quoted lexemes), so `AND`, `NEAR`, `*`, `(`
are just text.

SQLite keeps the words in the FTS5 table `candidate_fts`, PostgreSQL in `candidate_search` (a tsvector with a
GIN index); triggers from migrations 0002 and 0007 keep both in step with candidate, activity and identity
rows (every e-mail and profile URL of a person is indexed, not only the primary). This module spells a query
for each engine; the SQL around it (matching, reindexing) is the dialect's (`store/dialects/`).
`rebuild_search_index(db)` refills the index wholesale, for bulk loaders and repairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_tui.core.query import _WORD, ProspectQuery

if TYPE_CHECKING:
    from pipeline_tui.store.database import Database


def fts5_expression(query: ProspectQuery) -> str:
    """The FTS5 MATCH string: every word a quoted FTS5 string (quotes doubled), all required, the last one a
    prefix while typing. Safe for any input because nothing in it is FTS5 syntax but quotes and `*`."""
    parts = ['"' + w.replace('"', '""') + '"' for w in query.words]
    if parts and query.prefix_last:
        parts[-1] += "*"
    return " ".join(parts)


def fts5_name_start(query: ProspectQuery, *, prefix: bool) -> str:
    """FTS5: names that start with the words, in order (`^` anchors the phrase at the name's first token);
    `prefix`: the last word may go on ("john sm" finds John Smithers)."""
    phrase = " + ".join('"' + w.replace('"', '""') + '"' for w in query.words)
    return f"{{name}} : ^{phrase}{'*' if prefix else ''}" if phrase else ""


def tsquery_phrase(query: ProspectQuery, *, prefix: bool) -> str:
    """PostgreSQL: the words as one phrase, in order (the document starts with the name, though a phrase can
    match later in it too: the caller ranks the hits); `prefix`: the last lexeme a prefix."""
    lexemes = ["'" + m.lower().replace("'", "''").replace("\\", "\\\\") + "'" for w in query.words
               for m in _WORD.findall(w)]  # fmt: skip
    if lexemes and prefix:
        lexemes[-1] += ":*"
    return " <-> ".join(lexemes)


def _quoted_words(text: str) -> list[str]:
    return ['"' + w + '"' for w in _WORD.findall(text.lower())]


def fts5_name_in_place(name: str, column: str, place: str) -> str:
    """FTS5: names sharing a word with `name` (any one: a typo in another still matches) whose `column`
    (company or location) holds every word of `place`; '' when either has no word."""
    words, where = _quoted_words(name), _quoted_words(place)
    if not words or not where:
        return ""
    return f"{{name}} : ({' OR '.join(words)}) AND {{{column}}} : ({' '.join(where)})"


def tsquery_name_in_place(name: str, place: str) -> str:
    """PostgreSQL: the same over the whole document (no columns: the caller checks the place itself)."""
    words = ["'" + w + "'" for w in _WORD.findall(name.lower())]
    where = ["'" + w + "'" for w in _WORD.findall(place.lower())]
    if not words or not where:
        return ""
    return f"({' | '.join(words)}) & {' & '.join(where)}"


def tsquery_expression(query: ProspectQuery) -> str:
    """The PostgreSQL to_tsquery text: each word's alphanumeric runs as quoted lexemes joined by <-> (a
    phrase), words joined by &, the last lexeme a prefix (:*) while typing."""
    groups: list[list[str]] = [[m.lower() for m in _WORD.findall(w)] for w in query.words]
    groups = [g for g in groups if g]
    rendered = []
    for i, group in enumerate(groups):
        lexemes = ["'" + lex.replace("'", "''").replace("\\", "\\\\") + "'" for lex in group]
        if query.prefix_last and i == len(groups) - 1:
            lexemes[-1] += ":*"
        rendered.append("(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
    return " & ".join(rendered)


def rebuild_search_index(db: Database) -> int:
    """Refill the full-text index from candidate and activity rows; returns how many people it holds.

    Triggers keep it in step on every write, so this is for bulk loaders that want a compact index after
    millions of inserts, and for repairs."""
    with db.transaction() as s:
        return db.dialect.rebuild_search(s)
