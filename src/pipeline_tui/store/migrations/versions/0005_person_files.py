"""The person screen's data: how consent was given (candidate.consent_method), files attached to a person
(candidate_file, the bytes in the database so a shared PostgreSQL carries them to every recruiter), and the
withdrawal reason "Data erased" that erasure closes a person's active applications with.

Revision ID: 0005_person_files
Revises: 0004_identities
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_person_files"
down_revision: str | None = "0004_identities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ERASED_REASON = "Data erased"


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite needs no table rebuild, so the full-text triggers on candidate stay.
    op.add_column("candidate", sa.Column("consent_method", sa.String(length=200), nullable=True))
    op.create_table(
        "candidate_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_candidate_file_candidate_id_candidate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_file")),
    )
    op.create_index("ix_candidate_file_candidate", "candidate_file", ["candidate_id", "added_at"])
    reasons = sa.table(
        "rejection_reason",
        sa.column("name", sa.String),
        sa.column("category", sa.String),
        sa.column("position", sa.Integer),
    )
    bind = op.get_bind()
    exists = bind.execute(sa.select(reasons.c.name).where(reasons.c.name == ERASED_REASON)).first()
    if exists is None:
        last = bind.execute(sa.select(sa.func.max(reasons.c.position))).scalar() or 0
        op.bulk_insert(reasons, [{"name": ERASED_REASON, "category": "withdrew", "position": last + 1}])


def downgrade() -> None:
    op.drop_index("ix_candidate_file_candidate", table_name="candidate_file")
    op.drop_table("candidate_file")
    # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would trip over the full-text triggers on candidate.
    op.execute("ALTER TABLE candidate DROP COLUMN consent_method")
    # The reason goes unless erasures already used it (their withdrawals keep saying why).
    op.execute(
        sa.text(
            "DELETE FROM rejection_reason WHERE name = :name"
            " AND id NOT IN (SELECT reason_id FROM stage_event WHERE reason_id IS NOT NULL)"
            " AND id NOT IN (SELECT rejection_reason_id FROM application WHERE rejection_reason_id IS NOT NULL)"
        ).bindparams(name=ERASED_REASON)
    )
