"""Pages of the coverage dashboards (mounted at /coverage/)."""

from __future__ import annotations

from django.urls import path

from .views import dashboards, exports, lists, targets, team

app_name = "coverage"
urlpatterns = [
    path("", dashboards.programme, name="programme"),
    path("areas/<str:code>/", dashboards.area, name="area"),
    path("areas/<str:code>/lists/<slug:kind>/", lists.people_list, name="list"),
    path(
        "areas/<str:code>/tables/<slug:table>.<str:fmt>",
        exports.table_export,
        name="table_export",
    ),
    path("targets/", targets.targets, name="targets"),
    path("team/", team.team, name="team"),
]
