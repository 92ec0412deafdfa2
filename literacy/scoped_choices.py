"""Ids that name another object are accepted only within the caller's scope: one helper for every
filter (pages and API) and every writable related field.

A filter (``?hamlet=12``) or a field (``"attendees": [3, 4]``) looks the id up only among the
objects the caller may see (``visible_to``) or, for writes, change (``manageable_by``). An id out
of scope is then "not one of the available choices", word for word what an id that does not
exist gets: the answer cannot tell them apart, so another ward's objects do not leak through it.

* ``ScopedFilterSet``: the base of every FilterSet. Its model-choice filters, declared
  (``ScopedModelChoiceFilter``) or generated from a view's ``filterset_fields``, choose from
  ``visible_to(request.user)``; a plain ``ModelChoiceFilter`` in it is refused when it is built.
* ``ScopedFilterBackend``: the API's filter backend (``REST_FRAMEWORK`` settings): generated
  filtersets build on ``ScopedFilterSet``, and a view's ``filterset_class`` must be one.
* ``ScopedPrimaryKeyField``: every writable related field of a serializer.
* ``scoped_choices(queryset, user)``: the same rule for a form's choice field.
* ``filtered(filterset)``: a page's rows; none when the filter is invalid (as the API's 400).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from rest_framework import serializers

from literacy.accounts.scope import ScopedQuerySet


def scoped_choices(
    queryset: QuerySet | type[Model], user, *, manageable: bool = False
) -> ScopedQuerySet:
    """``queryset`` (or the model's objects) narrowed to what ``user`` may see, or change."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    if not isinstance(queryset, ScopedQuerySet):
        raise ImproperlyConfigured(
            f"{queryset.model.__name__} has no scope: its queryset must be a ScopedQuerySet."
        )
    return queryset.manageable_by(user) if manageable else queryset.visible_to(user)


class _ScopedQuerySetFilter:
    """The filter's queryset (declared or generated) narrowed to the request user's scope."""

    def get_queryset(self, request):
        return scoped_choices(super().get_queryset(request), getattr(request, "user", None))


class ChoicesInOneQuery(django_filters.fields.ModelChoiceIterator):
    """A filter's choices read with one ordinary query. Django's own iterator opens a
    server-side cursor (declare, fetch, close: three round trips) to read a list of wards or
    hamlets that is never more than a few hundred rows."""

    def __iter__(self):
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.choices_of(list(self.queryset.all()))

    def choices_of(self, objects: list) -> list:
        """The choices after the empty ones: one per object."""
        return [self.choice(obj) for obj in objects]


class HamletsByWard(ChoicesInOneQuery):
    """Hamlets grouped under their ward's name when they come from several wards: every ward
    has a "Khu phố 1", and provincial staff could not tell them apart. One ward: a plain list.
    The queryset must give the ward (``select_related``), in ward order (the hamlets' own)."""

    def choices_of(self, objects: list) -> list:
        plain = super().choices_of
        if len({hamlet.ward_id for hamlet in objects}) <= 1:
            return plain(objects)
        groups = (list(group) for _ward_id, group in groupby(objects, key=lambda h: h.ward_id))
        return [(hamlets[0].ward.name, plain(hamlets)) for hamlets in groups]


class ScopedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ChoicesInOneQuery


class ScopedHamletChoiceField(django_filters.fields.ModelChoiceField):
    iterator = HamletsByWard


class ScopedModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    iterator = ChoicesInOneQuery


class ScopedModelChoiceFilter(_ScopedQuerySetFilter, django_filters.ModelChoiceFilter):
    field_class = ScopedModelChoiceField


class ScopedModelMultipleChoiceFilter(
    _ScopedQuerySetFilter, django_filters.ModelMultipleChoiceFilter
):
    field_class = ScopedModelMultipleChoiceField


class ScopedHamletChoiceFilter(ScopedModelChoiceFilter):
    """A hamlet filter: its choices grouped by ward when the user sees several."""

    field_class = ScopedHamletChoiceField


SCOPED_VERSIONS = {
    django_filters.ModelChoiceFilter: ScopedModelChoiceFilter,
    django_filters.ModelMultipleChoiceFilter: ScopedModelMultipleChoiceFilter,
}


def _scoped_defaults(defaults: dict) -> dict:
    """django-filter's filters per model field, with the scoped ones for relations."""
    return {
        field: {
            **spec,
            "filter_class": SCOPED_VERSIONS.get(spec["filter_class"], spec["filter_class"]),
        }
        for field, spec in defaults.items()
    }


class ScopedFilterSet(RestFilterSet):
    """Base of every FilterSet: filters naming objects choose from the user's scope."""

    FILTER_DEFAULTS = _scoped_defaults(RestFilterSet.FILTER_DEFAULTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, QuerySetRequestMixin) and not isinstance(
                filter_, _ScopedQuerySetFilter
            ):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{name}: use ScopedModelChoiceFilter (the choices "
                    "must come from the user's scope)."
                )
            # The copies of the class's filters may carry a form field built for another
            # request (the OpenAPI generator builds them): build this request's own.
            filter_.__dict__.pop("_field", None)


class ScopedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: every filterset is a ``ScopedFilterSet``."""

    filterset_base = ScopedFilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, ScopedFilterSet):
            raise ImproperlyConfigured(
                f"{type(view).__name__}.filterset_class must be a ScopedFilterSet."
            )
        return filterset_class


def filtered(filterset: django_filters.FilterSet) -> QuerySet:
    """A page's filtered rows, or none when the filter itself is invalid (an id not offered)."""
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A writable related field whose ids are looked up within the request user's scope.

    ``queryset`` is narrowed with ``manageable_by`` (writes name what the user may change), or
    ``visible_to`` with ``manageable=False``. ``scope=lambda user, serializer: …`` instead names a
    selector that itself starts from the user's scope (e.g. residents one may register).
    """

    def __init__(
        self,
        *,
        scope: Callable[[object, serializers.Serializer], QuerySet] | None = None,
        manageable: bool = True,
        **kwargs,
    ):
        self.scope, self.manageable = scope, manageable
        super().__init__(**kwargs)

    def _serializer(self):
        parent = self.parent
        return parent.parent if isinstance(parent, serializers.ManyRelatedField) else parent

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if self.scope is not None:
            return self.scope(user, self._serializer())
        return scoped_choices(self.queryset, user, manageable=self.manageable)
