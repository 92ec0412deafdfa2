"""Sessions: 8 h inactivity, 7 days absolute, server-side logout, no caching of personal pages."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from literacy.accounts.sessions import AUTHENTICATED_AT_KEY, user_end_all_sessions


def test_session_lifetimes():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # session_keep_alive moves it on
    assert settings.SESSION_REFRESH_INTERVAL == 60
    assert settings.SESSION_ABSOLUTE_MAX_AGE == 7 * 24 * 60 * 60


def _expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_requests_move_the_inactivity_limit_on_at_most_once_a_minute(
    login, ward_official, frozen_clock
):
    client = login(ward_official)
    page = reverse("accounts:user_list")
    assert client.get(page).status_code == 200
    first = _expiry(client)
    frozen_clock.shift(datetime.timedelta(seconds=30))
    assert client.get(page).status_code == 200
    assert _expiry(client) == first  # no write within the minute
    frozen_clock.shift(datetime.timedelta(seconds=31))
    assert client.get(page).status_code == 200
    assert _expiry(client) == first + datetime.timedelta(seconds=61)


def test_a_session_older_than_seven_days_is_ended_whatever_the_activity(login, ward_official):
    client = login(ward_official)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    session = client.session
    session[AUTHENTICATED_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_MAX_AGE - 1
    session.save()
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not ward_official.login_sessions.exists()


def test_logout_deletes_the_session_on_the_server(login, ward_official):
    client = login(ward_official)
    client.get("/")
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    assert ward_official.login_sessions.filter(session_key=key).exists()
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not ward_official.login_sessions.exists()


def test_the_session_map_follows_a_key_change(login, ward_official):
    client = login(ward_official)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "pass-12345",
            "password1": "N3w-pass-phrase",
            "password2": "N3w-pass-phrase",
        },
    )
    key = client.cookies["sessionid"].value
    assert list(ward_official.login_sessions.values_list("session_key", flat=True)) == [key]


def test_pages_for_signed_in_users_and_api_answers_are_not_cached(login, ward_official, client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    assert "no-store" in client.get("/api/v1/")["Cache-Control"]
    login(ward_official)
    for url in ("/", reverse("accounts:user_list"), "/api/v1/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_sessions_are_read_from_the_shared_cache_when_there_is_one():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_a_signed_out_session_cannot_be_replayed(login, ward_official):
    client = login(ward_official)
    page = reverse("accounts:user_list")
    assert client.get(page).status_code == 200
    key = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = key  # the old cookie, sent again
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_ending_every_session_leaves_no_cached_copy(
    login, ward_official, django_capture_on_commit_callbacks
):
    client = login(ward_official)
    page = reverse("accounts:user_list")
    assert client.get(page).status_code == 200
    key = client.cookies["sessionid"].value
    copy = caches[settings.SESSION_CACHE_ALIAS]
    cached = copy.get(KEY_PREFIX + key)
    assert cached is not None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert user_end_all_sessions(user=ward_official) == 1
    # A request that read the session before the deletion committed caches it again...
    copy.set(KEY_PREFIX + key, cached)
    for callback in callbacks:  # ...and the commit drops that copy too.
        callback()
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
