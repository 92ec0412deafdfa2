"""Pages of the households app (mounted at /households/)."""

from __future__ import annotations

from django.urls import include, path

from .views import exports, households, residents, todo

app_name = "households"
urlpatterns = [
    path("", households.household_list, name="household_list"),
    path("new/", households.household_create, name="household_create"),
    path("<int:pk>/", households.household_detail, name="household_detail"),
    path("<int:pk>/edit/", households.household_edit, name="household_edit"),
    path("export.csv", exports.household_export, {"fmt": "csv"}, name="household_export_csv"),
    path("export.xlsx", exports.household_export, {"fmt": "xlsx"}, name="household_export_xlsx"),
    path("residents/", residents.resident_list, name="resident_list"),
    path("residents/new/", residents.resident_create, name="resident_create"),
    path("residents/<int:pk>/", residents.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/edit/", residents.resident_edit, name="resident_edit"),
    path("residents/<int:pk>/move/", residents.resident_move, name="resident_move"),
    path("residents/<int:pk>/consent/", residents.resident_consent, name="resident_consent"),
    path(
        "residents/export.csv", exports.resident_export, {"fmt": "csv"}, name="resident_export_csv"
    ),
    path(
        "residents/export.xlsx",
        exports.resident_export,
        {"fmt": "xlsx"},
        name="resident_export_xlsx",
    ),
    path("import/", include("households.importing.urls")),
    path("todo/families/", todo.family_todo, name="family_todo"),
    path("todo/identity/", todo.identity_todo, name="identity_todo"),
    path(
        "todo/identity/export.csv",
        exports.identity_todo_export,
        {"fmt": "csv"},
        name="identity_todo_export_csv",
    ),
    path(
        "todo/identity/export.xlsx",
        exports.identity_todo_export,
        {"fmt": "xlsx"},
        name="identity_todo_export_xlsx",
    ),
]
