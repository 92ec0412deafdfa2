"""REST API of the audit app (mounted under /api/v1/)."""
