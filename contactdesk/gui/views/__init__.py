"""Screens of the main window, one module per area."""
