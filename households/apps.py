from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households")

    def ready(self) -> None:
        # An index on an expression with an operator class (the name search's trigrams of the
        # rest of the name) is written ``(expression) opclass``: ``django.contrib.postgres``
        # teaches the index SQL that when it is installed; this project does not install it
        # (its per-connection type look-ups are not needed), so the one line it runs is here.
        from django.contrib.postgres.indexes import OpClass
        from django.db.models import OrderBy
        from django.db.models.functions import Collate
        from django.db.models.indexes import IndexExpression

        IndexExpression.register_wrappers(OrderBy, OpClass, Collate)
