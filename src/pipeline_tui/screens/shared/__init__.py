"""shared screens."""
