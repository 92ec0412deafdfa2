"""The hidden token a freshly opened page form carries (``literacy.idempotency``)."""

from __future__ import annotations

import re


def form_token(client, url: str) -> str:
    html = client.get(url).content.decode()
    match = re.search(r'name="idempotency_token" value="([^"]+)"', html)
    assert match, f"the form at {url} carries no idempotency token"
    return match.group(1)
