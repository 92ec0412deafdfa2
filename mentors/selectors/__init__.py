"""Reads of the mentors app (every one starts from ``visible_to(user)``)."""
