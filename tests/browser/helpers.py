"""Plain helpers for the in-browser tests; the fixtures live in conftest.py beside this."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# Debian's Chromium; `playwright install` cannot download browsers here.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No outside network: keep Chromium from calling home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs in every document of a context before the page's own scripts. Scripts added
# through Playwright are not subject to the page's Content Security Policy, so the
# listener is there even under `script-src 'self'`. Each violation is kept in the
# document (window.__cspViolations) and sent to Python through an exposed binding,
# so violations on pages the test has navigated away from are not lost.
CSP_BINDING = "__cstocalReportCsp"
CSP_LISTENER_JS = f"""
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {{
  const violation = {{
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    disposition: event.disposition,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    page: document.location.href,
  }};
  window.__cspViolations.push(violation);
  if (typeof window.{CSP_BINDING} === "function") window.{CSP_BINDING}(violation);
}}, {{capture: true}});
"""


@dataclass
class PageIssues:
    """What went wrong in the browser while a test ran, filled by the page fixtures.

    ``console_errors``: console messages of type "error" (Chromium also logs each
    CSP violation there, "... violates the following Content Security Policy
    directive ...", and each subresource that answered 4xx/5xx, "Failed to load
    resource ..."). ``page_errors``: uncaught exceptions ("pageerror").
    ``csp_violations``: ``securitypolicyviolation`` events (only with JavaScript on).
    ``failed_requests``: requests that got no response at all.
    """

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    pages: list = field(default_factory=list, repr=False)

    def watch(self, page) -> None:
        """Record what goes wrong in ``page`` (its context must carry ``CSP_LISTENER_JS``)."""
        self.pages.append(page)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location
            where = f"{location.get('url')}:{location.get('lineNumber')}"
            self.console_errors.append(f"{message.text} ({where})")

    def _on_request_failed(self, request) -> None:
        # Going to the next page cancels what the last one still had in flight (the
        # browser's own favicon fetch, say): ERR_ABORTED is that cancel, not a fault.
        # A missing or failing file is an HTTP error, which the console reports.
        if request.failure == "net::ERR_ABORTED":
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def settle(self) -> None:
        """Let the messages the pages sent reach Python before the lists are read.

        A round trip to a page comes back after every message it sent before it
        (the CSP binding calls among them).
        """
        for page in self.pages:
            if not page.is_closed():
                page.evaluate("0")

    def problems(self) -> list[str]:
        self.settle()
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"page error: {text}" for text in self.page_errors),
            *(f"CSP violation: {describe_csp(v)}" for v in self.csp_violations),
            *(f"request failed: {text}" for text in self.failed_requests),
        ]

    def assert_clean(self) -> None:
        """Fail listing every console error, page error, CSP violation and failed request."""
        problems = self.problems()
        assert not problems, "the browser reported problems:\n" + "\n".join(problems)


def describe_csp(violation: dict) -> str:
    where = f"{violation.get('source') or violation.get('page')}:{violation.get('line')}"
    return (
        f"{violation.get('directive')} blocked {violation.get('blocked')!r} at {where}"
        f" ({violation.get('disposition')})"
    )


def scripting_enabled(page) -> bool:
    """Whether the page runs JavaScript (False in ``nojs_page``).

    page.evaluate() still runs synchronous code there, but no promise or timer ever
    settles. The HTML parser tells: with scripting off, <noscript> holds elements.
    """
    return page.evaluate(
        """(() => {
          const probe = document.createElement("div");
          probe.innerHTML = "<noscript><i></i></noscript>";
          return probe.querySelector("noscript i") === null;
        })()"""
    )


def axe_violations(page, *, context=None, options=None) -> list[dict]:
    """Run axe-core (bundled in axe-playwright-python, no network) on the page.

    Returns one dict per violated rule: ``id``, ``impact``, ``help``, ``help_url`` and
    ``targets`` (a CSS selector for each offending node), readable in an assert message::

        assert not axe_violations(page), format_axe(axe_violations(page))
    """
    if not scripting_enabled(page):
        # axe.run() is asynchronous; with JavaScript off no promise ever settles and
        # page.evaluate() (which has no timeout) would wait forever.
        msg = "axe needs JavaScript: run it on a page with JavaScript on (`page`, not `nojs_page`)"
        raise RuntimeError(msg)
    kwargs = {} if options is None else {"options": options}
    results = Axe().run(page, context=context, **kwargs)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "help_url": v["helpUrl"],
            "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]],
        }
        for v in results.response["violations"]
    ]


def format_axe(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['help_url']}>")
        lines.extend(f"    {target}" for target in v["targets"])
    return "\n".join(lines)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))
