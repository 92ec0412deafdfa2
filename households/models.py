"""Residents and households: arrives with the residents issue."""
