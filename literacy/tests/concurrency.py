"""Send the same request from many threads at once, each on its own database connection.

For tests of what the database decides under concurrency (unique constraints, row locks):
mark them ``pytest.mark.django_db(transaction=True)`` so each thread sees committed data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.test import Client


def in_parallel(count: int, call: Callable[[int], Any]) -> list[Any]:
    """Run ``call(i)`` for i in range(count) in as many threads released together.

    Returns the results in order; an exception in a thread is raised here.
    """
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def api_poster(user, path: str) -> Callable[..., Any]:
    """``post(body, **headers)``: a JSON POST to ``path`` as ``user`` (API token), a new client
    per call so that threads share nothing but the database."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)

    def post(body: dict, **headers: str):
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client.post(path, body, content_type="application/json", headers=headers)

    return post
