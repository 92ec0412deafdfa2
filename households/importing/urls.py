"""URLs of the roster import, mounted at /households/import/ in the ``households`` namespace."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_upload, name="import"),
    path("template/", views.import_template, name="import_template"),
    path("<uuid:job_id>/", views.import_result, name="import_result"),
    path("<uuid:job_id>/status.json", views.import_status, name="import_status"),
    path("<uuid:job_id>/errors.csv", views.import_errors, name="import_errors"),
]
