"""Writes of the mentors app (keyword-only, atomic, audited): one module per record."""
