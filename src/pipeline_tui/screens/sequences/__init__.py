"""The nurture sequences screen and the sequence editor (#14)."""
