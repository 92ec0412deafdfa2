"""The phone page is light (first load under 150 KB), cacheable where it may be, works offline
with everything it loads, and has no inline script or style (Content-Security-Policy)."""

from __future__ import annotations

import datetime
import json
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from households.tests.factories import HouseholdFactory, ResidentFactory
from lessons.models import Lesson
from lessons.services.catalogue import curriculum_load
from mentors.phone.offline import service_worker_config
from mentors.services.ticks import tick_record

from .factories import AssignmentFactory

URL = reverse("mentors:my_mentees")
FIRST_LOAD_BUDGET = 150_000
#: The programme's cap on mentees per mentor (mentors.services matching default).
MENTEES = 10


class _Page(HTMLParser):
    """What the page loads, and anything inline."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.inline.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            if attributes.get("src"):
                self.assets.append(attributes["src"])
            else:
                self._in_script = True
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.assets.append(attributes["href"])

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


@pytest.fixture
def full_page(login, mentor_user, mentor, hamlet_a, settings):
    """The heaviest page a mentor can have: the most mentees the programme allows, the whole
    curriculum, every lesson but one ticked within the last day (so each has its Undo)."""
    # Serve /static/ from the app folders through WhiteNoise, as in development.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    curriculum_load()
    lessons = list(Lesson.objects.active())
    tapped = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    for number in range(MENTEES):
        resident = ResidentFactory(
            household=HouseholdFactory(hamlet=hamlet_a),
            full_name=f"Nguyễn Thị Phương Thảo Số {number:02d}",
        )
        AssignmentFactory(mentor=mentor, mentee=resident)
        for lesson in lessons[1:]:
            tick_record(
                mentor_user=mentor_user,
                resident=resident,
                lesson=lesson,
                key=uuid.uuid4(),
                ticked_at=tapped,
            )
    client = login(mentor_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["cards"]) == MENTEES
    assert all(len(card.to_do) == 1 and card.can_undo for card in response.context["cards"])
    parsed = _Page()
    parsed.feed(response.content.decode())
    return client, response, parsed


def test_first_load_of_the_phone_page_is_under_150_kb(full_page):
    """Page, CSS, JS and the service worker, uncompressed: what a phone fetches before it has
    anything cached (a compressing server sends about a third of it). Videos excluded."""
    client, response, parsed = full_page
    sizes = {URL: len(response.content)}
    worker = client.get(reverse("mentors:service_worker"))
    sizes["sw.js"] = len(worker.content)
    for url in parsed.assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        sizes[url] = len(b"".join(asset.streaming_content))
    for url in service_worker_config()["assets"]:
        assert url in sizes, f"{url}: kept by the service worker but not loaded by the page"
    assert Lesson.objects.active().count() >= 10
    assert sum(sizes.values()) < FIRST_LOAD_BUDGET, sizes


def test_static_assets_are_cacheable_and_the_page_is_not_stored_by_http_caches(full_page):
    client, response, parsed = full_page
    assert parsed.assets
    for url in parsed.assets:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" not in cache_control, url
        assert re.search(r"max-age=[1-9]", cache_control), (url, cache_control)
    # Personal data: browsers and proxies do not store the page itself (the service worker
    # keeps the mentor's own copy for offline use).
    assert "no-store" in response["Cache-Control"]


def test_the_service_worker_keeps_every_asset_of_the_page(full_page):
    _, _, parsed = full_page
    assert set(parsed.assets) == set(service_worker_config()["assets"])


def test_the_service_worker_is_served_from_under_the_page_it_controls(client, settings):
    response = client.get(reverse("mentors:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    config = json.loads(re.search(r"self\.MENTOR_OFFLINE = (\{.*?\});", body).group(1))
    assert config["page"] == URL
    assert reverse("mentors:service_worker").startswith(URL)  # scope covers the page
    imported = re.search(r"importScripts\((.*)\);", body).group(1)
    assert json.loads(f"[{imported}]") == [
        "/static/vendor/idb-keyval/idb-keyval.umd.js",
        "/static/js/mentors-queue.js",
        "/static/js/mentors-sw.js",
    ]


def test_the_page_and_its_cards_have_no_inline_script_or_style(full_page):
    """The cards htmx swaps in are the same partial the page includes."""
    _, response, parsed = full_page
    assert 'class="card mentee"' in response.content.decode()
    assert parsed.assets
    assert not parsed.inline
