"""More ways to touch a prospect: a LinkedIn message, a text message, other (activity.kind 'linkedin', 'text',
'other' besides note, email, call and meeting).

Only the CHECK constraint on activity.kind changes. PostgreSQL alters it in place. SQLite rebuilds the table
(batch mode: copy, drop, rename); its full-text triggers are dropped first and created again after, since
those on activity go with the old table and those on candidate name activity in their bodies, which SQLite
refuses to leave dangling across the rename. The index itself is not touched: no row changes.

Downgrade turns the new kinds into notes (their text kept) so the old constraint holds again.

Revision ID: 0003_touch_kinds
Revises: 0002_search
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_touch_kinds"
down_revision: str | None = "0002_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('note','email','call','meeting')"
NEW_KINDS = "kind IN ('note','email','call','meeting','linkedin','text','other')"

# The full-text triggers of 0002_search as they are, copied (a migration never imports another).
_ROW = """
SELECT c.id, c.full_name, coalesce(c.email, ''), coalesce(c.current_title, ''),
       coalesce(c.current_company, ''), coalesce(c.location, ''),
       coalesce(c.summary, '') || ' ' ||
       coalesce((SELECT group_concat(a.body, ' ') FROM activity a WHERE a.candidate_id = c.id), '')
FROM candidate c
"""
_COLUMNS = "rowid, name, email, title, company, location, notes"
SQLITE_TRIGGERS = {
    "candidate_fts_ai": f"""CREATE TRIGGER candidate_fts_ai AFTER INSERT ON candidate BEGIN
        INSERT INTO candidate_fts ({_COLUMNS}) {_ROW} WHERE c.id = new.id;
    END""",
    "candidate_fts_au": f"""CREATE TRIGGER candidate_fts_au AFTER UPDATE OF full_name, email, current_title,
        current_company, location, summary ON candidate BEGIN
        DELETE FROM candidate_fts WHERE rowid = old.id;
        INSERT INTO candidate_fts ({_COLUMNS}) {_ROW} WHERE c.id = new.id;
    END""",
    "candidate_fts_ad": """CREATE TRIGGER candidate_fts_ad AFTER DELETE ON candidate BEGIN
        DELETE FROM candidate_fts WHERE rowid = old.id;
    END""",
    "activity_fts_ai": f"""CREATE TRIGGER activity_fts_ai AFTER INSERT ON activity WHEN new.body <> '' BEGIN
        DELETE FROM candidate_fts WHERE rowid = new.candidate_id;
        INSERT INTO candidate_fts ({_COLUMNS}) {_ROW} WHERE c.id = new.candidate_id;
    END""",
    "activity_fts_au": f"""CREATE TRIGGER activity_fts_au AFTER UPDATE OF body, candidate_id ON activity BEGIN
        DELETE FROM candidate_fts WHERE rowid IN (old.candidate_id, new.candidate_id);
        INSERT INTO candidate_fts ({_COLUMNS}) {_ROW}
        WHERE c.id IN (old.candidate_id, new.candidate_id);
    END""",
    "activity_fts_ad": f"""CREATE TRIGGER activity_fts_ad AFTER DELETE ON activity WHEN old.body <> '' BEGIN
        DELETE FROM candidate_fts WHERE rowid = old.candidate_id;
        INSERT INTO candidate_fts ({_COLUMNS}) {_ROW} WHERE c.id = old.candidate_id;
    END""",
}


def _replace_kind_check(condition: str) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_constraint(op.f("ck_activity_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_activity_kind"), condition)
    if sqlite:
        for sql in SQLITE_TRIGGERS.values():
            op.execute(sql)


def upgrade() -> None:
    _replace_kind_check(NEW_KINDS)


def downgrade() -> None:
    op.execute("UPDATE activity SET kind = 'note' WHERE kind IN ('linkedin', 'text', 'other')")
    _replace_kind_check(OLD_KINDS)
