"""The pool browser's built-in segments and sortable columns: words the store and the screen share."""

from __future__ import annotations

# People in at least one pair of possible duplicates (store/duplicates.py); `m` there merges the focused one
# with their pair.
DUPLICATES = "duplicates"
# The side list's built-in segments, in the order shown (key -> label).
SEGMENTS = {
    "all": "All candidates",
    "finalists": "Past finalists",
    "stale": "Not contacted in 90 days",
    DUPLICATES: "Possible duplicates",
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
