"""/api/v1/: one router; each app registers its viewsets in ``<app>/api/routes.py``."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from households.api import routes as households_routes
from lessons.api import routes as lessons_routes
from literacy.accounts.api import routes as accounts_routes
from literacy.accounts.api.views import TokenObtainView
from literacy.areas.api import routes as areas_routes
from literacy.audit.api import routes as audit_routes
from literacy.coverage.api import routes as coverage_routes
from mentors.api import routes as mentors_routes

app_name = "api"

router = DefaultRouter()
for routes in (
    accounts_routes,
    areas_routes,
    audit_routes,
    coverage_routes,
    households_routes,
    lessons_routes,
    mentors_routes,
):
    routes.register(router)

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
