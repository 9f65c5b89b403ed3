"""The Activity screen (mode "activity", key `6`): who did what, when, from the change log."""
