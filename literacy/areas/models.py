"""Administrative geography: province → ward/commune → hamlet (khu phố / ấp / tổ dân phố).

Provinces and wards carry official codes and come from the `vietnam-provinces` package
(``manage.py load_divisions``). Hamlets are on no national list: ward officials create them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet


class Province(models.Model):
    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class WardType(models.TextChoices):
    WARD = "phuong", _("Ward (phường)")
    COMMUNE = "xa", _("Commune (xã)")
    SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")


class WardQuerySet(ScopedQuerySet):
    ward_path = ""


class Ward(models.Model):
    """A ward or commune (phường / xã / đặc khu), the level below the province since July 2025."""

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    codename = models.CharField(max_length=100, blank=True)
    ward_type = models.CharField(_("type"), max_length=10, choices=WardType.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="wards", verbose_name=_("province")
    )

    objects = WardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ward/commune")
        verbose_name_plural = _("wards/communes")

    def __str__(self) -> str:
        return self.name


class HamletType(models.TextChoices):
    KHU_PHO = "khu_pho", _("Neighbourhood (khu phố)")
    AP = "ap", _("Hamlet (ấp)")
    TO_DAN_PHO = "to_dan_pho", _("Residential group (tổ dân phố)")


class HamletQuerySet(ScopedQuerySet):
    ward_path = "ward"


class Hamlet(models.Model):
    """A neighbourhood or hamlet inside a ward, created by the ward's officials."""

    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="hamlets", verbose_name=_("ward/commune")
    )
    name = models.CharField(_("name"), max_length=100)
    hamlet_type = models.CharField(
        _("type"), max_length=12, choices=HamletType.choices, default=HamletType.KHU_PHO
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HamletQuerySet.as_manager()

    class Meta:
        ordering = ["ward__name", "name"]
        verbose_name = _("hamlet")
        verbose_name_plural = _("hamlets")
        constraints = [
            models.UniqueConstraint(fields=["ward", "name"], name="hamlet_unique_name_in_ward")
        ]

    def __str__(self) -> str:
        return self.name


class HamletInListOrder(models.Model):
    """Every hamlet with its ward's name, sorted as the roster lists are: ward name, hamlet name.

    A database view (migration 0002), read only by joining it. Joined to the households, it is a
    small input already in the lists' order, so the database walks the hamlets in that order and
    reads each one's households through the hamlet index (a nested loop, then sorting one
    hamlet's households by code): a page costs the same in a small ward as for the whole
    province, where sorting every household in scope to show 50 did not.
    """

    hamlet = models.OneToOneField(
        Hamlet,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_column="hamlet_id",
    )
    ward_name = models.CharField(max_length=100)
    hamlet_name = models.CharField(max_length=100)

    class Meta:
        managed = False
        db_table = "areas_hamlet_in_list_order"

    def __str__(self) -> str:
        return f"{self.ward_name} – {self.hamlet_name}"
