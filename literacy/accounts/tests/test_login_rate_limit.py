"""Failed sign-ins: at most 5 per account per 5 minutes (and a per-IP cap), in the shared cache."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

LOGIN = "account_login"


def _attempt(client, login, password, ip="10.0.0.1"):
    return client.post(reverse(LOGIN), {"login": login, "password": password}, REMOTE_ADDR=ip)


def test_rate_limits_live_in_the_shared_redis_cache():
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"


def test_sixth_attempt_is_refused_even_with_the_right_password(client, mentor_user):
    for _ in range(5):
        response = _attempt(client, "dung", "wrong")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = _attempt(client, "dung", "pass-12345")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode() or (
        "quá nhiều lần" in response.content.decode()
    )


def test_username_and_email_share_one_counter_per_account(client, mentor_user):
    for login in ("dung", "dung@example.vn", "DUNG", "dung@example.vn", "dung"):
        _attempt(client, login, "wrong")
    response = _attempt(client, "dung@example.vn", "pass-12345")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_other_accounts_are_not_locked_by_one_accounts_failures(client, mentor_user, ward_official):
    for _ in range(5):
        _attempt(client, "dung", "wrong")
    response = _attempt(client, "bob", "pass-12345")
    assert response.status_code == 302


def test_one_ip_cannot_spray_many_accounts(client, make_user):
    for i in range(20):
        _attempt(client, f"nobody{i}", "wrong", ip="10.9.9.9")
    make_user("victim", "mentor")
    _attempt(client, "victim", "pass-12345", ip="10.9.9.9")
    assert "_auth_user_id" not in client.session
    _attempt(client, "victim", "pass-12345", ip="10.9.9.10")
    assert "_auth_user_id" in client.session


def test_a_successful_sign_in_does_not_reset_the_counter(client, mentor_user):
    for _ in range(4):
        _attempt(client, "dung", "wrong")
    assert _attempt(client, "dung", "pass-12345").status_code == 302
    client.logout()
    _attempt(client, "dung", "wrong")
    _attempt(client, "dung", "pass-12345")
    assert "_auth_user_id" not in client.session
