"""Interviews and scorecards: the schedule dialog, the scorecard form and its read-only view (#13)."""
