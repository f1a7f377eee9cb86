"""Shared widgets of the window: date and time entry, ..."""
