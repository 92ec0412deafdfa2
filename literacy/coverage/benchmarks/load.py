"""A small HTTP load generator for the dashboard benchmark, run as its own process.

* ``open``: an open model — requests are *sent on a fixed schedule* (constant arrival, e.g. 100
  a second) whatever the answers do, and each latency is measured from the time the request was
  due, so a slow server is not hidden by the generator waiting for it (coordinated omission).
* ``closed``: N clients each sending the next request as soon as the last one is answered: the
  highest throughput the server sustains.

Prints one JSON object: count, errors, p50/p95/p99/max latency (ms), achieved requests/s, and
what the generator itself cost: its CPU seconds and share of one core (it shares the machine
with the server), and for the open model how late it sent (p99 of send time minus due time: a
large value means the generator, not the server, could not keep the schedule).
Usage: ``python load.py open|closed URL --cookie NAME=VALUE [--rate 100] [--clients 4]
[--seconds 20]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

_local = threading.local()


def _connection(url) -> http.client.HTTPConnection:
    if getattr(_local, "conn", None) is None:
        _local.conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
    return _local.conn


def _get(url, path: str, cookie: str) -> int:
    for attempt in range(2):
        conn = _connection(url)
        try:
            conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "vi"})
            response = conn.getresponse()
            response.read()
            return response.status
        except (http.client.HTTPException, OSError):
            conn.close()
            _local.conn = None
            if attempt:
                return 599
    return 599


def _summary(latencies: list[float], errors: int, elapsed: float) -> dict:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        if not ordered:
            return 0.0
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "count": len(ordered),
        "errors": errors,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else 0.0,
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
        "requests_per_second": round(len(ordered) / elapsed, 1) if elapsed else 0.0,
    }


def _cost(summary: dict, cpu_started: float, elapsed: float) -> dict:
    cpu = time.process_time() - cpu_started
    summary["client_cpu_s"] = round(cpu, 2)
    summary["client_cpu_share"] = round(cpu / elapsed, 3) if elapsed else 0.0
    return summary


def open_model(url, path: str, cookie: str, rate: float, seconds: float) -> dict:
    latencies, errors, lock = [], [0], threading.Lock()
    send_lags: list[float] = []
    total = int(rate * seconds)
    cpu_started = time.process_time()
    start = time.perf_counter() + 0.2

    def one(due: float) -> None:
        send_lags.append(time.perf_counter() - due)
        status = _get(url, path, cookie)
        took = time.perf_counter() - due
        with lock:
            latencies.append(took)
            if status != 200:
                errors[0] += 1

    with ThreadPoolExecutor(max_workers=64) as pool:
        for n in range(total):
            due = start + n / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(one, due)
    elapsed = time.perf_counter() - start
    summary = _summary(latencies, errors[0], elapsed)
    summary["offered_per_second"] = rate
    lags = sorted(send_lags)
    summary["send_lag_p99_ms"] = round(lags[int(0.99 * (len(lags) - 1))] * 1000, 1) if lags else 0.0
    return _cost(summary, cpu_started, elapsed)


def closed_model(url, path: str, cookie: str, clients: int, seconds: float) -> dict:
    latencies, errors, lock = [], [0], threading.Lock()
    cpu_started = time.process_time()
    stop = time.perf_counter() + seconds
    start = time.perf_counter()

    def client() -> None:
        while time.perf_counter() < stop:
            sent = time.perf_counter()
            status = _get(url, path, cookie)
            with lock:
                latencies.append(time.perf_counter() - sent)
                if status != 200:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return _cost(_summary(latencies, errors[0], elapsed), cpu_started, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=("open", "closed"))
    parser.add_argument("url")
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    url = urlsplit(args.url)
    path = url.path + (f"?{url.query}" if url.query else "")
    if args.model == "open":
        result = open_model(url, path, args.cookie, args.rate, args.seconds)
    else:
        result = closed_model(url, path, args.cookie, args.clients, args.seconds)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
