"""Project-level pages in the permission matrix."""

from __future__ import annotations

from .matrix import Endpoint

ENDPOINTS = [
    Endpoint("home", public=True),
    Endpoint("healthz", public=True),
    Endpoint("api:api-root", api=True),
    Endpoint("api:schema", api=True, note="OpenAPI schema: signed-in users only"),
]
