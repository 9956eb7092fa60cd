"""Domain and contract types, settings, database tables. Imports nothing of ours."""
