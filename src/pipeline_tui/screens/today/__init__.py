"""The Today screen (mode "today", key `4`): what is due for the current user."""
