"""Bases every area and editor of the window builds on."""
