"""Screenshots of dashboards in headless Chromium, and a check that every chart rendered.

Chromium is driven over the DevTools protocol (a websocket), not with fixed sleeps: the page is
loaded with a logged-in Superset session, then polled until every chart of the dashboard has a
rendered container and no loading indicator remains. Any chart error Superset shows (an
`ant-alert-error` box) is collected with its text, so a broken chart fails loudly.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

from ehub.errors import ConfigError, UnavailableError
from tools.dashboards.bundle import readable_name
from tools.dashboards.superset import SupersetCredentials
from tools.runtime import stop_processes

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1600, "height": 2000, "deviceScaleFactor": 1, "mobile": False}
# What the page reports on each poll: rendered chart containers, loading spinners, error boxes.
PROBE = """JSON.stringify({
  charts: document.querySelectorAll('[data-test="chart-container"]').length,
  loading: document.querySelectorAll('[data-test="loading-indicator"], .loading').length,
  errors: Array.from(document.querySelectorAll('.ant-alert-error')).map(e => e.innerText.slice(0, 300)),
  height: document.documentElement.scrollHeight
})"""


@dataclass
class DashboardRender:
    title: str
    screenshot: Path
    charts_expected: int
    charts_rendered: int
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and self.charts_rendered >= self.charts_expected


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise ConfigError("No Chromium found: install Debian's `chromium` package", code="CHROMIUM_MISSING")


def browser_cookies(instance: SupersetCredentials) -> dict[str, str]:
    """A logged-in Superset web session (the form login the browser itself would do)."""
    with httpx.Client(base_url=instance.url, timeout=30, follow_redirects=False) as client:
        page = client.get("/login/").text
        match = re.search(r'id="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'name="csrf_token"[^>]*value="([^"]+)"', page
        )
        if match is None:
            raise UnavailableError("Superset's login page has no CSRF token", code="SUPERSET_LOGIN_FAILED")
        form = {"csrf_token": match.group(1), "username": instance.username, "password": instance.password}
        client.post("/login/", data=form)
        if client.get("/api/v1/me/").status_code != 200:
            raise UnavailableError("Superset refused the browser login", code="SUPERSET_LOGIN_FAILED")
        return dict(client.cookies.items())


class Chromium:
    """One headless Chromium with a DevTools connection to a single page."""

    def __init__(self) -> None:
        self._profile = Path(tempfile.mkdtemp(prefix="ehub-chromium-"))
        self._process: subprocess.Popen | None = None
        self._socket: ClientConnection | None = None
        self._next_id = 0
        self._closing = ExitStack()

    def __enter__(self) -> Chromium:
        command = [chromium_binary(), *CHROMIUM_FLAGS, "--remote-debugging-port=0", f"--user-data-dir={self._profile}"]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.__exit__()
                raise UnavailableError("Chromium did not open its DevTools port", code="CHROMIUM_FAILED")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        target = httpx.put(f"http://127.0.0.1:{port}/json/new?about:blank", timeout=10).json()
        self._socket = self._closing.enter_context(
            connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        )
        return self

    def __exit__(self, *_: object) -> None:
        self._closing.close()
        self._socket = None
        if self._process is not None:
            stop_processes([self._process], timeout=5)
        shutil.rmtree(self._profile, ignore_errors=True)

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call a DevTools method and wait for its answer (events in between are skipped)."""
        if self._socket is None:
            raise UnavailableError("Chromium is not running", code="CHROMIUM_FAILED")
        self._next_id += 1
        self._socket.send(json.dumps({"id": self._next_id, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self._socket.recv(timeout=60))
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise UnavailableError(f"Chromium: {method} failed: {message['error']}", code="CHROMIUM_FAILED")
                return message.get("result", {})

    def evaluate(self, expression: str) -> Any:
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")


def _wait_until_rendered(browser: Chromium, charts_expected: int, *, deadline: float) -> dict[str, Any]:
    """Poll the page until every chart has rendered and nothing is loading, for 1.5 s in a row."""
    state: dict[str, Any] = {"charts": 0, "loading": 1, "errors": [], "height": VIEWPORT["height"]}
    settled_since: float | None = None
    while time.monotonic() < deadline:
        time.sleep(0.5)
        state = json.loads(browser.evaluate(PROBE) or "{}") or state
        if state["charts"] < charts_expected or state["loading"] > 0:
            settled_since = None
            continue
        settled_since = settled_since or time.monotonic()
        if time.monotonic() - settled_since >= 1.5:  # ECharts animates in; let it finish before the picture
            break
    return state


def render_dashboard(
    browser: Chromium,
    *,
    url: str,
    title: str,
    charts_expected: int,
    screenshot: Path,
    timeout: float = 120.0,
) -> DashboardRender:
    """Load one dashboard, wait until every chart rendered (or failed), save a full-page PNG."""
    began = time.monotonic()
    browser.send("Emulation.setDeviceMetricsOverride", VIEWPORT)
    browser.send("Page.enable")
    browser.send("Page.navigate", {"url": url})
    state = _wait_until_rendered(browser, charts_expected, deadline=began + timeout)
    if state["height"] > VIEWPORT["height"]:
        # Grow the window to the whole page, so charts below the fold render too, then wait again.
        browser.send("Emulation.setDeviceMetricsOverride", {**VIEWPORT, "height": int(state["height"])})
        state = _wait_until_rendered(browser, charts_expected, deadline=time.monotonic() + timeout / 2)
    image = browser.send("Page.captureScreenshot", {"format": "png"})
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    screenshot.write_bytes(base64.b64decode(image["data"]))
    return DashboardRender(
        title=title,
        screenshot=screenshot,
        charts_expected=charts_expected,
        charts_rendered=int(state["charts"]),
        errors=list(state["errors"]),
        seconds=round(time.monotonic() - began, 1),
    )


def screenshot_dashboards(
    instance: SupersetCredentials, dashboards: dict[str, tuple[int, int]], out_dir: Path
) -> list[DashboardRender]:
    """Every dashboard (title → (id, chart count)) rendered to `<out_dir>/<slugged title>.png`."""
    cookies = browser_cookies(instance)
    renders = []
    with Chromium() as browser:
        browser.send("Network.enable")
        for name, value in cookies.items():
            browser.send("Network.setCookie", {"name": name, "value": value, "url": instance.url})
        for title, (number, charts) in sorted(dashboards.items()):
            file_name = readable_name(title).lower() + ".png"
            renders.append(
                render_dashboard(
                    browser,
                    url=f"{instance.url}/superset/dashboard/{number}/?standalone=1",
                    title=title,
                    charts_expected=charts,
                    screenshot=out_dir / file_name,
                )
            )
    return renders
