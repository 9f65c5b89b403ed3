"""Every e-mail address and profile URL of a person in the full-text index, not only the primary e-mail.

The index's `email` words (SQLite: the FTS5 column; PostgreSQL: the document) become the primary e-mail plus
each other e-mail and each profile (LinkedIn, GitHub, website) from `identity`, so the pool browser's query bar
and find anyone find a person by any of their addresses. The candidate and activity triggers of 0002 are made
again with that row, triggers on `identity` keep the index in step when an identity is added, moved (a merge)
or removed (an erasure), and the index is refilled. Phones stay out (a shared phone is a possible duplicate,
not an address to search by). Self-contained: one file, no other migration imported.

Revision ID: 0007_identity_search
Revises: 0006_hiring_team
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_identity_search"
down_revision: str | None = "0006_hiring_team"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The addresses besides the primary e-mail: one lookup on ix_identity_candidate per person.
SQLITE_OTHERS = """coalesce((SELECT ' ' || group_concat(i.value, ' ') FROM identity i
    WHERE i.candidate_id = c.id AND i.kind <> 'phone' AND i.value <> coalesce(c.email, '')), '')"""
# Kept identical to store/dialects/sqlite.py.
SQLITE_ROW = f"""
SELECT c.id, c.full_name, coalesce(c.email, '') || {SQLITE_OTHERS}, coalesce(c.current_title, ''),
       coalesce(c.current_company, ''), coalesce(c.location, ''),
       coalesce(c.summary, '') || ' ' ||
       coalesce((SELECT group_concat(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id), '')
FROM candidate c
"""
# Migration 0002's row, for the downgrade.
SQLITE_ROW_0002 = """
SELECT c.id, c.full_name, coalesce(c.email, ''), coalesce(c.current_title, ''),
       coalesce(c.current_company, ''), coalesce(c.location, ''),
       coalesce(c.summary, '') || ' ' ||
       coalesce((SELECT group_concat(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id), '')
FROM candidate c
"""
SQLITE_COLUMNS = "rowid, name, email, title, company, location, notes"
# 0002's table, made again empty: dropping it is instant where deleting a million rows from FTS5 is not.
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE candidate_fts USING fts5("
    "name, email, title, company, location, notes, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = (
    "candidate_fts_ai", "candidate_fts_au", "candidate_fts_ad", "activity_fts_ai", "activity_fts_au",
    "activity_fts_ad",
)  # fmt: skip
SQLITE_IDENTITY_TRIGGERS = ("identity_fts_ai", "identity_fts_au", "identity_fts_ad")


def _refresh(row: str, ids: str) -> str:
    """Trigger body: the index rows of the people `ids` names, deleted and written again."""
    return f"""DELETE FROM candidate_fts WHERE rowid IN ({ids});
        INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {row} WHERE c.id IN ({ids});"""


def sqlite_triggers(row: str) -> list[str]:
    """0002's triggers on candidate and activity, with the index row `row`."""
    return [
        f"""CREATE TRIGGER candidate_fts_ai AFTER INSERT ON candidate BEGIN
            INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {row} WHERE c.id = new.id;
        END""",
        f"""CREATE TRIGGER candidate_fts_au AFTER UPDATE OF full_name, email, current_title, current_company,
            location, summary ON candidate BEGIN {_refresh(row, "old.id")} END""",
        """CREATE TRIGGER candidate_fts_ad AFTER DELETE ON candidate BEGIN
            DELETE FROM candidate_fts WHERE rowid = old.id;
        END""",
        f"""CREATE TRIGGER activity_fts_ai AFTER INSERT ON activity WHEN new.body <> '' BEGIN
            {_refresh(row, "new.candidate_id")} END""",
        f"""CREATE TRIGGER activity_fts_au AFTER UPDATE OF body, candidate_id ON activity BEGIN
            {_refresh(row, "old.candidate_id, new.candidate_id")} END""",
        f"""CREATE TRIGGER activity_fts_ad AFTER DELETE ON activity WHEN old.body <> '' BEGIN
            {_refresh(row, "old.candidate_id")} END""",
    ]


SQLITE_IDENTITY_DDL = [
    f"""CREATE TRIGGER identity_fts_ai AFTER INSERT ON identity WHEN new.kind <> 'phone' BEGIN
        {_refresh(SQLITE_ROW, "new.candidate_id")} END""",
    f"""CREATE TRIGGER identity_fts_au AFTER UPDATE OF candidate_id, kind, value ON identity BEGIN
        {_refresh(SQLITE_ROW, "old.candidate_id, new.candidate_id")} END""",
    f"""CREATE TRIGGER identity_fts_ad AFTER DELETE ON identity WHEN old.kind <> 'phone' BEGIN
        {_refresh(SQLITE_ROW, "old.candidate_id")} END""",
]

# Kept identical to store/dialects/postgresql.py: 0002's document with the other addresses after the e-mail.
PG_DOCUMENT = """to_tsvector('simple', translate(lower(regexp_replace(concat_ws(' ', c.full_name, c.email,
    (SELECT string_agg(i.value, ' ') FROM identity i WHERE i.candidate_id = c.id AND i.kind <> 'phone'
        AND i.value <> coalesce(c.email, '')),
    c.current_title, c.current_company, c.location, c.summary,
    (SELECT string_agg(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id)), '[^[:alnum:]]+', ' ', 'g')),
    'àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß', 'aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs'))"""
PG_DOCUMENT_0002 = """to_tsvector('simple', translate(lower(regexp_replace(concat_ws(' ', c.full_name, c.email,
    c.current_title, c.current_company, c.location, c.summary,
    (SELECT string_agg(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id)), '[^[:alnum:]]+', ' ', 'g')),
    'àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß', 'aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs'))"""


def pg_refresh(document: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION candidate_search_refresh(cid integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO candidate_search (candidate_id, document)
        SELECT c.id, {document} FROM candidate c WHERE c.id = cid
        ON CONFLICT (candidate_id) DO UPDATE SET document = excluded.document;
    END $$"""


PG_IDENTITY_DDL = [
    """CREATE FUNCTION candidate_search_on_identity() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind <> 'phone' THEN
            PERFORM candidate_search_refresh(OLD.candidate_id);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.kind <> 'phone' THEN
            PERFORM candidate_search_refresh(NEW.candidate_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER identity_search_aiud AFTER INSERT OR UPDATE OF candidate_id, kind, value OR DELETE
        ON identity FOR EACH ROW EXECUTE FUNCTION candidate_search_on_identity()""",
]
PG_IDENTITY_DROP = [
    "DROP TRIGGER IF EXISTS identity_search_aiud ON identity",
    "DROP FUNCTION IF EXISTS candidate_search_on_identity()",
]


def _sqlite(row: str, identity_triggers: bool) -> None:
    for name in (*SQLITE_IDENTITY_TRIGGERS, *SQLITE_TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE candidate_fts")
    op.execute(SQLITE_TABLE)
    op.execute(f"INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {row}")
    for sql in sqlite_triggers(row) + (SQLITE_IDENTITY_DDL if identity_triggers else []):
        op.execute(sql)
    op.execute("INSERT INTO candidate_fts (candidate_fts) VALUES ('optimize')")


def _postgresql(document: str, identity_triggers: bool) -> None:
    for sql in PG_IDENTITY_DROP:
        op.execute(sql)
    op.execute(pg_refresh(document))
    for sql in PG_IDENTITY_DDL if identity_triggers else []:
        op.execute(sql)
    op.execute("DELETE FROM candidate_search")
    op.execute(
        f"INSERT INTO candidate_search (candidate_id, document) SELECT c.id, {document} FROM candidate c"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite(SQLITE_ROW, identity_triggers=True)
    else:
        _postgresql(PG_DOCUMENT, identity_triggers=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite(SQLITE_ROW_0002, identity_triggers=False)
    else:
        _postgresql(PG_DOCUMENT_0002, identity_triggers=False)
