"""Jobs, stages and the hiring team: team_member (who works in the app), a job's team as members (hiring
manager, recruiter, coordinator, interviewers) with its employment type and description, job_event (a job's
own history), actor_id beside the actor name on stage_event and activity, the job status 'filled', and stage
kinds active / offer / hired (the old applied, screen and interview stages are all active).

Every row is kept: each distinct free-text hiring manager, recruiter and actor becomes one team member (no
e-mail) that the jobs and events point at. On SQLite the job and stage tables are rebuilt (batch mode) with
foreign keys off, since dropping a parent table with them on would delete or unlink its children.

Revision ID: 0006_hiring_team
Revises: 0005_person_files
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from pipeline_tui.store.migrations.sqlite_rebuild import foreign_keys_off as _foreign_keys_off
from pipeline_tui.store.migrations.sqlite_rebuild import triggers_kept as _triggers_kept

revision: str = "0006_hiring_team"
down_revision: str | None = "0005_person_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = "role IN ('recruiter','sourcer','coordinator','hiring_manager','interviewer')"
JOB_ACTIONS = (
    "action IN ('created','edited','status','stage_added','stage_renamed','stage_moved','stage_kind',"
    "'stage_removed')"
)
EMPLOYMENT = "employment_type IN ('full_time','part_time','contract','temporary','internship')"
NEW_STATUS = "status IN ('draft','open','on_hold','filled','closed')"
OLD_STATUS = "status IN ('draft','open','on_hold','closed')"
NEW_KINDS = "kind IN ('active','offer','hired')"
OLD_KINDS = "kind IN ('applied','screen','interview','offer','hired')"
TEAM_COLUMNS = ("hiring_manager_id", "recruiter_id", "coordinator_id")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _foreign_keys_off(bind)
    _create_tables()
    _members_from_names(bind)
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("employment_type", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("description", sa.Text(), nullable=True))
        for column in TEAM_COLUMNS:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE job SET hiring_manager_id = (SELECT m.id FROM team_member m WHERE m.name = job.hiring_manager"
            " ORDER BY m.id LIMIT 1), recruiter_id = (SELECT m.id FROM team_member m WHERE m.name ="
            " job.recruiter ORDER BY m.id LIMIT 1), headcount = CASE WHEN headcount < 1 THEN 1 ELSE headcount END"
        )
    )
    with op.batch_alter_table("job") as batch:
        batch.drop_column("hiring_manager")
        batch.drop_column("recruiter")
        batch.drop_constraint(op.f("ck_job_status"), type_="check")
        batch.drop_constraint(op.f("ck_job_headcount"), type_="check")
        batch.create_check_constraint(op.f("ck_job_status"), NEW_STATUS)
        batch.create_check_constraint(op.f("ck_job_headcount"), "headcount >= 1")
        batch.create_check_constraint(op.f("ck_job_employment_type"), EMPLOYMENT)
        for column in TEAM_COLUMNS:
            batch.create_foreign_key(
                op.f(f"fk_job_{column}_team_member"), "team_member", [column], ["id"], ondelete="SET NULL"
            )
            batch.create_index(f"ix_job_{column.removesuffix('_id')}", [column])
    with op.batch_alter_table("stage") as batch:
        batch.drop_constraint(op.f("ck_stage_kind"), type_="check")
    op.execute("UPDATE stage SET kind = 'active' WHERE kind IN ('applied','screen','interview')")
    with op.batch_alter_table("stage") as batch:
        batch.create_check_constraint(op.f("ck_stage_kind"), NEW_KINDS)
    for table in ("stage_event", "activity"):
        _add_actor_id(bind, table, sqlite)
        bind.execute(
            sa.text(
                f"UPDATE {table} SET actor_id = (SELECT m.id FROM team_member m WHERE m.name = {table}.actor"
                " ORDER BY m.id LIMIT 1) WHERE actor IS NOT NULL"
            )
        )
    if sqlite:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"migration 0006 left broken references: {broken[:5]}")


def _create_tables() -> None:
    op.create_table(
        "team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(ROLES, name=op.f("ck_team_member_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_member")),
        sa.UniqueConstraint("email", name=op.f("uq_team_member_email")),
    )
    op.create_index("ix_team_member_name", "team_member", ["name"])
    op.create_table(
        "job_interviewer",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("team_member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_job_interviewer_job_id_job"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_job_interviewer_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "team_member_id", name=op.f("pk_job_interviewer")),
    )
    op.create_index("ix_job_interviewer_member", "job_interviewer", ["team_member_id", "job_id"])
    op.create_table(
        "job_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.CheckConstraint(JOB_ACTIONS, name=op.f("ck_job_event_action")),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job.id"], name=op.f("fk_job_event_job_id_job"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["team_member.id"],
            name=op.f("fk_job_event_actor_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_event")),
    )
    op.create_index("ix_job_event_job", "job_event", ["job_id", "id"])


def _members_from_names(bind: sa.Connection) -> None:
    """One member per distinct name: hiring managers first (their role), then recruiters and the people
    who made changes (recruiters: the app's users until now)."""
    sources = (
        ("hiring_manager", "SELECT DISTINCT hiring_manager FROM job WHERE hiring_manager IS NOT NULL"),
        ("recruiter", "SELECT DISTINCT recruiter FROM job WHERE recruiter IS NOT NULL"),
        ("recruiter", "SELECT DISTINCT actor FROM stage_event WHERE actor IS NOT NULL"),
        ("recruiter", "SELECT DISTINCT actor FROM activity WHERE actor IS NOT NULL"),
    )
    seen: set[str] = set()
    rows: list[dict[str, object]] = []
    when = datetime.now(UTC).replace(tzinfo=None)  # stored naive UTC, as every time is
    for role, sql in sources:
        for (name,) in bind.execute(sa.text(sql)).all():
            if name in seen or not str(name).strip():
                continue
            seen.add(name)
            rows.append({"name": name, "email": None, "role": role, "active": True, "created_at": when})
    if rows:
        members = sa.table(
            "team_member",
            sa.column("name", sa.String),
            sa.column("email", sa.String),
            sa.column("role", sa.String),
            sa.column("active", sa.Boolean),
            sa.column("created_at", sa.DateTime),
        )
        op.bulk_insert(members, rows)


def _add_actor_id(bind: sa.Connection, table: str, sqlite: bool) -> None:
    """actor_id with its reference. SQLite rebuilds the table for it (an inline reference added by ALTER
    TABLE loses its ON DELETE in reflection)."""
    with _triggers_kept(bind, table, sqlite), op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column("actor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f(f"fk_{table}_actor_id_team_member"), "team_member", ["actor_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _foreign_keys_off(bind)
    for table in ("stage_event", "activity"):
        with _triggers_kept(bind, table, sqlite), op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_actor_id_team_member"), type_="foreignkey")
            batch.drop_column("actor_id")
    with op.batch_alter_table("stage") as batch:
        batch.drop_constraint(op.f("ck_stage_kind"), type_="check")
    # Lossy by nature: the first stage of each job was 'applied', the other active ones 'interview'.
    op.execute(
        "UPDATE stage SET kind = CASE WHEN position = (SELECT min(s2.position) FROM stage s2 WHERE"
        " s2.job_id = stage.job_id) THEN 'applied' ELSE 'interview' END WHERE kind = 'active'"
    )
    with op.batch_alter_table("stage") as batch:
        batch.create_check_constraint(op.f("ck_stage_kind"), OLD_KINDS)
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("hiring_manager", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("recruiter", sa.String(length=200), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE job SET hiring_manager = (SELECT name FROM team_member m WHERE m.id = job.hiring_manager_id),"
            " recruiter = (SELECT name FROM team_member m WHERE m.id = job.recruiter_id),"
            " status = CASE WHEN status = 'filled' THEN 'closed' ELSE status END"
        )
    )
    with op.batch_alter_table("job") as batch:
        for column in TEAM_COLUMNS:
            batch.drop_index(f"ix_job_{column.removesuffix('_id')}")
            batch.drop_constraint(op.f(f"fk_job_{column}_team_member"), type_="foreignkey")
            batch.drop_column(column)
        batch.drop_constraint(op.f("ck_job_employment_type"), type_="check")
        batch.drop_column("employment_type")
        batch.drop_column("description")
        batch.drop_constraint(op.f("ck_job_status"), type_="check")
        batch.create_check_constraint(op.f("ck_job_status"), OLD_STATUS)
    op.drop_table("job_event")
    op.drop_table("job_interviewer")
    op.drop_table("team_member")
