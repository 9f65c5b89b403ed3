"""The jobs screen: every requisition with its team and pipeline counts, and the job form and status."""
