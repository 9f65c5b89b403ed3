"""The domain core: records, errors, validation and vocabulary every layer speaks (no textual, no sqlalchemy)."""
