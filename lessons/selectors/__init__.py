"""Reads of the lessons app (every one starts from ``visible_to`` / ``manageable_by``)."""
