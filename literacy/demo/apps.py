from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` (seed_demo). Reads and writes every app, like coverage."""

    name = "literacy.demo"
    label = "demo"
