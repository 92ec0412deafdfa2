"""The API says "sign in first" the HTTP way: 401 with a WWW-Authenticate challenge (RFC 9110,
section 15.5.2), not 403; 403 stays for signed-in callers who may not do something."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/residents/", "/api/v1/schema/"])
def test_anonymous_calls_answer_401_with_a_token_challenge(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_answers_401_with_the_challenge(db):
    response = Client(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/v1/residents/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_signed_in_caller_who_may_not_answers_403(login, mentor_user):
    response = login(mentor_user).get("/api/v1/residents/")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


def test_a_browser_session_still_works(login, ward_official):
    assert login(ward_official).get("/api/v1/residents/").status_code == 200
