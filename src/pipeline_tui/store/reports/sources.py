"""Sources: the cohort's applications and hires per `application.source` as stored (a handoff's reads
"pool: NAME"), "(none)" when empty; one GROUP BY over the cohort.

Ordered in Python (applications desc, then source by code point), so SQLite and PostgreSQL (whose collation
would order words its own way) list the same rows in the same order.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import SourceRow
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.history import Statement, cohort_filter, ratio

NO_SOURCE = "(none)"


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    where, params = cohort_filter(f, zone)
    sql = f"""
SELECT x.source, COUNT(*) AS applications, SUM(x.hired) AS hired FROM (
    SELECT CASE WHEN a.source IS NULL OR TRIM(a.source) = '' THEN '{NO_SOURCE}' ELSE a.source END AS source,
           CASE WHEN a.status = 'hired' THEN 1 ELSE 0 END AS hired
    FROM application a WHERE {where}
) x
GROUP BY x.source"""
    return [Statement(sql, params)]


def sources(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[SourceRow]:
    rows = [
        SourceRow(
            source=r.source,
            applications=int(r.applications),
            hired=int(r.hired),
            yield_=ratio(int(r.hired), int(r.applications)),
        )
        for r in statements(dialect, f, zone)[0].rows(s)
    ]
    return sorted(rows, key=lambda r: (-r.applications, r.source))
