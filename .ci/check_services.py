"""Stop `make test` / `make bench` with one clear line when Redis is not reachable.

(PostgreSQL needs no check: `make test` falls back to the embedded server when none answers.)
"""

from __future__ import annotations

import socket
import sys
from urllib.parse import urlsplit

START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
)


def main() -> int:
    parts = urlsplit(sys.argv[1])
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    try:
        with socket.create_connection((host, port), timeout=2):
            return 0
    except OSError:
        print(f"make: Redis is not reachable at {host}:{port}; start it with: {START_REDIS}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
