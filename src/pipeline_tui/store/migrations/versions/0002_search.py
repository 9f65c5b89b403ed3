"""Full-text search over people, and the indexes the talent-pool browser sorts and filters by.

SQLite: an FTS5 table `candidate_fts` (rowid = candidate.id) kept in step by triggers on candidate and
activity, so notes (the summary and every activity body) are searchable too. PostgreSQL: a `candidate_search`
table holding a tsvector per person (GIN index), kept in step by plpgsql triggers. Both are rebuilt by
`pipeline_tui.store.search.rebuild_search_index`.

Revision ID: 0002_search
Revises: 0001_baseline
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_search"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SORT_INDEXES = {
    # SQLite appends the rowid to every index, so each one also serves ORDER BY column, id (stable paging).
    "ix_candidate_name": "full_name",
    "ix_candidate_title": "current_title",
    "ix_candidate_company": "current_company",
    "ix_candidate_location": "location",
    "ix_candidate_source": "source",
    "ix_candidate_created": "created_at",
}

# Words indexed per person; notes = summary + activity bodies. Kept identical to store/search.py.
SQLITE_ROW = """
SELECT c.id, c.full_name, coalesce(c.email, ''), coalesce(c.current_title, ''),
       coalesce(c.current_company, ''), coalesce(c.location, ''),
       coalesce(c.summary, '') || ' ' ||
       coalesce((SELECT group_concat(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id), '')
FROM candidate c
"""
SQLITE_COLUMNS = "rowid, name, email, title, company, location, notes"

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE candidate_fts USING fts5("
    "name, email, title, company, location, notes, tokenize = 'unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER candidate_fts_ai AFTER INSERT ON candidate BEGIN
        INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {SQLITE_ROW} WHERE c.id = new.id;
    END""",
    f"""CREATE TRIGGER candidate_fts_au AFTER UPDATE OF full_name, email, current_title, current_company,
        location, summary ON candidate BEGIN
        DELETE FROM candidate_fts WHERE rowid = old.id;
        INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {SQLITE_ROW} WHERE c.id = new.id;
    END""",
    """CREATE TRIGGER candidate_fts_ad AFTER DELETE ON candidate BEGIN
        DELETE FROM candidate_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER activity_fts_ai AFTER INSERT ON activity WHEN new.body <> '' BEGIN
        DELETE FROM candidate_fts WHERE rowid = new.candidate_id;
        INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {SQLITE_ROW} WHERE c.id = new.candidate_id;
    END""",
    f"""CREATE TRIGGER activity_fts_au AFTER UPDATE OF body, candidate_id ON activity BEGIN
        DELETE FROM candidate_fts WHERE rowid IN (old.candidate_id, new.candidate_id);
        INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {SQLITE_ROW}
        WHERE c.id IN (old.candidate_id, new.candidate_id);
    END""",
    f"""CREATE TRIGGER activity_fts_ad AFTER DELETE ON activity WHEN old.body <> '' BEGIN
        DELETE FROM candidate_fts WHERE rowid = old.candidate_id;
        INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {SQLITE_ROW} WHERE c.id = old.candidate_id;
    END""",
    f"INSERT INTO candidate_fts ({SQLITE_COLUMNS}) {SQLITE_ROW}",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS activity_fts_ad",
    "DROP TRIGGER IF EXISTS activity_fts_au",
    "DROP TRIGGER IF EXISTS activity_fts_ai",
    "DROP TRIGGER IF EXISTS candidate_fts_ad",
    "DROP TRIGGER IF EXISTS candidate_fts_au",
    "DROP TRIGGER IF EXISTS candidate_fts_ai",
    "DROP TABLE IF EXISTS candidate_fts",
]

# Accents are folded (stock PostgreSQL has no unaccent without an extension), and punctuation becomes spaces so 'ann@example.com' is the words ann, example, com (PostgreSQL's parser would
# otherwise keep it as one e-mail lexeme that no single-word search can reach).
PG_DOCUMENT = """to_tsvector('simple', translate(lower(regexp_replace(concat_ws(' ', c.full_name, c.email,
    c.current_title, c.current_company, c.location, c.summary,
    (SELECT string_agg(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id)), '[^[:alnum:]]+', ' ', 'g')),
    'àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżśšşřŕľĺłţťğß', 'aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttgs'))"""

PG_DDL = [
    """CREATE TABLE candidate_search (
        candidate_id integer PRIMARY KEY REFERENCES candidate (id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    "CREATE INDEX ix_candidate_search_document ON candidate_search USING gin (document)",
    f"""CREATE FUNCTION candidate_search_refresh(cid integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO candidate_search (candidate_id, document)
        SELECT c.id, {PG_DOCUMENT} FROM candidate c WHERE c.id = cid
        ON CONFLICT (candidate_id) DO UPDATE SET document = excluded.document;
    END $$""",
    """CREATE FUNCTION candidate_search_on_candidate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM candidate_search_refresh(NEW.id);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION candidate_search_on_activity() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM candidate_search_refresh(OLD.candidate_id);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            PERFORM candidate_search_refresh(NEW.candidate_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER candidate_search_ai AFTER INSERT ON candidate
        FOR EACH ROW EXECUTE FUNCTION candidate_search_on_candidate()""",
    """CREATE TRIGGER candidate_search_au AFTER UPDATE OF full_name, email, current_title, current_company,
        location, summary ON candidate FOR EACH ROW EXECUTE FUNCTION candidate_search_on_candidate()""",
    """CREATE TRIGGER activity_search_aiud AFTER INSERT OR UPDATE OF body, candidate_id OR DELETE ON activity
        FOR EACH ROW EXECUTE FUNCTION candidate_search_on_activity()""",
    f"INSERT INTO candidate_search (candidate_id, document) SELECT c.id, {PG_DOCUMENT} FROM candidate c",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS activity_search_aiud ON activity",
    "DROP TRIGGER IF EXISTS candidate_search_au ON candidate",
    "DROP TRIGGER IF EXISTS candidate_search_ai ON candidate",
    "DROP FUNCTION IF EXISTS candidate_search_on_activity()",
    "DROP FUNCTION IF EXISTS candidate_search_on_candidate()",
    "DROP FUNCTION IF EXISTS candidate_search_refresh(integer)",
    "DROP TABLE IF EXISTS candidate_search",
]


def upgrade() -> None:
    for name, column in SORT_INDEXES.items():
        op.create_index(name, "candidate", [column])
    statements = SQLITE_DDL if op.get_bind().dialect.name == "sqlite" else PG_DDL
    for sql in statements:
        op.execute(sql)


def downgrade() -> None:
    statements = SQLITE_DROP if op.get_bind().dialect.name == "sqlite" else PG_DROP
    for sql in statements:
        op.execute(sql)
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="candidate")
