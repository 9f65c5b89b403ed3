"""PostgreSQL: a server, a tsvector table for search, RETURNING and ON CONFLICT for bulk writes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Table,
    column,
    create_engine,
    func,
    insert,
    select,
    table,
    text,
)
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.store.dialects import INDEXED_TABLES, NAME_HITS, CheckResult, Dialect, chunks

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from pipeline_tui.core.query import ProspectQuery

# The accent folding of the search document (migration 0002), applied to the query too.
FOLD_FROM = "àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß"
FOLD_TO = "aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs"
# Kept identical to migration 0007_identity_search: every e-mail and profile URL after the primary e-mail.
_DOCUMENT = """to_tsvector('simple', translate(lower(regexp_replace(concat_ws(' ', c.full_name, c.email,
    (SELECT string_agg(i.value, ' ') FROM identity i WHERE i.candidate_id = c.id AND i.kind <> 'phone'
        AND i.value <> coalesce(c.email, '')),
    c.current_title, c.current_company, c.location, c.summary,
    (SELECT string_agg(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id)), '[^[:alnum:]]+', ' ', 'g')),
    'àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß', 'aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs'))"""

_candidate_search = table("candidate_search", column("candidate_id", Integer), column("document"))


class PostgreSQLDialect(Dialect):
    name = "postgresql"
    search_table = "candidate_search"
    driver_hint = " (pip install 'pipeline-tui[postgres]')"

    def with_driver(self, url: URL) -> URL:
        # psycopg 3 is the driver we depend on; plain postgresql:// would ask for psycopg2.
        return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url

    def create_engine(self, url: URL, *, create: bool, read_only: bool = False) -> Engine:
        connect_args: dict[str, object] = {"connect_timeout": 5}
        if read_only:
            # Every transaction of the session is read-only: a write fails instead of changing data.
            connect_args["options"] = "-c default_transaction_read_only=on"
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)

    def days_between(self, later: str, earlier: str) -> str:
        return f"(EXTRACT(EPOCH FROM ({later}) - ({earlier})) / 86400.0)"

    def id_list(self, ids: Sequence[int]) -> tuple[str, object]:
        # An integer array.
        return "SELECT unnest(CAST(:ids AS integer[])) AS id", [int(i) for i in ids]

    def insert_ignore(self, table: str, columns: str, select_sql: str) -> str:
        return f"INSERT INTO {table} ({columns}) {select_sql} ON CONFLICT DO NOTHING"

    def insert_returning_ids(self, conn: Connection, table: Table, rows: list[dict]) -> list[int]:
        # RETURNING with parameter order, which PostgreSQL supports natively for multi-row inserts.
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(conn.execute(stmt, rows).scalars())

    @contextmanager
    def triggers_suspended(
        self, conn: Connection, tables: tuple[str, ...] = INDEXED_TABLES
    ) -> Iterator[bool]:
        with_triggers = [
            name
            for name in tables
            if conn.execute(
                text(
                    "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE c.relname = :table AND NOT t.tgisinternal"
                ),
                {"table": name},
            ).scalar_one()
        ]
        for name in with_triggers:
            conn.exec_driver_sql(f'ALTER TABLE "{name}" DISABLE TRIGGER USER')
        yield bool(with_triggers)
        for name in with_triggers:
            conn.exec_driver_sql(f'ALTER TABLE "{name}" ENABLE TRIGGER USER')

    def sync_id_sequences(self, conn: Connection, tables: Sequence[str]) -> None:
        for name in tables:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {name}), 1))"
                )
            )

    def word_condition(self, query: ProspectQuery, candidate_id: ColumnElement) -> ColumnElement | None:
        from pipeline_tui.store.search import tsquery_expression

        if not query.words:
            return None
        expr = tsquery_expression(query)
        if not expr:
            return None
        return candidate_id.in_(
            select(_candidate_search.c.candidate_id).where(
                _candidate_search.c.document.op("@@")(
                    func.to_tsquery("simple", func.translate(func.lower(expr), FOLD_FROM, FOLD_TO))
                )
            )
        )

    def find_people(self, s: Session, query: ProspectQuery, limit: int) -> list[int]:
        from pipeline_tui.store.search import tsquery_expression, tsquery_phrase

        expr = tsquery_expression(query)
        if not expr:
            return []
        # The document has no per-column weights (migration 0002): a word of a title or note matches too.
        asked = [
            (tsquery_phrase(query, prefix=False), NAME_HITS),
            (tsquery_phrase(query, prefix=True), NAME_HITS),
            (expr, limit),
        ]
        found: dict[int, None] = {}
        for words, most in asked:
            matching = func.to_tsquery("simple", func.translate(func.lower(words), FOLD_FROM, FOLD_TO))
            rows = s.execute(
                select(_candidate_search.c.candidate_id)
                .where(_candidate_search.c.document.op("@@")(matching))
                .limit(most)
            )
            found.update((int(r[0]), None) for r in rows)
        return list(found)

    def similar_names(self, s: Session, name: str, column: str, place: str, limit: int) -> list[int]:
        from pipeline_tui.store.search import tsquery_name_in_place

        words = tsquery_name_in_place(name, place)
        if not words:
            return []
        matching = func.to_tsquery("simple", func.translate(func.lower(words), FOLD_FROM, FOLD_TO))
        rows = s.execute(
            select(_candidate_search.c.candidate_id)
            .where(_candidate_search.c.document.op("@@")(matching))
            .limit(limit)
        )
        return [int(r[0]) for r in rows]

    def rebuild_search(self, s: Session) -> int:
        s.execute(text("DELETE FROM candidate_search"))
        s.execute(
            text(
                f"INSERT INTO candidate_search (candidate_id, document) SELECT c.id, {_DOCUMENT} FROM candidate c"
            )
        )
        return int(s.scalar(text("SELECT count(*) FROM candidate_search")) or 0)

    def reindex(self, s: Session, candidate_ids: Sequence[int], *, new: bool = False) -> None:
        for chunk in chunks(candidate_ids):
            marks = ", ".join(str(int(c)) for c in chunk)
            s.execute(
                text(
                    f"INSERT INTO candidate_search (candidate_id, document) SELECT c.id, {_DOCUMENT} "
                    f"FROM candidate c WHERE c.id IN ({marks}) "
                    "ON CONFLICT (candidate_id) DO UPDATE SET document = excluded.document"
                )
            )

    def integrity_checks(self, conn: Connection) -> list[CheckResult]:
        return [("integrity", True, "PostgreSQL enforces its constraints itself")]

    def backup(self, engine: Engine, target: str | Path, *, overwrite: bool = False) -> tuple[Path, int]:
        raise RuleViolation(
            f"{engine.url.render_as_string(hide_password=True)} is PostgreSQL: back it up with pg_dump "
            "(e.g. `pg_dump -Fc -f FILE DBNAME`); this command only backs up SQLite files"
        )
