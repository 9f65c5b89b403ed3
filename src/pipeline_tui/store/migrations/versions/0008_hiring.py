"""Interviews, scorecards and offers: the interview plan (interview_round), interviews with their panels,
scorecards with a rating per focus attribute, offers with every version and each approver's decision,
hiring_event (the history of all of them), and stage_event.offer_id (the accepted offer a hire came from).

Only new tables and one new nullable column: every existing row is kept as it is. On SQLite stage_event is
rebuilt for its new reference (an inline reference added by ALTER TABLE loses its ON DELETE), with foreign
keys off and the search triggers kept.

Revision ID: 0008_hiring
Revises: 0007_identity_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pipeline_tui.store.migrations.sqlite_rebuild import foreign_keys_off, triggers_kept

revision: str = "0008_hiring"
down_revision: str | None = "0007_identity_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        foreign_keys_off(bind)
    _create_tables()
    with triggers_kept(bind, "stage_event", sqlite), op.batch_alter_table("stage_event") as batch:
        batch.add_column(sa.Column("offer_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_stage_event_offer_id_offer"), "offer", ["offer_id"], ["id"], ondelete="SET NULL"
        )
    if sqlite:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"migration 0008 left broken references: {broken[:5]}")


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        foreign_keys_off(bind)
    with triggers_kept(bind, "stage_event", sqlite), op.batch_alter_table("stage_event") as batch:
        batch.drop_constraint(op.f("fk_stage_event_offer_id_offer"), type_="foreignkey")
        batch.drop_column("offer_id")
    for table in ("scorecard_rating", "scorecard", "interview_panelist", "offer_approval", "offer_version"):
        op.drop_table(table)
    op.drop_table("hiring_event")
    op.drop_table("offer")
    op.drop_table("interview")
    op.drop_table("interview_round")


def _create_tables() -> None:
    op.create_table(
        "interview_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("attributes", sa.Text(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("duration_min BETWEEN 5 AND 1440", name=op.f("ck_interview_round_duration")),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_interview_round_job_id_job"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"], ["stage.id"], name=op.f("fk_interview_round_stage_id_stage"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_round")),
        sa.UniqueConstraint("job_id", "name", name="uq_interview_round_job_name"),
    )
    op.create_index("ix_interview_round_stage", "interview_round", ["stage_id", "position"], unique=False)
    op.create_table(
        "hiring_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "action IN ('scheduled','rescheduled','cancelled','completed','no_show','panel','drafted','submitted','amended','created','edited','new_version','requested','approved','rejected','sent','accepted','declined','expired','rescinded','removed')",
            name=op.f("ck_hiring_event_action"),
        ),
        sa.CheckConstraint(
            "subject IN ('round','interview','scorecard','offer')", name=op.f("ck_hiring_event_subject")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["team_member.id"],
            name=op.f("fk_hiring_event_actor_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_hiring_event_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_hiring_event_job_id_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hiring_event")),
    )
    op.create_index("ix_hiring_event_application", "hiring_event", ["application_id", "id"], unique=False)
    op.create_index("ix_hiring_event_subject", "hiring_event", ["subject", "subject_id", "id"], unique=False)
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("round_name", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('scheduled','completed','no_show','cancelled')", name=op.f("ck_interview_status")
        ),
        sa.CheckConstraint("duration_min BETWEEN 5 AND 1440", name=op.f("ck_interview_duration")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_interview_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["interview_round.id"],
            name=op.f("fk_interview_round_id_interview_round"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview")),
        sa.UniqueConstraint("uid", name=op.f("uq_interview_uid")),
    )
    op.create_index("ix_interview_application", "interview", ["application_id", "starts_at"], unique=False)
    op.create_index("ix_interview_starts", "interview", ["starts_at"], unique=False)
    op.create_table(
        "offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("salary", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("terms", sa.Text(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft','pending_approval','approved','sent','accepted','declined','expired','rescinded')",
            name=op.f("ck_offer_status"),
        ),
        sa.CheckConstraint("salary >= 0", name=op.f("ck_offer_salary")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_offer_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["team_member.id"],
            name=op.f("fk_offer_created_by_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer")),
    )
    op.create_index("ix_offer_application", "offer", ["application_id", "id"], unique=False)
    op.create_index("ix_offer_status_expires", "offer", ["status", "expires_on"], unique=False)
    op.create_index(
        "uq_offer_live_application",
        "offer",
        ["application_id"],
        unique=True,
        sqlite_where=sa.text("status IN ('draft','pending_approval','approved','sent')"),
        postgresql_where=sa.text("status IN ('draft','pending_approval','approved','sent')"),
    )
    op.create_table(
        "interview_panelist",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("team_member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_panelist_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_interview_panelist_team_member_id_team_member"),
        ),
        sa.PrimaryKeyConstraint("interview_id", "team_member_id", name=op.f("pk_interview_panelist")),
    )
    op.create_index(
        "ix_interview_panelist_member", "interview_panelist", ["team_member_id", "interview_id"], unique=False
    )
    op.create_table(
        "offer_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "decision IN ('pending','approved','rejected')", name=op.f("ck_offer_approval_decision")
        ),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["team_member.id"], name=op.f("fk_offer_approval_approver_id_team_member")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_approval_offer_id_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_approval")),
        sa.UniqueConstraint("offer_id", "version", "approver_id", name="uq_offer_approval_offer_version"),
    )
    op.create_index("ix_offer_approval_approver", "offer_approval", ["approver_id", "decision"], unique=False)
    op.create_table(
        "offer_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("salary", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("terms", sa.Text(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["team_member.id"],
            name=op.f("fk_offer_version_actor_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offer.id"], name=op.f("fk_offer_version_offer_id_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_version")),
        sa.UniqueConstraint("offer_id", "version", name="uq_offer_version_offer_version"),
    )
    op.create_table(
        "scorecard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("overall", sa.String(length=20), nullable=True),
        sa.Column("takeaways", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "overall IN ('strong_no','no','yes','strong_yes')", name=op.f("ck_scorecard_overall")
        ),
        sa.CheckConstraint("status IN ('draft','submitted')", name=op.f("ck_scorecard_status")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_scorecard_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["team_member.id"], name=op.f("fk_scorecard_author_id_team_member")
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_scorecard_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecard")),
        sa.UniqueConstraint("interview_id", "author_id", name="uq_scorecard_interview_author"),
    )
    op.create_index("ix_scorecard_application", "scorecard", ["application_id", "status"], unique=False)
    op.create_index("ix_scorecard_author", "scorecard", ["author_id", "status"], unique=False)
    op.create_table(
        "scorecard_rating",
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("attribute", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "rating IN ('definitely_not','no','yes','strong_yes')", name=op.f("ck_scorecard_rating_rating")
        ),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["scorecard.id"],
            name=op.f("fk_scorecard_rating_scorecard_id_scorecard"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scorecard_id", "attribute", name=op.f("pk_scorecard_rating")),
    )
