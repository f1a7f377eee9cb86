"""Alembic migrations, shipped inside the package and run by contactdesk.core.db at open."""
