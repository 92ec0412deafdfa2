"""REST API of the mentors app (mounted under /api/v1/)."""
