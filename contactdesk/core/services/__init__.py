"""Use cases. Each function takes a Session opened by the caller, validates and returns data."""
