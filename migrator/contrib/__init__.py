"""Integrations with frameworks (``migrator.contrib.fastapi``); each imports its framework
only when used."""
