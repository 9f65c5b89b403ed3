"""pools screens."""
