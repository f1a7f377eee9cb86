"""Alembic migrations, shipped inside the package and run by contactdesk.core.db at open."""

#: The newest revision. contactdesk.core.db compares a database against it without importing
#: Alembic, which keeps the start of the app quick; a test checks it against the scripts.
HEAD = "0008"
