"""Work that spans repositories or outlives one screen: demo and synthetic data, export, import."""
