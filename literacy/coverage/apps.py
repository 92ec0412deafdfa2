from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "literacy.coverage"
    label = "coverage"
    verbose_name = _("Coverage")

    def ready(self) -> None:
        # The change-capture triggers sit on other apps' tables: registered here, installed by
        # this app's migrations (see triggers.py); so are those that replace the tokens cached
        # pages are keyed on (versions.py).
        from . import triggers, versions

        triggers.register()
        versions.register()
