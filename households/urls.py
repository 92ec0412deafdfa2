"""Pages of the households app."""

from __future__ import annotations

app_name = "households"
urlpatterns: list = []
