"""A local HTTP server that answers as the Anthropic Messages API and Gemini's generateContent do,
from fixed responses stored in tests/fixtures/llm/<provider>/<name>.json.

Each file holds one HTTP response: `status`, `headers`, `body` (the exact wire JSON; or `raw`, a
text sent as it is, such as a proxy's HTML page) and an optional `delay_seconds` (a slow
provider). A test queues the responses it expects, in order, per provider; the server records
every request's path, headers and JSON body so the test can read what the real SDK sent. An
unexpected request is answered 500, so it cannot pass unnoticed. `during`, when set, runs while a
request waits for its answer: what a test checks, or does, while the model is working.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "llm"
CLAUDE_KEY = "sk-ant-test-key"


def fixture(provider: str, name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / provider / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Recorded:
    provider: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ModelServer:
    url: str = ""
    queues: dict[str, deque] = field(default_factory=lambda: {"anthropic": deque(), "gemini": deque()})
    requests: list[Recorded] = field(default_factory=list)
    during: Callable[[Recorded], None] | None = None

    def queue(self, provider: str, *names: str) -> None:
        self.queues[provider].extend(fixture(provider, name) for name in names)

    def sent(self, provider: str) -> list[Recorded]:
        return [request for request in self.requests if request.provider == provider]


def _handler(server: ModelServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            provider = "anthropic" if self.path.startswith("/v1/messages") else "gemini"
            recorded = Recorded(provider, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            server.requests.append(recorded)
            if server.during is not None:
                server.during(recorded)
            queue = server.queues[provider]
            answer = queue.popleft() if queue else {"status": 500, "headers": {}, "body": {"unexpected": self.path}}
            time.sleep(answer.get("delay_seconds", 0))
            payload = answer["raw"].encode() if "raw" in answer else json.dumps(answer["body"]).encode()
            try:
                self.send_response(answer["status"])
                for name, value in {"content-type": "application/json", **answer["headers"]}.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def model_server() -> Iterator[ModelServer]:
    state = ModelServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def claude_settings(migrated: Any, data_dir: Path, server: ModelServer, **extra: object) -> Any:
    """Settings with Claude at `server`, on the test's migrated database."""
    from ehub.settings import load_settings

    return load_settings(
        database_url=migrated.url,
        data_dir=data_dir,
        anthropic_api_key=CLAUDE_KEY,
        anthropic_base_url=server.url,
        **extra,
    )


def claude_service(migrated: Any, data_dir: Path, server: ModelServer, **extra: object) -> Any:
    """The bot service as configured with Claude at `server`."""
    from ehub.bots.engine import Engine
    from ehub.bots.service import BotService
    from ehub.crypto import cipher_from_settings

    settings = claude_settings(migrated, data_dir, server, **extra)
    return BotService.from_settings(settings, migrated, cipher_from_settings(settings), Engine())
