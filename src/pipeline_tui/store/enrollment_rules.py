"""Who may be enrolled: every reason a person is skipped, found for a whole chunk of people in one query.

The checks run in a fixed order and the first that matches is the reason counted (Ineligible): no such
person, erased, consent withdrawn or refused, an active applicant, already active in a sequence, "not
interested" in the pool (in any pool when enrolled without one), no e-mail for a sequence with e-mail steps.
One SELECT per chunk answers all of them with EXISTS probes on indexed columns, the ids bound as one
parameter (dialect.id_list), so 10,000 people are a handful of statements.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from pipeline_tui.core.nurture_vocabulary import Ineligible
from pipeline_tui.store.dialects import Dialect

# People per eligibility query: one bound parameter whatever the size; the chunk only bounds memory.
CHUNK = 5_000

_CHECKS = """
SELECT ids.id AS id,
  CASE WHEN c.id IS NULL THEN 1 ELSE 0 END AS not_found,
  CASE WHEN c.anonymised_at IS NOT NULL THEN 1 ELSE 0 END AS erased,
  CASE WHEN c.consent_status IN ('withdrawn', 'refused') THEN 1 ELSE 0 END AS consent_withdrawn,
  CASE WHEN EXISTS (SELECT 1 FROM application a WHERE a.status = 'active' AND a.candidate_id = ids.id)
    THEN 1 ELSE 0 END AS active_applicant,
  CASE WHEN EXISTS (SELECT 1 FROM enrollment e WHERE e.status = 'active' AND e.candidate_id = ids.id)
    THEN 1 ELSE 0 END AS already_active,
  CASE WHEN EXISTS (SELECT 1 FROM pool_member pm WHERE pm.candidate_id = ids.id
    AND pm.status = 'not_interested' {pool}) THEN 1 ELSE 0 END AS not_interested,
  CASE WHEN c.email IS NULL THEN 1 ELSE 0 END AS no_email
FROM ({ids}) AS ids LEFT JOIN candidate c ON c.id = ids.id
"""

# The order the reasons are checked in (the first that holds is counted).
ORDER: tuple[Ineligible, ...] = (
    Ineligible.NOT_FOUND,
    Ineligible.ERASED,
    Ineligible.CONSENT_WITHDRAWN,
    Ineligible.ACTIVE_APPLICANT,
    Ineligible.ALREADY_ACTIVE,
    Ineligible.NOT_INTERESTED,
    Ineligible.NO_EMAIL,
)


def sort_people(
    conn: Connection,
    dialect: Dialect,
    candidate_ids: Sequence[int],
    *,
    pool_id: int | None,
    needs_email: bool,
) -> tuple[list[int], dict[str, int]]:
    """The eligible ids (in the order given) and the skipped counted per reason."""
    eligible: list[int] = []
    skipped: dict[str, int] = {}
    checks = [r for r in ORDER if needs_email or r is not Ineligible.NO_EMAIL]
    pool = "AND pm.pool_id = :pool" if pool_id is not None else ""
    for start in range(0, len(candidate_ids), CHUNK):
        chunk = candidate_ids[start : start + CHUNK]
        source, value = dialect.id_list(chunk)
        params: dict[str, object] = {"ids": value}
        if pool_id is not None:
            params["pool"] = pool_id
        reasons: dict[int, str | None] = {}
        for row in conn.execute(text(_CHECKS.format(pool=pool, ids=source)), params).mappings():
            reasons[int(row["id"])] = next((str(r) for r in checks if row[str(r)]), None)
        for cid in chunk:
            reason = reasons.get(cid, str(Ineligible.NOT_FOUND))
            if reason is None:
                eligible.append(cid)
            else:
                skipped[reason] = skipped.get(reason, 0) + 1
    return eligible, skipped
