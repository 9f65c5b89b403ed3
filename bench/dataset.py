"""The benchmark's datasets: built once through the project's own `pipeline-tui seed`, cached by size.

`bench/.cache/<size>.db` is the database, `<size>.json` what the build cost and which facts the measurements
need (the largest job, the largest pool, the most used tags, ...). A cache whose seed arguments differ from
the size's current ones is rebuilt. Measurements that write (moves, bulk tags) put every row back, so the
cached file stays what `seed` made.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Size:
    name: str
    seed_args: tuple[str, ...]
    import_rows: int
    full: bool  # absolute budgets ("under 50 ms at full size") are judged only here


QUICK = Size(
    "quick",
    ("--jobs", "6", "--applicants", "1500", "--prospects", "10000", "--pools", "10", "--tags", "100",
     "--largest-job", "400"),
    import_rows=2_000,
    full=False,
)  # fmt: skip
FULL = Size("full", ("--bench",), import_rows=100_000, full=True)


@dataclass
class Facts:
    """What the measurements look up once per dataset."""

    counts: dict[str, int]
    largest_job: int
    largest_job_title: str
    largest_job_active: int
    small_job: int
    first_cards: list[str]  # top card name of each stage column of the largest job (start-up marker)
    largest_pool: int
    largest_pool_name: str
    largest_pool_members: int
    top_tags: list[str]  # the two most used tags (two-tag filter)


@dataclass
class Dataset:
    size: Size
    path: Path
    seed_seconds: float
    seed_output: str
    built_at: str
    facts: Facts
    rebuilt: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.facts.counts.values())


def pipeline_tui_command() -> list[str]:
    """The installed console script beside this interpreter (what a user runs), else `python -m`."""
    script = Path(sys.executable).with_name("pipeline-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline_tui"]


def connect(path: Path) -> sqlite3.Connection:
    """A raw sqlite3 connection with the pragmas the app sets on its own (WAL, FKs, NORMAL sync)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def ensure(size: Size, *, rebuild: bool = False, log=print) -> Dataset:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{size.name}.db"
    meta_path = CACHE / f"{size.name}.json"
    meta = _read_meta(meta_path)
    fresh = (
        not rebuild
        and path.exists()
        and meta is not None
        and tuple(meta.get("seed_args", ())) == size.seed_args
    )
    rebuilt = False
    if not fresh:
        meta = _build(size, path, meta_path, log)
        rebuilt = True
    _open_through_store(path)  # upgrades an older cached file to the current schema before anything is timed
    facts = Facts(**meta["facts"])
    return Dataset(
        size=size,
        path=path,
        seed_seconds=meta["seed_seconds"],
        seed_output=meta["seed_output"],
        built_at=meta["built_at"],
        facts=facts,
        rebuilt=rebuilt,
    )


def existing(path: Path, size: Size) -> Dataset:
    """A dataset built elsewhere (`--db PATH`, e.g. by `seed --bench`): its facts read now, without writing
    to it; what seeding it cost is unknown (seed_seconds 0). An older schema is taken as found: the reports
    group measures an upgraded copy (the groups that open the file itself need `pipeline-tui db upgrade`)."""
    from pipeline_tui.store.database import Database

    if not path.is_file():
        raise SystemExit(f"bench: no database file at {path}")
    Database.open(
        str(path), read_only=True, upgrade=False
    ).close()  # a pipeline-tui database; no byte changed
    return Dataset(
        size=size,
        path=path,
        seed_seconds=0.0,
        seed_output="",
        built_at="built elsewhere",
        facts=_facts(path),
    )


def _read_meta(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _build(size: Size, path: Path, meta_path: Path, log) -> dict:
    building = path.with_name(path.name + ".building")
    for p in (building, *_sidecars(building), path, *_sidecars(path), meta_path):
        p.unlink(missing_ok=True)
    cmd = [*pipeline_tui_command(), "seed", *size.seed_args, "--db", str(building)]
    log(f"building the {size.name} dataset: {' '.join(cmd[-len(size.seed_args) - 3 :])} ...")
    env = dict(
        os.environ,
        PIPELINE_TUI_DATA_DIR=str(CACHE / "seed-data"),
        PIPELINE_TUI_CONFIG_DIR=str(CACHE / "seed-config"),
    )
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"bench: seeding failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
        )
    building.rename(path)
    for side in _sidecars(building):
        if side.exists():
            side.rename(path.with_name(path.name + side.name[len(building.name) :]))
    facts = _facts(path)
    meta = {
        "size": size.name,
        "seed_args": list(size.seed_args),
        "seed_seconds": seconds,
        "seed_output": done.stdout.strip(),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "facts": asdict(facts),
    }
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    log(f"  built in {seconds:.1f} s ({sum(facts.counts.values()):,} rows)")
    return meta


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _open_through_store(path: Path) -> None:
    from pipeline_tui.store.database import Database

    Database.open(str(path)).close()


TABLES = ("job", "stage", "candidate", "application", "stage_event", "pool", "pool_member", "tag",
          "candidate_tag", "activity")  # fmt: skip


def _facts(path: Path) -> Facts:
    conn = connect(path)
    try:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        big, big_active = conn.execute(
            "SELECT job_id, count(*) FROM application WHERE status = 'active' GROUP BY job_id "
            "ORDER BY count(*) DESC, job_id LIMIT 1"
        ).fetchone()
        title = conn.execute("SELECT title FROM job WHERE id = ?", (big,)).fetchone()[0]
        small = conn.execute(
            "SELECT a.job_id FROM application a JOIN job j ON j.id = a.job_id WHERE a.job_id <> ? "
            "GROUP BY a.job_id ORDER BY count(*), a.job_id LIMIT 1",
            (big,),
        ).fetchone()[0]
        first_cards = []
        for (stage_id,) in conn.execute(
            "SELECT id FROM stage WHERE job_id = ? ORDER BY position, id", (big,)
        ).fetchall():
            row = conn.execute(
                "SELECT c.full_name FROM application a JOIN candidate c ON c.id = a.candidate_id "
                "WHERE a.job_id = ? AND a.stage_id = ? AND a.status IN ('active', 'hired') "
                "ORDER BY a.stage_entered_at, a.id LIMIT 1",
                (big, stage_id),
            ).fetchone()
            if row:
                first_cards.append(row[0])
        pool, members = conn.execute(
            "SELECT pool_id, count(*) FROM pool_member GROUP BY pool_id ORDER BY count(*) DESC, pool_id LIMIT 1"
        ).fetchone()
        pool_name = conn.execute("SELECT name FROM pool WHERE id = ?", (pool,)).fetchone()[0]
        tags = [
            name
            for (name,) in conn.execute(
                "SELECT t.name FROM tag t JOIN (SELECT tag_id, count(*) AS n FROM candidate_tag GROUP BY tag_id "
                "ORDER BY n DESC LIMIT 2) top ON top.tag_id = t.id ORDER BY top.n DESC"
            )
        ]
    finally:
        conn.close()
    return Facts(
        counts=counts,
        largest_job=big,
        largest_job_title=title,
        largest_job_active=big_active,
        small_job=small,
        first_cards=first_cards,
        largest_pool=pool,
        largest_pool_name=pool_name,
        largest_pool_members=members,
        top_tags=tags,
    )


def scratch_copy(src: Path, dest: Path) -> Path:
    """A copy of a (checkpointed) database file to write into."""
    for p in (dest, *_sidecars(dest)):
        p.unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest
