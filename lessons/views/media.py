"""A lesson's video, captions and thumbnail: public learning material, like the catalogue.

Each request goes through ``in_catalogue_for(user)``: an active lesson's media are public (no
sign-in, so a mentor can send a link) and cacheable by browsers and proxies for a day, with an
ETag so a revisit costs a 304; a retired lesson answers 404 to everyone but the staff who manage
the catalogue, and what they fetch is not cached. Videos are served with
HTTP range requests (RFC 9110 §14) so the player can seek and a phone on a slow connection
fetches only what it plays: a single ``Range: bytes=…`` answers 206 with ``Content-Range``; a
range starting past the end answers 416; a malformed or multi-part range, or an ``If-Range`` that
no longer matches, gets the whole file (200), as the RFC allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from lessons.models import Lesson

CHUNK_SIZE = 64 * 1024
#: How long browsers and proxies may keep an active lesson's media (a day: a lesson's video is
#: replaced rarely, and the ETag changes with the file).
PUBLIC_MAX_AGE = 24 * 60 * 60
CONTENT_TYPES = {
    "webm": "video/webm",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "ogv": "video/ogg",
    "ogg": "video/ogg",
    "vtt": "text/vtt; charset=utf-8",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """Return the (first, last) byte asked for, None to send the whole file.

    Raises :class:`RangeNotSatisfiable` when the range lies wholly past the end of the file.
    """
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None  # malformed or several ranges: ignore the header
    first, last = match.groups()
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0:
            raise RangeNotSatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid range: ignore
    if start >= size:
        raise RangeNotSatisfiable
    return start, end


def _read(handle, start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def _etag(field_file) -> tuple[str, str]:
    storage, name = field_file.storage, field_file.name
    modified = storage.get_modified_time(name)
    size = storage.size(name)
    return f'"{size:x}-{int(modified.timestamp() * 1000):x}"', http_date(modified.timestamp())


def serve_file(request: HttpRequest, field_file, *, public: bool = False) -> HttpResponse:
    """Answer a GET/HEAD for a stored file, honouring a single byte range; ``public`` files
    may be cached by anyone and answer 304 to a matching ``If-None-Match``."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    size = field_file.size
    etag, last_modified = _etag(field_file)
    if public and etag in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response
    content_type = CONTENT_TYPES.get(
        field_file.name.rsplit(".", 1)[-1].lower(), "application/octet-stream"
    )
    byte_range = None
    header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if header and (not if_range or if_range in (etag, last_modified)):
        try:
            byte_range = parse_range(header, size)
        except RangeNotSatisfiable:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            response["Accept-Ranges"] = "bytes"
            return response
    start, end = byte_range if byte_range else (0, size - 1)
    length = end - start + 1 if size else 0
    handle = field_file.storage.open(field_file.name, "rb")
    body = _read(handle, start, length) if request.method == "GET" else iter(())
    if request.method != "GET":
        handle.close()
    response = StreamingHttpResponse(body, status=206 if byte_range else 200)
    response["Content-Type"] = content_type
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare equal, RFC 9110 §13.1.2)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _lesson(request: HttpRequest, pk: int) -> Lesson:
    return get_object_or_404(Lesson.objects.in_catalogue_for(request.user), pk=pk)


def _serve(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    lesson = _lesson(request, pk)
    return serve_file(request, getattr(lesson, field), public=lesson.is_active)


@require_safe
def lesson_video(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "video")


@require_safe
def lesson_captions(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "captions")


@require_safe
def lesson_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "thumbnail")
