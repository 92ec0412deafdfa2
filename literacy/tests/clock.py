"""The clock of a test run, loaded by the root conftest.py as a pytest plugin.

``--clock 2027-01-01T00:05+07:00`` starts the whole run at that instant (the clock then ticks on
from there), so the suite can be tried on the days that break naive code: the 1st of a month, or
just after midnight on 1 January in Vietnam while it is still 31 December in UTC. CI runs the
suite once on today's clock and once pinned to that boundary.

``frozen_clock`` stops the clock for one test at the run's current instant, for tests that
compare dates computed before and during a request (a run crossing midnight would split them).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="ISO-8601",
        default=None,
        help="start the run's clock at this instant, e.g. 2027-01-01T00:05+07:00 (it ticks on)",
    )


def _parse_instant(value: str) -> datetime.datetime:
    try:
        instant = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"--clock {value!r}: not an ISO-8601 date and time") from error
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--clock {value!r}: give a UTC offset, e.g. +07:00")
    return instant


def pytest_configure(config):
    value = config.getoption("--clock")
    if value:
        traveller = time_machine.travel(_parse_instant(value), tick=True)
        traveller.start()
        config._clock_traveller = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_clock_traveller", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    value = config.getoption("--clock")
    return f"clock: pinned to {value} (ticking)" if value else "clock: the machine's"


@pytest.fixture
def frozen_clock():
    """Stop the clock at the run's current instant for this test; ``.shift(delta)`` moves it."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as traveller:
        yield traveller
