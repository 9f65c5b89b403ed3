"""Sequences: per sequence and step (the steps as they are now, by position), the touches that left the queue
in the range (done_at), counted by the rule of a sequence's own stats (`sequence_stats.step_counts_sql`):
done = sent or marked done; a reply or opt-out counts against the step it answered, and one that answered
nothing sent is left out (a step never sent has no reply rate). One statement over every sequence at once.

Not per job: `f.job_id` is ignored. Every sequence not archived is listed (a step with nothing in the range
shows zeros); an archived one only when something in the range counts in it. Sequences by name (in Python,
by code point, so both engines list them alike), steps by position.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.nurture_vocabulary import TouchStatus
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import SequenceStepRow
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.history import Statement, ratio
from pipeline_tui.store.sequence_stats import step_counts_sql

COUNTED = (TouchStatus.DONE, TouchStatus.REPLIED, TouchStatus.OPTED_OUT)


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    lo, hi = f.bounds(zone)
    counted = ", ".join(f"'{c}'" for c in COUNTED)
    scope = [f"t.status IN ({counted})", "t.done_at IS NOT NULL"]
    params: dict[str, object] = {}
    if lo is not None:
        scope.append("t.done_at >= :lo")
        params["lo"] = lo
    if hi is not None:
        scope.append("t.done_at < :hi")
        params["hi"] = hi
    sql = f"""
WITH counts AS ({step_counts_sql(" AND ".join(scope))}
),
per_step AS (
    SELECT c.sequence_id, c.step,
           SUM(CASE WHEN c.status = '{TouchStatus.DONE}' THEN c.n ELSE 0 END) AS done,
           SUM(CASE WHEN c.status = '{TouchStatus.REPLIED}' THEN c.n ELSE 0 END) AS replies,
           SUM(CASE WHEN c.status = '{TouchStatus.OPTED_OUT}' THEN c.n ELSE 0 END) AS opt_outs
    FROM counts c WHERE c.step IS NOT NULL
    GROUP BY c.sequence_id, c.step
)
SELECT q.name AS sequence, st.position AS step, st.channel,
       COALESCE(p.done, 0) AS done, COALESCE(p.replies, 0) AS replies, COALESCE(p.opt_outs, 0) AS opt_outs
FROM sequence q
JOIN sequence_step st ON st.sequence_id = q.id
LEFT JOIN per_step p ON p.sequence_id = q.id AND p.step = st.position
WHERE q.archived_at IS NULL OR q.id IN (SELECT sequence_id FROM per_step)"""
    return [Statement(sql, params)]


def sequence_steps(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[SequenceStepRow]:
    rows = [
        SequenceStepRow(
            sequence=r.sequence,
            step=int(r.step),
            channel=r.channel,
            touches_done=int(r.done),
            replies=int(r.replies),
            opt_outs=int(r.opt_outs),
            reply_rate=ratio(int(r.replies), int(r.done)),
        )
        for r in statements(dialect, f, zone)[0].rows(s)
    ]
    return sorted(rows, key=lambda r: (r.sequence, r.step))
