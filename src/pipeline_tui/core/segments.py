"""The pool browser's built-in segments and sortable columns: words the store and the screen share."""

from __future__ import annotations

# The side list's built-in segments, in the order shown (key -> label).
SEGMENTS = {
    "all": "All candidates",
    "finalists": "Past finalists",
    "stale": "Not contacted in 90 days",
    "retention": "Due for retention",
}
# Segments listed only when configured: "retention" needs a retention policy (config `[retention]`).
POLICY_SEGMENTS = ("retention",)
# The columns the browser can sort by, in the order `o` cycles through them.
SORT_COLUMNS = (
    "name",
    "title",
    "company",
    "location",
    "tags",
    "status",
    "last_contacted",
    "source",
    "added",
)
