"""Pages of the audit app."""

from __future__ import annotations

app_name = "audit"
urlpatterns: list = []
