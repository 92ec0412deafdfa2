"""Benchmark of a mentor's tick under load: ``make bench`` runs it against the bench database.

The phone's tick (``POST /mentors/me/mentees/<id>/tick/``, what the page and its offline queue
send: session cookie, CSRF header, a new key and the tap time; the answer is the mentee's card)
served by gunicorn with 2 sync workers, production settings (DEBUG off), from this process:

* **open model**: 50 mentors ticking at a constant arrival rate (default 25 ticks/s, each tick
  scheduled at start + i/rate whatever the answers; its latency counts from the scheduled time,
  so a slow server cannot hide behind a waiting client) → p50/p95/p99;
* **closed loop**: 1, 2, 4 and 8 clients sending back to back → the highest rate the two
  workers sustain;
* **page weight**: the phone page and its assets as a phone first fetches them (gzip accepted).

Usage: ``python mentors/benchmarks/bench_ticks.py [--fresh] [--residents 200000] [--rate 25]
[--seconds 30] [--clients 1,2,4,8]``; ``--seconds 0`` leaves the open model out and
``--clients 1`` keeps only the lone client (a quick before/after on a shared machine).
``--fresh`` drops and recreates the database named in DATABASE_URL and seeds the demo at
``--residents`` (``make bench`` does); without it the database is used as it is
(e.g. ``DATABASE_URL=…/literacy_bench``, seeded with ``seed_demo --residents 3000000``), seeded
first only if it has no residents. The 50 bench mentors and their mentees are added (once) to
the largest ward; their ticks are cleared before each phase, so every phase ticks new lessons.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import http.client
import json
import os
import queue
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DEBUG", "1")
# The server and this process must sign sessions with the same key.
SECRET_KEY = os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))

P95_TARGET_MS = 30.0
MENTOR_PREFIX = "bench-mentor-"


def ensure_database(*, fresh: bool) -> None:
    from households.benchmarks.bench_import import ensure_database as ensure

    ensure(fresh=fresh)


def seed(residents: int) -> None:
    from django.core.management import call_command

    from households.models import Resident

    call_command("migrate", verbosity=0)
    if not Resident.objects.exists():
        started = time.perf_counter()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", residents=residents, stdout=devnull)
        print(f"seed_demo --residents {residents:,}: {time.perf_counter() - started:.0f} s")
    print(f"Residents in the database: {Resident.objects.count():,}")


@dataclass
class BenchMentor:
    username: str
    cookie: str
    csrf: str
    mentees: list[int]


def _free_adults(ward, limit: int) -> list[int]:
    """Adults of the ward with no mentor and no lesson yet (the bench may clear their progress)."""
    from django.db.models import Exists, OuterRef

    from households.models import Resident
    from lessons.models import Completion
    from mentors.models import Assignment

    return list(
        Resident.objects.filter(ward=ward)
        .adults()
        .exclude(Exists(Completion.objects.filter(resident=OuterRef("pk"))))
        .exclude(Exists(Assignment.objects.filter(mentee=OuterRef("pk"), ends_at=None)))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def _mentor(username: str, ward):
    from literacy.accounts.models import User
    from literacy.accounts.roles import Role
    from literacy.areas.models import Hamlet
    from mentors.models import Mentor

    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": Role.MENTOR, "email": f"{username}@bench.vn"}
    )
    user.wards.set([ward])
    hamlet = Hamlet.objects.filter(ward=ward).first() or Hamlet.objects.create(
        ward=ward, name="Bench"
    )
    return Mentor.objects.get_or_create(
        user=user,
        defaults={
            "full_name": username,
            "phone": "0900000000",
            "ward": ward,
            "home_hamlet": hamlet,
        },
    )[0]


def bench_mentors(*, count: int, mentees_each: int) -> list[BenchMentor]:
    """The bench's mentors (made once), each with ``mentees_each`` mentees of their ward who had
    no progress: the largest wards first, as many mentors per ward as it has such adults."""
    from django.db.models import Count
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.utils import timezone

    from literacy.areas.models import Ward
    from mentors.models import Assignment, Mentor

    existing = {
        m.user.username: m
        for m in Mentor.objects.filter(user__username__startswith=MENTOR_PREFIX).select_related(
            "user", "ward"
        )
    }
    wards = iter(Ward.objects.annotate(people=Count("residents")).order_by("-people"))
    ward, free = None, []
    since = timezone.now() - datetime.timedelta(days=1)
    mentors = []
    for number in range(count):
        username = f"{MENTOR_PREFIX}{number:02d}"
        mentor = existing.get(username)
        need = mentees_each - (mentor.assignments.filter(ends_at=None).count() if mentor else 0)
        if need > 0:
            if mentor is not None and (ward is None or mentor.ward_id != ward.pk):
                ward, free = mentor.ward, _free_adults(mentor.ward, count * mentees_each)
            while len(free) < need:
                ward = next(wards)
                free = _free_adults(ward, count * mentees_each)
            mentor = mentor or _mentor(username, ward)
            Assignment.objects.bulk_create(
                [
                    Assignment(mentor=mentor, mentee_id=free.pop(), starts_at=since)
                    for _ in range(need)
                ]
            )
        mentors.append(mentor)
    result = []
    for mentor in mentors:
        client = Client()
        client.force_login(mentor.user)
        result.append(
            BenchMentor(
                username=mentor.user.username,
                cookie=client.cookies["sessionid"].value,
                csrf=_get_new_csrf_string(),
                mentees=list(
                    mentor.assignments.filter(ends_at=None).values_list("mentee_id", flat=True)
                ),
            )
        )
    return result


def clear_ticks(mentors: list[BenchMentor]) -> None:
    """Take the bench mentees back to no progress (every phase ticks new lessons)."""
    from households.models import Resident
    from lessons.models import Completion
    from mentors.models import Tick

    mentee_ids = [pk for m in mentors for pk in m.mentees]
    Tick.objects.filter(resident_id__in=mentee_ids).delete()
    Completion.objects.filter(resident_id__in=mentee_ids).delete()
    Resident.objects.filter(pk__in=mentee_ids).update(is_trained=False, trained_at=None)
    analyse("mentors_tick", "lessons_completion")


def analyse(*tables: str) -> None:
    """Fresh planner statistics, as autovacuum keeps them in production. Right after
    ``seed_demo`` the partial index of trained residents still counts 0 rows, and the planner
    then scans it (228,000 entries at 1 M residents, 250 ms) for each tick's trained-flag update
    instead of the primary key (0.1 ms)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def load() -> str:
    """The machine's 1-minute load average (2 cores here, shared): figures depend on it."""
    return f"{os.getloadavg()[0]:.1f}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn, 2 sync workers, DEBUG off (production settings but plain HTTP)."""

    def __init__(self, port: int) -> None:
        self.port = port
        env = dict(
            os.environ,
            DEBUG="0",
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            LOG_LEVEL="ERROR",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn)
            [
                str(gunicorn),
                "literacy.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def request(port: int, method: str, path: str, *, body: str = "", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@dataclass
class Ticker:
    """Hands out ticks: round-robin over the mentors, a random mentee, a lesson not done."""

    mentors: list[BenchMentor]
    lessons: list[int]
    rng: random.Random = field(default_factory=lambda: random.Random(11))
    next_mentor: int = 0
    done: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        self.done.clear()

    def next(self) -> tuple[BenchMentor, int, int]:
        with self.lock:
            mentor = self.mentors[self.next_mentor % len(self.mentors)]
            self.next_mentor += 1
            mentee = self.rng.choice(mentor.mentees)
            done = self.done.setdefault(mentee, set())
            left = [lesson for lesson in self.lessons if lesson not in done] or self.lessons
            lesson = self.rng.choice(left)
            done.add(lesson)
            return mentor, mentee, lesson


def tick(port: int, ticker: Ticker) -> int:
    from django.utils import timezone

    mentor, mentee, lesson = ticker.next()
    body = (
        f"lesson={lesson}&key={uuid.uuid4()}"
        f"&ticked_at={timezone.now().isoformat().replace('+', '%2B')}"
    )
    status, _, _ = request(
        port,
        "POST",
        f"/mentors/me/mentees/{mentee}/tick/",
        body=body,
        headers={
            "Cookie": f"sessionid={mentor.cookie}; csrftoken={mentor.csrf}",
            "X-CSRFToken": mentor.csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    return status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def open_model(port: int, ticker: Ticker, *, rate: float, seconds: float) -> dict:
    """Constant arrival: tick i is due at start + i/rate; latency counts from when it was due."""
    total = int(rate * seconds)
    due: queue.Queue = queue.Queue()
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            when = due.get()
            if when is None:
                return
            try:
                status = tick(port, ticker)
            except OSError:
                status = 0
            finished = time.perf_counter()
            with lock:
                latencies.append((finished - when) * 1000)
                statuses.append(status)

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(32)]
    for thread in workers:
        thread.start()
    start = time.perf_counter() + 0.1
    for number in range(total):
        when = start + number / rate
        pause = when - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        due.put(when)
    for _ in workers:
        due.put(None)
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - start
    return {
        "ticks": total,
        "rate": total / elapsed,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies),
        "errors": sum(1 for s in statuses if s != 200),
    }


def closed_loop(port: int, ticker: Ticker, *, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                status = tick(port, ticker)
            except OSError:
                status = 0
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "rate": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "errors": errors[0],
    }


ASSET = re.compile(rb'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def page_weight(port: int, mentor: BenchMentor) -> dict:
    """Bytes a phone fetches on a first visit: the page, its CSS/JS and the service worker."""
    cookie = {"Cookie": f"sessionid={mentor.cookie}", "Accept-Encoding": "gzip"}
    status, headers, html = request(port, "GET", "/mentors/me/", headers=cookie)
    assert status == 200, status
    sizes = {"/mentors/me/": (len(html), len(gzip.compress(html)), headers.get("Cache-Control"))}
    _, headers, worker = request(port, "GET", "/mentors/me/sw.js", headers=cookie)
    sizes["/mentors/me/sw.js"] = (len(worker), len(worker), headers.get("Cache-Control"))
    for url in [u.decode() for u in ASSET.findall(html)]:
        _, headers, body = request(port, "GET", url, headers={"Accept-Encoding": "gzip"})
        sent = len(body)
        raw = len(gzip.decompress(body)) if headers.get("Content-Encoding") == "gzip" else sent
        sizes[url] = (raw, sent, headers.get("Cache-Control"))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop, recreate and seed the database")
    parser.add_argument("--residents", type=int, default=200_000, help="demo scale when seeding")
    parser.add_argument("--mentors", type=int, default=50)
    parser.add_argument("--mentees", type=int, default=8, help="mentees per mentor")
    parser.add_argument("--rate", type=float, default=25.0, help="open-model ticks per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="open-model duration")
    parser.add_argument("--closed-seconds", type=float, default=8.0)
    parser.add_argument(
        "--clients", default="1,2,4,8", help="closed-loop client counts, comma-separated"
    )
    args = parser.parse_args()

    ensure_database(fresh=args.fresh)
    import django

    django.setup()
    from lessons.models import Lesson

    seed(args.residents)
    mentors = bench_mentors(count=args.mentors, mentees_each=args.mentees)
    analyse("households_resident", "lessons_completion", "mentors_assignment", "mentors_tick")
    lessons = list(Lesson.objects.active().values_list("pk", flat=True))
    print(
        f"{len(mentors)} mentors, {sum(len(m.mentees) for m in mentors)} mentees, "
        f"{len(lessons)} lessons"
    )
    ticker = Ticker(mentors=mentors, lessons=lessons)
    server = Server(free_port())
    try:
        weights = page_weight(server.port, mentors[0])
        print("First load of the phone page (bytes: uncompressed / sent, Cache-Control):")
        for url, (raw, sent, cache) in weights.items():
            print(f"  {url:<48} {raw:>8,} {sent:>8,}  {cache}")
        total_sent = sum(sent for _, sent, _ in weights.values())
        total_raw = sum(raw for raw, _, _ in weights.values())
        print(
            f"  total {total_raw:,} bytes uncompressed, {total_sent:,} sent "
            "(page HTML counted gzipped, as a compressing proxy sends it)"
        )

        clear_ticks(mentors)
        ticker.reset()
        for _ in range(40):  # warm both workers (imports, connections, caches)
            tick(server.port, ticker)
        clear_ticks(mentors)
        ticker.reset()
        result = None
        if args.seconds > 0:
            print(f"load average before the load: {load()}")
            result = open_model(server.port, ticker, rate=args.rate, seconds=args.seconds)
            print(
                f"open model {args.rate:g} ticks/s for {args.seconds:g} s: {result['ticks']} "
                f"ticks, {result['rate']:.1f}/s achieved, p50 {result['p50']:.1f} ms, "
                f"p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
                f"max {result['max']:.1f} ms, errors {result['errors']} (load average {load()})"
            )
        best = None
        for clients in [int(number) for number in args.clients.split(",")]:
            clear_ticks(mentors)
            ticker.reset()
            loop = closed_loop(server.port, ticker, clients=clients, seconds=args.closed_seconds)
            print(
                f"closed loop, {clients} client(s): {loop['rate']:.0f} ticks/s, "
                f"p50 {loop['p50']:.1f} ms, p95 {loop['p95']:.1f} ms, errors {loop['errors']} "
                f"(load average {load()})"
            )
            if loop["errors"] == 0 and (best is None or loop["rate"] > best["rate"]):
                best = loop
        if best:
            print(
                f"highest sustained closed-loop rate: {best['rate']:.0f} ticks/s "
                f"({best['clients']} clients)"
            )
        clear_ticks(mentors)
    finally:
        server.stop()
    failures = []
    if result is not None and result["errors"]:
        failures.append(f"{result['errors']} ticks failed")
    if result is not None and result["p95"] > P95_TARGET_MS:
        failures.append(f"p95 {result['p95']:.1f} ms above {P95_TARGET_MS:g} ms")
    if total_sent > 150_000:
        failures.append(f"first load {total_sent:,} bytes above 150 KB")
    p95 = round(result["p95"], 1) if result is not None else None
    print(json.dumps({"p95_ms": p95, "first_load_bytes": total_sent}))
    if result is None:
        print("open model not run (--seconds 0)")
    print("targets met" if not failures else "TARGETS MISSED: " + "; ".join(failures))


if __name__ == "__main__":
    main()
