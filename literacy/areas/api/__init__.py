"""REST API of the areas app (mounted under /api/v1/)."""
