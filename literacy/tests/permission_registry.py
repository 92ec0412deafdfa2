"""Collects the permission cases of every app (see matrix.py)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from .matrix import EXEMPT, Endpoint

CASE_MODULES = [
    "literacy.tests.permission_cases",
    "literacy.accounts.tests.permission_cases",
    "literacy.areas.tests.permission_cases",
    "literacy.audit.tests.permission_cases",
    "households.tests.permission_cases",
    "households.tests.permission_cases_import",
    "lessons.tests.permission_cases_catalogue",
    "lessons.tests.permission_cases_classes",
    "mentors.tests.permission_cases",
    "mentors.tests.permission_cases_phone",
    "literacy.coverage.tests.permission_cases",
]


def _modules():
    for name in CASE_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if not (exc.name and name.startswith(exc.name)):
                raise


def all_endpoints() -> list[Endpoint]:
    return [endpoint for module in _modules() for endpoint in getattr(module, "ENDPOINTS", [])]


def all_exempt() -> dict[str, str]:
    """URL names (or 'prefix:' entries) that hold no programme data, with the reason."""
    exempt = dict(EXEMPT)
    for module in _modules():
        exempt.update(getattr(module, "EXEMPT", {}))
    return exempt


def build_world(ward_a, ward_b, users: dict) -> SimpleNamespace:
    world = SimpleNamespace(ward_a=ward_a, ward_b=ward_b, users=users)
    for module in _modules():
        builder = getattr(module, "build_world", None)
        if builder:
            builder(world)
    return world
