"""The province's digital-literacy portal: project package and cross-cutting apps."""

from .celery import app as celery_app

__all__ = ("celery_app",)
