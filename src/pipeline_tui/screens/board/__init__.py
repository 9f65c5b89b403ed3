"""board screens."""
