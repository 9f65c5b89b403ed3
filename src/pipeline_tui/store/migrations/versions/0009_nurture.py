"""Nurture sequences: sequence, sequence_step, enrollment and touch (the due queue).

Only new tables: every existing row is kept as it is.

Revision ID: 0009_nurture
Revises: 0008_hiring
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_nurture"
down_revision: str | None = "0008_hiring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sequence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["team_member.id"],
            name=op.f("fk_sequence_actor_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sequence")),
        sa.UniqueConstraint("name", name=op.f("uq_sequence_name")),
    )
    op.create_table(
        "enrollment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("stop_reason", sa.String(length=20), nullable=True),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.CheckConstraint("status IN ('active','completed','stopped')", name=op.f("ck_enrollment_status")),
        sa.CheckConstraint(
            "stop_reason IN ('replied','opted_out','applied','handed_over','removed','merged','archived')",
            name=op.f("ck_enrollment_stop_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["team_member.id"],
            name=op.f("fk_enrollment_actor_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_enrollment_candidate_id_candidate"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["pool.id"], name=op.f("fk_enrollment_pool_id_pool"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["sequence_id"],
            ["sequence.id"],
            name=op.f("fk_enrollment_sequence_id_sequence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment")),
    )
    op.create_index("ix_enrollment_candidate", "enrollment", ["candidate_id", "enrolled_at"], unique=False)
    op.create_index("ix_enrollment_sequence_status", "enrollment", ["sequence_id", "status"], unique=False)
    op.create_index(
        "uq_enrollment_active_candidate",
        "enrollment",
        ["candidate_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )

    op.create_table(
        "sequence_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("wait_days", sa.Integer(), nullable=False),
        sa.Column("business_days", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('email','linkedin','call','other')", name=op.f("ck_sequence_step_channel")
        ),
        sa.CheckConstraint("position >= 1", name=op.f("ck_sequence_step_position")),
        sa.CheckConstraint("wait_days >= 0", name=op.f("ck_sequence_step_wait_days")),
        sa.ForeignKeyConstraint(
            ["sequence_id"],
            ["sequence.id"],
            name=op.f("fk_sequence_step_sequence_id_sequence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sequence_step")),
        sa.UniqueConstraint("sequence_id", "position", name="uq_sequence_step_sequence_position"),
    )
    op.create_table(
        "touch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("delivery", sa.String(length=20), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.CheckConstraint("channel IN ('email','linkedin','call','other')", name=op.f("ck_touch_channel")),
        sa.CheckConstraint("delivery IN ('manual','smtp')", name=op.f("ck_touch_delivery")),
        sa.CheckConstraint(
            "status IN ('due','done','skipped','replied','opted_out','stopped')", name=op.f("ck_touch_status")
        ),
        sa.CheckConstraint("step >= 1", name=op.f("ck_touch_step")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_touch_activity_id_activity"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["team_member.id"], name=op.f("fk_touch_actor_id_team_member"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollment.id"],
            name=op.f("fk_touch_enrollment_id_enrollment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_touch")),
    )
    op.create_index("ix_touch_enrollment", "touch", ["enrollment_id", "step"], unique=False)
    op.create_index("ix_touch_status_due", "touch", ["status", "due_on", "id"], unique=False)
    op.create_index(
        "uq_touch_due_enrollment",
        "touch",
        ["enrollment_id"],
        unique=True,
        sqlite_where=sa.text("status = 'due'"),
        postgresql_where=sa.text("status = 'due'"),
    )


def downgrade() -> None:
    for table in ("touch", "enrollment", "sequence_step", "sequence"):
        op.drop_table(table)
