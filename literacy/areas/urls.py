"""Pages of the areas app."""

from __future__ import annotations

app_name = "areas"
urlpatterns: list = []
