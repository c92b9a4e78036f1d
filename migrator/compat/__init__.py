"""Drop-in facades for code written for other migration tools (``migrator.compat.aerich``)."""
