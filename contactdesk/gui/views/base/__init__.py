"""Bases the record editors and master/detail areas are built on."""
