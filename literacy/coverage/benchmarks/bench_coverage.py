"""Benchmark of the coverage roll-ups and dashboards; ``make bench`` runs it.

Measured in one run, on the synthetic province of ``seed_demo --residents N``:

1. **Full recount** (``coverage_rollup_full``: every snapshot rebuilt from the raw tables and
   every area's figures written) against the **hand-written SQL aggregates** of the same
   figures (``literacy/coverage/reference.py``), alternated, medians of ``--runs``.
2. **Incremental run after 1,000 ticks over 20 hamlets** (50 mentees each tick a lesson, one
   committed transaction per tick, through the completion service), ``--batches`` times.
3. **Lag**: ticks arrive steadily (``--lag-rate`` a second) while the incremental run fires on
   the beat's schedule (every ``--interval`` seconds) for ``--lag-seconds``; the lag of a tick is
   the time from its commit to the end of the run that counted it.
4. **Dashboards** against gunicorn (2 workers, ``DEBUG`` off): the programme page and a ward page
   at an offered load of ``--rate`` requests a second (open model, a second process), then their
   highest closed-loop throughput, with two pages that count from the raw tables for
   comparison (the household to-do list and the resident list), and the programme's figures
   computed from the raw tables (the same aggregates as 1.) expressed as pages a second.

Usage: ``python literacy/coverage/benchmarks/bench_coverage.py [--fresh] [--residents 30000]``
(DATABASE_URL names the bench database; ``--fresh`` drops it first and seeds it again).
``--skip full incremental lag pages vacuum`` leaves parts out, so that a run on a large
province can be split into pieces of a few minutes each. Prints every figure, the load
average beside each part, and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DEBUG", "1")
# ruff: noqa: S603 (runs this checkout's own manage.py, gunicorn and load generator)

# The sessions this script creates must be readable by the gunicorn it starts: one secret.
os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)

from households.benchmarks.bench_import import ensure_database  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8108"))


def say(text: str) -> None:
    print(text, flush=True)


def load_average() -> list[float]:
    """The machine's 1, 5 and 15-minute load averages (it is shared: record them beside every
    figure)."""
    return [round(value, 2) for value in os.getloadavg()]


def _part(name: str, function, *args) -> dict:
    before = load_average()
    say(f"== {name} (load average {before})")
    result = function(*args)
    result["load_average"] = {"before": before, "after": load_average()}
    say(f"   load average after {result['load_average']['after']}")
    return result


def seed(residents: int) -> None:
    from django.core.management import call_command

    from households.models import Resident

    call_command("migrate", verbosity=0)
    have = Resident.objects.count()
    if have >= residents:
        say(f"Using the {have:,} residents already in the bench database.")
        return
    started = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", residents=residents, workers=2, stdout=devnull)
    say(f"seed_demo --residents {residents:,}: {time.perf_counter() - started:.1f} s")


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _reference(day) -> None:
    from django.db import transaction

    from literacy.bulk_queries import allow_parallel_workers
    from literacy.coverage import reference

    with transaction.atomic():
        allow_parallel_workers()  # as the full run has: a fair match
        reference.people_prepare(day)
        reference.figures(day, prepared=True)
        reference.segment_figures(day, prepared=True)
        reference.lesson_figures(day)


def bench_full(runs: int) -> dict:
    from django.utils import timezone

    from literacy.coverage.rollup.runs import coverage_rollup_full

    coverage_rollup_full(now=timezone.now())  # warm: caches, snapshots in place
    full, by_hand = [], []
    for _ in range(runs):
        full.append(_timed(lambda: coverage_rollup_full(now=timezone.now())))
        by_hand.append(_timed(lambda: _reference(timezone.localdate())))
    result = {
        "full_s": [round(t, 2) for t in full],
        "hand_written_s": [round(t, 2) for t in by_hand],
        "full_median_s": round(statistics.median(full), 2),
        "hand_written_median_s": round(statistics.median(by_hand), 2),
    }
    result["ratio"] = round(result["full_median_s"] / result["hand_written_median_s"], 2)
    say(f"Full recount: {result['full_s']} s; hand-written aggregates: {result['hand_written_s']}")
    say(f"  medians {result['full_median_s']} s vs {result['hand_written_median_s']} s")
    say(f"  ratio {result['ratio']}× (target ≤ 2×)")
    return result


def _tick_targets(rng, hamlets: int, per_hamlet: int, lesson) -> list[int]:
    """``per_hamlet`` residents in each of ``hamlets`` random hamlets who have not done
    ``lesson`` (an index lookup per candidate: the unique (resident, lesson) index)."""
    from django.db import connection

    from literacy.areas.models import Hamlet

    pool = list(Hamlet.objects.order_by("pk").values_list("pk", flat=True))
    chosen: list[int] = []
    with connection.cursor() as cursor:
        for hamlet_id in rng.sample(pool, min(hamlets, len(pool))):
            cursor.execute(
                """
                SELECT r.id FROM households_resident r
                JOIN households_household h ON h.id = r.household_id
                WHERE h.hamlet_id = %s
                  AND NOT EXISTS (SELECT 1 FROM lessons_completion c
                                  WHERE c.resident_id = r.id AND c.lesson_id = %s)
                ORDER BY (r.id * 7919 + %s) %% 100003
                LIMIT %s
                """,
                [hamlet_id, lesson.pk, rng.randrange(100003), per_hamlet],
            )
            chosen += [row[0] for row in cursor.fetchall()]
    return chosen


def _tick(resident_id: int, lesson, at=None) -> None:
    from lessons.models import CompletionSource
    from lessons.services.completions import completions_record

    completions_record(
        residents=[resident_id], lessons=[lesson], by=None, source=CompletionSource.MENTOR, at=at
    )


def bench_incremental(batches: int, full_median: float) -> dict:
    from django.utils import timezone

    from lessons.models import Lesson
    from literacy.coverage.models import CoverageChange
    from literacy.coverage.rollup.runs import coverage_rollup_incremental

    rng = random.Random(12)
    lessons = list(Lesson.objects.filter(is_active=True).order_by("pk"))
    coverage_rollup_incremental(now=timezone.now())
    runs, writes, logged = [], [], []
    for batch in range(batches):
        lesson = lessons[batch % len(lessons)]
        targets = _tick_targets(rng, 20, 50, lesson)
        started = time.perf_counter()
        for resident_id in targets:
            _tick(resident_id, lesson)
        writes.append(len(targets) / (time.perf_counter() - started))
        logged.append(CoverageChange.objects.count())
        runs.append(_timed(lambda: coverage_rollup_incremental(now=timezone.now())))
        say(
            f"  batch {batch + 1}: {len(targets)} ticks ({writes[-1]:.0f} ticks/s),"
            f" {logged[-1]} change rows, incremental run {runs[-1] * 1000:.0f} ms"
        )
    median = statistics.median(runs)
    result = {
        "ticks_per_batch": 1000,
        "incremental_ms": [round(t * 1000, 1) for t in runs],
        "incremental_median_ms": round(median * 1000, 1),
        "change_rows_per_batch": logged,
        "ticks_per_second": [round(w) for w in writes],
        "speedup_vs_full": round(full_median / median, 1) if full_median else None,
    }
    say(
        f"Incremental after 1,000 ticks over 20 hamlets: median {result['incremental_median_ms']}"
        f" ms (target ≤ 100 ms), {result['speedup_vs_full']}× faster than the full run"
        " (target ≥ 200×)"
    )
    return result


def bench_lag(seconds: float, interval: float, rate: float) -> dict:
    from django.db import connections
    from django.utils import timezone

    from lessons.models import Lesson
    from literacy.coverage.rollup.runs import coverage_rollup_incremental

    lesson = Lesson.objects.filter(is_active=True).order_by("-pk").first()
    targets = _tick_targets(random.Random(99), 40, int(seconds * rate / 40) + 2, lesson)
    committed: list[float] = []
    runs: list[tuple[float, float]] = []
    stop = time.perf_counter() + seconds

    def writer() -> None:
        for n, resident_id in enumerate(targets):
            due = stop - seconds + n / rate
            if due > stop:
                break
            time.sleep(max(0.0, due - time.perf_counter()))
            _tick(resident_id, lesson)
            committed.append(time.perf_counter())
        connections.close_all()

    def beat() -> None:
        next_run = time.perf_counter() + interval
        while next_run < stop + interval:
            time.sleep(max(0.0, next_run - time.perf_counter()))
            started = time.perf_counter()
            coverage_rollup_incremental(now=timezone.now())
            runs.append((started, time.perf_counter()))
            next_run += interval
        connections.close_all()

    threads = [threading.Thread(target=writer), threading.Thread(target=beat)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lags = []
    for at in committed:
        counted = next((end for start, end in runs if start >= at), None)
        if counted is not None:
            lags.append(counted - at)
    lags.sort()
    result = {
        "ticks": len(committed),
        "counted": len(lags),
        "runs": len(runs),
        "run_ms": [round((end - start) * 1000) for start, end in runs],
        "lag_max_s": round(lags[-1], 1) if lags else None,
        "lag_p95_s": round(lags[int(0.95 * (len(lags) - 1))], 1) if lags else None,
    }
    say(
        f"Lag with {rate:g} ticks/s and a run every {interval:g} s: max {result['lag_max_s']} s,"
        f" p95 {result['lag_p95_s']} s over {result['ticks']} ticks (target ≤ 120 s);"
        f" runs took {result['run_ms']} ms"
    )
    return result


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    from literacy.accounts.testing import force_login_with_mfa

    client = Client()
    force_login_with_mfa(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _users():
    from django.contrib.auth import get_user_model

    from literacy.accounts.roles import Role
    from literacy.areas.models import Ward

    User = get_user_model()
    provincial, _ = User.objects.get_or_create(
        username="bench-provincial", defaults={"role": Role.PROVINCIAL}
    )
    official, _ = User.objects.get_or_create(
        username="bench-official", defaults={"role": Role.WARD_OFFICIAL}
    )
    ward = Ward.objects.order_by("code").first()
    official.wards.set([ward])
    return provincial, official, ward


def _server_env() -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "COVERAGE_REFRESH_ON_VIEW": "0",
        "LOG_LEVEL": "ERROR",
    }


def _load(model: str, path: str, cookie: str, **options) -> dict:
    command = [sys.executable, str(Path(__file__).with_name("load.py")), model]
    command += [f"http://127.0.0.1:{PORT}{path}", "--cookie", cookie]
    for name, value in options.items():
        command += [f"--{name}", str(value)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def bench_pages(
    rate: float,
    seconds: float,
    clients: int,
    raw_runs: int = 3,
    raw_known: list | None = None,
    lower_rate: float = 0,
) -> dict:
    from django.utils import timezone

    env = _server_env()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    provincial, official, ward = _users()
    cookies = {"provincial": _session_cookie(provincial), "official": _session_cookie(official)}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "literacy.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        import urllib.request

        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        pages = {
            "programme": ("/coverage/", cookies["provincial"]),
            "ward": (f"/coverage/areas/{ward.code}/", cookies["official"]),
        }
        raw_pages = {
            "household to-do list (raw tables)": (
                "/households/todo/families/",
                cookies["provincial"],
            ),
            "resident list (raw tables)": ("/households/residents/", cookies["provincial"]),
        }
        result = {"open": {}, "closed": {}, "open_lower_rate": {}}
        for name, (path, cookie) in pages.items():
            _load("closed", path, cookie, clients=2, seconds=3)  # warm both workers
            result["open"][name] = _load("open", path, cookie, rate=rate, seconds=seconds)
            say(f"  {name} page, open model {rate:g}/s: {result['open'][name]}")
            if lower_rate:
                lower = _load("open", path, cookie, rate=lower_rate, seconds=seconds)
                result["open_lower_rate"][name] = lower
                say(f"  {name} page, open model {lower_rate:g}/s: {lower}")
        # The floor of this stack on this machine: an answer with no session, no template and
        # one tiny query (the health check), as fast as 4 clients can ask.
        floor = {"health check (no session, one query)": ("/healthz", "")}
        for name, (path, cookie) in {**pages, **raw_pages, **floor}.items():
            result["closed"][name] = _load("closed", path, cookie, clients=clients, seconds=seconds)
            say(f"  {name}, closed loop ({clients} clients): {result['closed'][name]}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The hand-written aggregates of the full part are the programme computed from the raw
    # tables: a split run passes their times on rather than timing them again.
    raw = raw_known or [_timed(lambda: _reference(timezone.localdate())) for _ in range(raw_runs)]
    result["programme_from_raw_tables"] = {
        "seconds": [round(t, 2) for t in raw],
        "pages_per_second_2_workers": round(2 / statistics.median(raw), 3),
    }
    programme_rps = result["closed"]["programme"]["requests_per_second"]
    result["programme_speedup_vs_raw"] = round(
        programme_rps / result["programme_from_raw_tables"]["pages_per_second_2_workers"], 1
    )
    say(
        f"  programme figures from the raw tables: {raw} s a page"
        f" → {result['programme_from_raw_tables']['pages_per_second_2_workers']} pages/s on 2"
        f" workers; the roll-up page serves {result['programme_speedup_vs_raw']}× that"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop and re-seed the database")
    # Small defaults: ``make bench`` seeds afresh and runs every part in a few minutes; the
    # recorded figures are from a province of 3,000,000 (docs/benchmarks.md gives the options).
    parser.add_argument("--residents", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batches", type=int, default=2)
    parser.add_argument("--lag-seconds", type=float, default=45)
    parser.add_argument("--lag-rate", type=float, default=5)
    parser.add_argument("--interval", type=float, default=15)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--lower-rate", type=float, default=50, help="a second open-model rate")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--raw-runs", type=int, default=3, help="programme pages from raw tables")
    parser.add_argument(
        "--known-full",
        type=float,
        nargs=2,
        metavar=("FULL_S", "HAND_WRITTEN_S"),
        help="medians of an earlier piece's full part (when it is skipped here)",
    )
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=("full", "incremental", "lag", "pages", "vacuum"),
    )
    args = parser.parse_args()

    ensure_database(fresh=args.fresh)
    import django

    django.setup()
    seed(args.residents)
    if "vacuum" not in args.skip:
        vacuum()
    from households.models import Resident
    from lessons.models import Completion

    summary = {
        "residents": Resident.objects.count(),
        "completions": Completion.objects.count(),
    }
    say(f"Province: {summary['residents']:,} residents, {summary['completions']:,} completions")
    if "full" not in args.skip:
        summary["full"] = _part("full", bench_full, args.runs)
    full_median = summary.get("full", {}).get("full_median_s")
    hand_written = summary.get("full", {}).get("hand_written_s")
    if args.known_full and "full" in args.skip:
        full_median, hand_written = args.known_full[0], [args.known_full[1]]
    if "incremental" not in args.skip:
        summary["incremental"] = _part("incremental", bench_incremental, args.batches, full_median)
    if "lag" not in args.skip:
        summary["lag"] = _part("lag", bench_lag, args.lag_seconds, args.interval, args.lag_rate)
    if "pages" not in args.skip:
        summary["pages"] = _part(
            "pages",
            bench_pages,
            args.rate,
            args.seconds,
            args.clients,
            args.raw_runs,
            hand_written,
            args.lower_rate,
        )
    say(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
