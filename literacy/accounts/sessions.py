"""Server-side session bookkeeping: the user ↔ session-key map, the absolute session age, and
ending every session and API token of a user at once (deactivation)."""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.db import transaction

#: Session key holding the Unix time the user signed in (for the 7-day absolute cap).
AUTHENTICATED_AT_KEY = "literacy_authenticated_at"
#: Session key holding the session key the map knows this session by (detects cycle_key()).
MAPPED_KEY = "literacy_mapped_session_key"
#: Session key holding the Unix time the stored session's expiry was last moved on.
REFRESHED_AT_KEY = "literacy_refreshed_at"


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session_map(*, user, session) -> None:
    """Record that ``session`` belongs to ``user`` (idempotent; follows key changes)."""
    from .models import LoginSession

    key = session.session_key
    if not key or session.get(MAPPED_KEY) == key:
        return
    old_key = session.get(MAPPED_KEY)
    if old_key:
        LoginSession.objects.filter(session_key=old_key).delete()
    LoginSession.objects.update_or_create(session_key=key, defaults={"user": user})
    session[MAPPED_KEY] = key


def session_started(*, user, session) -> None:
    """Called at sign-in: stamp the session and map it to the user (signing in saves the
    session with a fresh expiry, so the next minute's requests need not)."""
    session[AUTHENTICATED_AT_KEY] = session[REFRESHED_AT_KEY] = time.time()
    session_map(user=user, session=session)


def session_forget(*, session) -> None:
    """Called at sign-out: drop the map entry (the session itself is flushed by Django)."""
    from .models import LoginSession

    keys = {session.session_key, session.get(MAPPED_KEY)} - {None, ""}
    if keys:
        LoginSession.objects.filter(session_key__in=keys).delete()


def session_is_too_old(session) -> bool:
    """True when the session was signed in longer ago than SESSION_ABSOLUTE_MAX_AGE."""
    started = session.get(AUTHENTICATED_AT_KEY)
    if started is None:
        session[AUTHENTICATED_AT_KEY] = time.time()
        return False
    return time.time() - float(started) > settings.SESSION_ABSOLUTE_MAX_AGE


def user_revoke_api_tokens(*, user) -> int:
    """Delete the user's API tokens (a new password ends what the old one opened)."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).delete()[0]


def session_keep_alive(session) -> None:
    """Move the 8-hour inactivity limit on, at most once every SESSION_REFRESH_INTERVAL seconds.

    Changing the session makes Django save it (and its new expiry): a session stays alive for
    SESSION_COOKIE_AGE after its last request, give or take the interval, without a write on
    every request.
    """
    if session.is_empty():
        return
    now = time.time()
    if now - float(session.get(REFRESHED_AT_KEY, 0)) >= settings.SESSION_REFRESH_INTERVAL:
        session[REFRESHED_AT_KEY] = now


def user_end_all_sessions(*, user) -> int:
    """Delete every session and API token of ``user`` now. Returns how many sessions ended.

    Only this user's sessions are touched, found through the LoginSession map.
    """
    from rest_framework.authtoken.models import Token

    from .models import LoginSession

    store = _session_store()
    with transaction.atomic():
        keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        LoginSession.objects.filter(user=user).delete()
        Token.objects.filter(user=user).delete()
        transaction.on_commit(lambda: _forget_cached_copies(store, keys))
    return len(keys)


def user_forget_session_key(*, user, key: str) -> None:
    """Drop ``key`` from every session of ``user`` (what the sessions remember is stale)."""
    from .models import LoginSession

    store = _session_store()
    for session_key in LoginSession.objects.filter(user=user).values_list("session_key", flat=True):
        session = store(session_key=session_key)
        if key in session:
            del session[key]
            session.save()


def _forget_cached_copies(store, keys: list[str]) -> None:
    """Drop the cached copies once the deletion has committed: a request that read a session
    from the database before the commit may have cached it again in between."""
    prefix = getattr(store, "cache_key_prefix", None)
    if prefix is None or not keys:
        return
    from django.core.cache import caches

    caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in keys])
