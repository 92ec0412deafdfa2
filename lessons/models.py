"""Lessons, classes and completions: arrives with the lessons issue."""
