"""Audit summaries are written once and read later by others: always in the portal's language.

A summary is stored text, so it cannot follow the reader's language; it is written in the
site's language (Vietnamese) whatever the language of the request, command or task that wrote
it. Messages are marked with ``gettext_lazy`` so they land in the catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def summary_text(message, **params) -> str:
    """``message`` (a lazy translation) in the site's language, with ``params`` filled in."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    return text % params if params else text
