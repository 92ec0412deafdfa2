"""Roster pages: residents, households, the to-do lists and exports."""
