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

# The first reason that holds, in the order above (CASE stops at the first, so the later probes are not
# run for that person); only the people who may not be enrolled come back.
_CHECKS = """
SELECT id, reason FROM (SELECT ids.id AS id, CASE
  WHEN c.id IS NULL THEN 'not_found'
  WHEN c.anonymised_at IS NOT NULL THEN 'erased'
  WHEN c.consent_status IN ('withdrawn', 'refused') THEN 'consent_withdrawn'
  WHEN EXISTS (SELECT 1 FROM application a WHERE a.status = 'active' AND a.candidate_id = ids.id)
    THEN 'active_applicant'
  WHEN EXISTS (SELECT 1 FROM enrollment e WHERE e.status = 'active' AND e.candidate_id = ids.id)
    THEN 'already_active'
  WHEN EXISTS (SELECT 1 FROM pool_member pm WHERE pm.candidate_id = ids.id AND pm.status = 'not_interested'
    {pool}) THEN 'not_interested'
  {email}
  ELSE NULL END AS reason
FROM ({ids}) AS ids LEFT JOIN candidate c ON c.id = ids.id) AS checked
WHERE reason IS NOT NULL
"""
_NO_EMAIL = "WHEN c.email IS NULL THEN 'no_email'"


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
    sql = _CHECKS.format(
        pool="AND pm.pool_id = :pool" if pool_id is not None else "",
        email=_NO_EMAIL if needs_email else "",
        ids="{ids}",
    )
    for start in range(0, len(candidate_ids), CHUNK):
        chunk = candidate_ids[start : start + CHUNK]
        source, value = dialect.id_list(chunk)
        params: dict[str, object] = {"ids": value}
        if pool_id is not None:
            params["pool"] = pool_id
        reasons = {cid: reason for cid, reason in conn.execute(text(sql.format(ids=source)), params)}
        for cid in chunk:
            reason = reasons.get(cid)
            if reason is None:
                eligible.append(cid)
            else:
                word = str(Ineligible(reason))  # the SQL's words are the vocabulary's
                skipped[word] = skipped.get(word, 0) + 1
    return eligible, skipped
