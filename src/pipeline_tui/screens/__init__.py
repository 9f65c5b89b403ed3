"""Screens: the stage board and the talent-pool browser, plus their modals. No sqlalchemy here."""
