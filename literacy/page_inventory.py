"""Every page a user reaches from the menu, and every list of the API: what the page benchmark
(``literacy/benchmarks/bench_pages.py``) times and the query-count test walks, read from the
navigation and the /api/v1/ router so that a new entry is covered without a list to update."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from literacy.api_urls import router
from literacy.navigation import nav_items_for

#: API lists that need a parameter: what a user asks (``area``: "all" or a ward's code).
API_QUERIES = {"coverage": lambda *, area_code: {"area": area_code}}


def api_list_basenames() -> list[str]:
    """The basename of every viewset on the router that lists."""
    return [basename for _, viewset, basename in router.registry if hasattr(viewset, "list")]


def pages_for(user, *, hamlet_id: int, area_code: str) -> dict[str, str]:
    """Page name → path: the user's menu entries, the search and to-do pages reached from them
    (unaccented search, households not yet a Digital Family, one hamlet's identity list) and
    every API list."""
    pages = {item.url_name: reverse(item.url_name) for item in nav_items_for(user)}
    if "households:resident_list" in pages:
        pages["resident search (unaccented)"] = f"{pages['households:resident_list']}?q=nguyen"
        pages["households:family_todo"] = reverse("households:family_todo")
    if "households:identity_todo" in pages:
        base = pages["households:identity_todo"]
        pages["identity to-do, one hamlet"] = f"{base}?hamlet={hamlet_id}"
    for basename in api_list_basenames():
        path = reverse(f"api:{basename}-list")
        query = API_QUERIES.get(basename)
        pages[f"api:{basename}-list"] = (
            f"{path}?{urlencode(query(area_code=area_code))}" if query else path
        )
    return pages
