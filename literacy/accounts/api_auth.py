"""Token authentication for apps; a deactivated user's token stops working at once."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication


class ActiveUserTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (it already refuses inactive users), named for our settings."""
