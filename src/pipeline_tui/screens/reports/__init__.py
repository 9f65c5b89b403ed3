"""The Reports screen (mode "reports", key `5`): each report as a chart and a table, saved as CSV, JSON or
HTML."""
