"""REST API of the lessons app (mounted under /api/v1/)."""
