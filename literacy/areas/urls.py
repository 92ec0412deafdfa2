"""Pages of the areas app (mounted at /areas/)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("hamlets/", views.hamlet_list, name="hamlet_list"),
    path("hamlets/new/", views.hamlet_new, name="hamlet_create"),
    path("hamlets/<int:pk>/edit/", views.hamlet_edit, name="hamlet_edit"),
]
