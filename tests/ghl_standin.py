"""A stand-in for GoHighLevel on a real local socket: the sandbox API behind an HTTP server, with
the faults a real network and a real GHL have.

Every request is converted to an `httpx.Request` and answered by `GhlSandbox.handle`, so what the
bots wrote lands in the sandbox's CRM, where a test (and the outbox's checks) can read it. Faults,
each for the next `times` requests matching a method and a path prefix:

- `drop_after_accept`: the sandbox applies the request, then the connection closes without an
  answer (GHL accepted it; the client cannot know);
- `drop_before_accept`: the connection closes before the sandbox sees the request;
- `html`: the sandbox applies the request, then a 200 with an HTML page is answered (a proxy's
  error page, a maintenance banner);

and `down`, a switch: while set every request is answered 503 and reaches nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

import httpx

from ehub.sources.ghl.client import GhlClient
from ehub.sources.http import RetryPolicy
from sandbox.ghl_api import SANDBOX_GHL_TOKEN, GhlSandbox
from sandbox.ghl_data import LOCATION_ID

Fault = Literal["drop_after_accept", "drop_before_accept", "html"]
HTML = b"<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>"


@dataclass
class _Rule:
    fault: Fault
    method: str
    path: str
    times: int


class GhlStandIn:
    def __init__(self, sandbox: GhlSandbox | None = None) -> None:
        self.sandbox = sandbox or GhlSandbox(seed=1, scale=0.01)
        self.down = False
        self.served: list[tuple[str, str, int]] = []  # (method, path, status; 0 for a dropped connection)
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def _relay(self) -> None:
                content = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = httpx.Request(
                    self.command,
                    f"http://{self.headers['Host']}{self.path}",
                    headers=dict(self.headers),
                    content=content,
                )
                status, body, headers = standin.answer(request)
                if status == 0:
                    self.close_connection = True  # close without a byte of answer
                    return
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._relay()

            def do_POST(self) -> None:
                self._relay()

            def do_PUT(self) -> None:
                self._relay()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def fault(
        self, fault: Fault, *, times: int = 1, method: str = "POST", path: str = "/conversations/messages"
    ) -> None:
        with self._lock:
            self._rules.append(_Rule(fault, method, path, times))

    def answer(self, request: httpx.Request) -> tuple[int, bytes, dict[str, str]]:
        """(status, body, headers) for one request; status 0 means: drop the connection."""
        with self._lock:
            path = request.url.path
            if self.down:
                self.served.append((request.method, path, 503))
                return 503, b'{"statusCode":503,"message":"Service Unavailable"}', {"Content-Type": "application/json"}
            rule = next((r for r in self._rules if r.method == request.method and path.startswith(r.path)), None)
            if rule is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
            if rule is not None and rule.fault == "drop_before_accept":
                self.served.append((request.method, path, 0))
                return 0, b"", {}
            response = self.sandbox.handle(request)
            response.read()
            if rule is not None and rule.fault == "drop_after_accept":
                self.served.append((request.method, path, 0))
                return 0, b"", {}
            if rule is not None and rule.fault == "html":
                self.served.append((request.method, path, 200))
                return 200, HTML, {"Content-Type": "text/html"}
            self.served.append((request.method, path, response.status_code))
            headers = {name: value for name, value in response.headers.items() if name.lower() != "content-length"}
            return response.status_code, response.content, headers

    def client(self, **kwargs: object) -> GhlClient:
        """A GHL client pointed at the stand-in, as production points one at GHL."""
        options = {"retry": RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0), **kwargs}
        return GhlClient(base_url=self.url, token=SANDBOX_GHL_TOKEN, location_id=LOCATION_ID, **options)  # type: ignore[arg-type]

    def messages_to(self, contact_id: str) -> list[str]:
        """The bodies of the messages the CRM holds as sent to the contact, oldest first."""
        with self._lock:
            return [
                message["body"]
                for messages in self.sandbox.sent.values()
                for message in messages
                if message["contactId"] == contact_id
            ]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
