"""The service worker of the mentor's phone page, served from under the page it controls.

A service worker controls only the pages under the folder of its script, so it is served at
``/mentors/me/sw.js`` rather than from ``/static/``. This small script says which page and
assets to keep and imports the worker itself (``static/js/mentors-sw.js``) with the offline queue
it shares with the page. The asset URLs come from ``static()``, so in production they are the
hashed, long-cached names, and a new release (new names) makes a new worker and cache.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

#: What the page loads (templates/base.html and mentors/my_mentees.html): kept for offline use.
PAGE_ASSETS = (
    "css/site.css",
    "css/mentors.css",
    "js/site.js",
    "vendor/htmx/htmx.min.js",
    "vendor/idb-keyval/idb-keyval.umd.js",
    "js/mentors-queue.js",
    "js/mentors-mentees.js",
)
#: What the worker imports: the IndexedDB library, the queue, the worker.
WORKER_SCRIPTS = (
    "vendor/idb-keyval/idb-keyval.umd.js",
    "js/mentors-queue.js",
    "js/mentors-sw.js",
)


def service_worker_config() -> dict:
    assets = [static(path) for path in PAGE_ASSETS]
    scripts = [static(path) for path in WORKER_SCRIPTS]
    version = hashlib.sha256(json.dumps([assets, scripts]).encode()).hexdigest()[:12]
    return {"page": reverse("mentors:my_mentees"), "assets": assets, "version": version}


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """No personal data: the same script for everyone (the page it keeps needs a sign-in)."""
    config = service_worker_config()
    scripts = ", ".join(json.dumps(static(path)) for path in WORKER_SCRIPTS)
    body = f"self.MENTOR_OFFLINE = {json.dumps(config)};\nimportScripts({scripts});\n"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker at every visit; let them revalidate rather than guess.
    response["Cache-Control"] = "no-cache"
    return response
