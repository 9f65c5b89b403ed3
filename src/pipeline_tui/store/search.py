"""The browser's query language and full-text search over people.

A query is free words plus filters: `tag:rust` (repeatable, all must match), `-tag:x` (must not),
`status:contacted`, `pool:"Data Eng"`, `source:referral`. Whatever a user types is a search, never a syntax
error: the parser has no failure path, unknown `col:` words are plain words, unbalanced quotes run to the end,
and every word reaches FTS5 as a quoted string (PostgreSQL: as quoted lexemes), so `AND`, `NEAR`, `*`, `(`
are just text.

SQLite keeps the words in the FTS5 table `candidate_fts`, PostgreSQL in `candidate_search` (a tsvector with a
GIN index); triggers from migration 0002 keep both in step with candidate and activity rows.
`rebuild_search_index(db)` refills them wholesale, for bulk loaders and repairs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, Integer, column, func, select, table, text
from sqlalchemy.orm import Session

from pipeline_tui.core.query import _WORD, ProspectQuery
from pipeline_tui.store.database import Database

# Kept identical to migration 0002_search.
_SQLITE_COLUMNS = "rowid, name, email, title, company, location, notes"
_SQLITE_ROW = """
SELECT c.id, c.full_name, coalesce(c.email, ''), coalesce(c.current_title, ''),
       coalesce(c.current_company, ''), coalesce(c.location, ''),
       coalesce(c.summary, '') || ' ' ||
       coalesce((SELECT group_concat(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id), '')
FROM candidate c
"""
_PG_DOCUMENT = """to_tsvector('simple', translate(lower(regexp_replace(concat_ws(' ', c.full_name, c.email,
    c.current_title, c.current_company, c.location, c.summary,
    (SELECT string_agg(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id)), '[^[:alnum:]]+', ' ', 'g')),
    'àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß', 'aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs'))"""

# The same accent folding the PostgreSQL document gets (migration 0002), applied to the query there too.
PG_FOLD_FROM = "àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß"
PG_FOLD_TO = "aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs"

_candidate_search = table("candidate_search", column("candidate_id", Integer), column("document"))


def fts5_expression(query: ProspectQuery) -> str:
    """The FTS5 MATCH string: every word a quoted FTS5 string (quotes doubled), all required, the last one a
    prefix while typing. Safe for any input because nothing in it is FTS5 syntax but quotes and `*`."""
    parts = ['"' + w.replace('"', '""') + '"' for w in query.words]
    if parts and query.prefix_last:
        parts[-1] += "*"
    return " ".join(parts)


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


def word_condition(query: ProspectQuery, dialect: str, candidate_id: ColumnElement) -> ColumnElement | None:
    """`candidate_id IN (people whose words match)`, or None when the query has no words."""
    if not query.words:
        return None
    if dialect == "sqlite":
        expr = fts5_expression(query)
        matching = text("SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH :fts_words").bindparams(
            fts_words=expr
        )
        return candidate_id.in_(matching.columns(column("rowid", Integer)))
    expr = tsquery_expression(query)
    if not expr:
        return None
    return candidate_id.in_(
        select(_candidate_search.c.candidate_id).where(
            _candidate_search.c.document.op("@@")(
                func.to_tsquery("simple", func.translate(func.lower(expr), PG_FOLD_FROM, PG_FOLD_TO))
            )
        )
    )


def rebuild_search_index(db: Database) -> int:
    """Refill the full-text index from candidate and activity rows; returns how many people it holds.

    Triggers keep it in step on every write, so this is for bulk loaders that want a compact index after
    millions of inserts, and for repairs."""
    with db.transaction() as s:
        return rebuild_in_session(s)


def rebuild_in_session(s: Session) -> int:
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text("DELETE FROM candidate_fts"))
        s.execute(text(f"INSERT INTO candidate_fts ({_SQLITE_COLUMNS}) {_SQLITE_ROW}"))
        s.execute(text("INSERT INTO candidate_fts (candidate_fts) VALUES ('optimize')"))
        return int(s.scalar(text("SELECT count(*) FROM candidate_fts")) or 0)
    s.execute(text("DELETE FROM candidate_search"))
    s.execute(
        text(
            f"INSERT INTO candidate_search (candidate_id, document) SELECT c.id, {_PG_DOCUMENT} FROM candidate c"
        )
    )
    return int(s.scalar(text("SELECT count(*) FROM candidate_search")) or 0)


def reindex_candidates(s: Session, candidate_ids: list[int], *, new: bool = False) -> None:
    """Refresh the index rows of these people in one statement each: for bulk writers (imports) that
    suspend the per-row triggers while a batch goes in, inside the same transaction. `new`: the people
    were created in this transaction, so they have no index rows to delete yet."""
    for i in range(0, len(candidate_ids), 900):
        chunk = candidate_ids[i : i + 900]
        marks = ", ".join(str(int(c)) for c in chunk)
        if s.get_bind().dialect.name == "sqlite":
            if not new:
                s.execute(text(f"DELETE FROM candidate_fts WHERE rowid IN ({marks})"))
            s.execute(
                text(f"INSERT INTO candidate_fts ({_SQLITE_COLUMNS}) {_SQLITE_ROW} WHERE c.id IN ({marks})")
            )
        else:
            s.execute(
                text(
                    f"INSERT INTO candidate_search (candidate_id, document) SELECT c.id, {_PG_DOCUMENT} "
                    f"FROM candidate c WHERE c.id IN ({marks}) "
                    "ON CONFLICT (candidate_id) DO UPDATE SET document = excluded.document"
                )
            )


@contextmanager
def search_triggers_suspended(
    conn: Connection, tables: tuple[str, ...] = ("candidate", "activity")
) -> Iterator[bool]:
    """The search index's per-row triggers off while one bulk batch goes in, back on in the same transaction.

    Per-row triggers cost more than the inserts themselves; bulk writers (seed, import) refresh the index
    set-wise instead (`reindex_candidates` or `rebuild_search_index`). DDL is transactional in SQLite and
    PostgreSQL, so a crash mid-batch rolls back with the triggers intact. Yields whether any trigger was
    suspended: then the caller must refresh the index for what it wrote.
    """
    if conn.dialect.name == "sqlite":
        # Python's sqlite3 opens its transaction only before INSERT/UPDATE/DELETE; DDL before that would run
        # in autocommit and survive a crash. This no-op UPDATE makes the DROP below part of the batch.
        conn.exec_driver_sql("UPDATE candidate SET id = id WHERE 0")
        marks = ", ".join("?" for _ in tables)
        triggers = conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
            tuple(tables),
        ).all()
        for trigger_name, _ in triggers:
            conn.exec_driver_sql(f'DROP TRIGGER "{trigger_name}"')
        yield bool(triggers)
        for _, sql in triggers:
            conn.exec_driver_sql(sql)
    elif conn.dialect.name == "postgresql":
        with_triggers = [
            table
            for table in tables
            if conn.execute(
                text(
                    "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE c.relname = :table AND NOT t.tgisinternal"
                ),
                {"table": table},
            ).scalar_one()
        ]
        for table in with_triggers:
            conn.exec_driver_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        yield bool(with_triggers)
        for table in with_triggers:
            conn.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
    else:
        yield False
