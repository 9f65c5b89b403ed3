"""Widgets shared by the screens. No sqlalchemy here."""
