"""Team mode: several people on one PostgreSQL database (versions, conflicts, moving, backups)."""
