from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "literacy.coverage"
    label = "coverage"
    verbose_name = _("Coverage")

    def ready(self) -> None:
        # The change-capture triggers sit on other apps' tables: registered here, installed by
        # this app's migrations (see triggers.py).
        from . import triggers

        triggers.register()
