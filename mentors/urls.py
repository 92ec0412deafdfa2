"""Pages of the mentors app."""

from __future__ import annotations

app_name = "mentors"
urlpatterns: list = []
