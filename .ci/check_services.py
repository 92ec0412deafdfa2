"""Stop `make test` with one clear line when PostgreSQL or Redis is not reachable."""

from __future__ import annotations

import socket
import sys
from urllib.parse import urlsplit

HINTS = {
    "PostgreSQL": "start it with: pg_ctlcluster --skip-systemctl-redirect "
    "$(ls /etc/postgresql) main start",
    "Redis": "start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 "
    '--save "" --appendonly no',
}


def reachable(url: str, default_port: int) -> tuple[str, int, bool]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        with socket.create_connection((host, port), timeout=2):
            return host, port, True
    except OSError:
        return host, port, False


def main() -> int:
    database_url, redis_url = sys.argv[1], sys.argv[2]
    for name, url, port in (("PostgreSQL", database_url, 5432), ("Redis", redis_url, 6379)):
        host, port, ok = reachable(url, port)
        if not ok:
            print(f"make test: {name} is not reachable at {host}:{port}; {HINTS[name]}")
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
