"""REST API of the accounts app (mounted under /api/v1/)."""
