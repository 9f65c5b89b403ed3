"""The Reports screen (mode "reports", key `5`): every report of issue 15 as a table and a chart."""
