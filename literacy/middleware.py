"""Project-wide middleware."""

from __future__ import annotations


class VietnameseFirstMiddleware:
    """Ignore the browser's Accept-Language so Vietnamese is the default for everyone.

    Cheap tablets in ward offices often ship set to English while the people using them read
    Vietnamese; the language switch (a cookie) is the only way to change the language.
    Must sit before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
