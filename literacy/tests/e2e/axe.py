"""axe-core in every browser test: each page a test opens is checked for accessibility.

axe-core (vendored from the npm registry in ``vendor/axe-core``) is added to each browser
context as an init script, so it is there on every page, whatever the page's
Content-Security-Policy (init scripts are not page scripts). A second init script runs it once
the page has loaded and reports the findings through a binding; when the test ends, the page
as it is then is checked too, and a page left before its check finished is opened again and
checked. Any *serious* or *critical* finding fails the test.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
#: Pages left before their check finished that are opened again at the end of a test.
MAX_RECHECKS = 10

_RUNNER = """
(() => {
  if (window.top !== window || !window.axe || !/^https?:$/.test(location.protocol)) return;
  const blocking = __IMPACTS__;
  window.__axeCheck = () => {
    const previous = window.__axePending || Promise.resolve();
    window.__axePending = previous.catch(() => null).then(() =>
      window.axe.run(document, { resultTypes: ["violations"] }).then((result) =>
        result.violations
          .filter((v) => blocking.includes(v.impact))
          .map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
          }))
      )
    );
    return window.__axePending;
  };
  const run = () => {
    if (document.contentType !== "text/html") return;
    const url = location.href;
    window.__axeReport({ url: url, done: false });
    window.__axeCheck().then((violations) =>
      window.__axeReport({ url: url, done: true, violations: violations })
    );
  };
  if (document.readyState === "complete") run();
  else window.addEventListener("load", run, { once: true });
})();
""".replace("__IMPACTS__", json.dumps(BLOCKING_IMPACTS))


@dataclass
class AxeRecorder:
    """The findings of every page checked in one browser context."""

    started: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    findings: list[tuple[str, dict]] = field(default_factory=list)

    def report(self, _source, data: dict) -> None:
        url = data["url"]
        if not data["done"]:
            self.started.append(url)
            return
        self.checked.add(url)
        self.findings.extend((url, violation) for violation in data["violations"])

    def check_now(self, page) -> list[dict]:
        """Check the page as it is now; return its blocking findings (also recorded)."""
        if not page.evaluate("() => typeof window.__axeCheck === 'function'"):
            return []
        violations = page.evaluate("() => window.__axeCheck()")
        self.checked.add(page.url)
        self.findings.extend((page.url, violation) for violation in violations)
        return violations

    def finish(self, page) -> None:
        """Check the final page and any page the test left before its check finished."""
        with contextlib.suppress(PlaywrightError):  # the page may be mid-navigation
            self.check_now(page)
        unchecked = [url for url in dict.fromkeys(self.started) if url not in self.checked]
        for url in unchecked[:MAX_RECHECKS]:
            with contextlib.suppress(PlaywrightError):  # a page that cannot be opened again
                page.goto(url)
                page.wait_for_load_state("load")
                self.check_now(page)

    def summary(self) -> str:
        lines = []
        for url, violation in self.findings:
            nodes = ", ".join(violation["nodes"])
            lines.append(
                f"{url}: {violation['impact']} {violation['id']} ({violation['help']}) at {nodes}"
            )
        return "\n".join(dict.fromkeys(lines))


def install_axe(context) -> AxeRecorder:
    """Make every page of ``context`` run axe-core after it loads; return the recorder."""
    recorder = AxeRecorder()
    context.expose_binding("__axeReport", recorder.report)
    context.add_init_script(path=str(AXE_JS))
    context.add_init_script(script=_RUNNER)
    return recorder
