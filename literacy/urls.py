"""Root URL configuration. Every pattern here must appear in the permission matrix test."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from literacy import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("literacy.accounts.urls")),
    path("areas/", include("literacy.areas.urls")),
    path("audit/", include("literacy.audit.urls")),
    path("households/", include("households.urls")),
    path("lessons/", include("lessons.urls")),
    path("mentors/", include("mentors.urls")),
    path("coverage/", include("literacy.coverage.urls")),
    path("api/v1/", include("literacy.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
