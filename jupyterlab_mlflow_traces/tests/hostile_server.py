"""A hand-written hostile "tracking server" on 127.0.0.1 (labelled as such: not MLflow).

It records every request it gets (method, path, headers), so a test can assert
that a host named by notebook content was never contacted, and it tries to get
credentials echoed back: most modes copy the request headers into their
answers. The first path segment picks the behaviour; set a tracking URI to
`hostile.uri + "/<mode>"`.

    echo       200, every answer (even /version) is the request headers
    echo500    500 whose MLflow-style `message` (and a header) quote the request headers
    echo401    401 likewise
    redirect   302 to a Location holding the Authorization header and a password
    hang       never answers (until `HANG_SECONDS`)
    huge       200 streaming `HUGE_BYTES` of valid JSON (over a small cap)
    deep       200 with JSON nested `DEEP` levels
    big        trace info small, spans a valid JSON object of `big_bytes` (default ~90 MB),
               streamed; `big_sent` is set once the last byte is written
    count      200 after `COUNT_HOLD` s; counts the requests in flight (`max_in_flight`)
    basic      200 only when Authorization is Basic for `expected_user`/`expected_password`
"""

import asyncio
import base64
import json
import threading
from typing import Any

import tornado.web

from .fake_server import FakeTrackingServer

HANG_SECONDS = 10.0
HUGE_BYTES = 3 * 1024 * 1024
DEEP = 100_000
COUNT_HOLD = 0.3
BIG_BYTES = 90 * 1024 * 1024


class HostileHandler(tornado.web.RequestHandler):
    server: "HostileServer"

    def initialize(self, server: "HostileServer") -> None:
        self.server = server

    def echoed(self) -> dict[str, Any]:
        return {"headers": dict(self.request.headers), "path": self.request.uri}

    async def handle(self, mode: str, rest: str) -> None:
        server = self.server
        server.record(self.request)
        if mode == "echo":
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(self.echoed()))
        elif mode in ("echo500", "echo401"):
            self.set_status(500 if mode == "echo500" else 401)
            echoed = json.dumps(self.echoed())
            self.set_header("X-Echo", base64.b64encode(echoed.encode()).decode())
            self.finish(json.dumps({"error_code": "INTERNAL_ERROR", "message": echoed}))
        elif mode == "redirect":
            auth = self.request.headers.get("Authorization", "none")
            self.redirect(
                "http://user:redirect-secret@mlflow.example.invalid/login?auth=" + auth, status=302
            )
        elif mode == "hang":
            await asyncio.sleep(HANG_SECONDS)
            self.finish("{}")
        elif mode == "huge":
            await self.stream_json_object(HUGE_BYTES)
        elif mode == "deep":
            self.finish("3.17.2" if rest == "version" else "[" * DEEP + "]" * DEEP)
        elif mode == "big":
            if "get-trace-artifact" in rest:
                await self.stream_json_object(server.big_bytes)
                server.big_sent.set()
            else:
                self.finish("3.17.2" if rest == "version" else json.dumps(self.echoed()))
        elif mode == "count":
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                await asyncio.sleep(COUNT_HOLD)
            finally:
                server.in_flight -= 1
            self.finish(json.dumps({"spans": []}))
        elif mode == "basic":
            raw = f"{server.expected_user}:{server.expected_password}".encode()
            expected = "Basic " + base64.b64encode(raw).decode()
            if self.request.headers.get("Authorization") != expected:
                self.set_status(401)
                self.finish(json.dumps({"error_code": "UNAUTHENTICATED", "message": "no"}))
            else:
                self.finish("3.17.2" if rest == "version" else json.dumps({"experiments": []}))
        else:
            self.set_status(404)
            self.finish("no such mode")

    async def stream_json_object(self, size: int) -> None:
        """A valid JSON object of about `size` bytes, written in 1 MiB blocks."""
        self.set_header("Content-Type", "application/json")
        item = json.dumps("x" * 200).encode() + b","
        block = item * (1024 * 1024 // len(item))
        self.write(b'{"spans": [')
        written = 0
        while written < size:
            self.write(block)
            written += len(block)
            await self.flush()
        self.write(b'"end"]}')
        await self.finish()

    async def get(self, mode: str, rest: str) -> None:
        await self.handle(mode, rest)

    async def post(self, mode: str, rest: str) -> None:
        await self.handle(mode, rest)


class HostileServer(FakeTrackingServer):
    thread_name = "hostile-tracking-server"

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[dict[str, Any]] = []
        self.big_bytes = BIG_BYTES
        self.big_sent = threading.Event()
        self.expected_user = ""
        self.expected_password = ""
        self.in_flight = 0
        self.max_in_flight = 0

    def routes(self) -> list:
        return [(r"/([^/]+)/?(.*)", HostileHandler, {"server": self})]

    def record(self, request: Any) -> None:
        self.requests.append(
            {"method": request.method, "path": request.uri, "headers": dict(request.headers)}
        )

    def reset(self) -> None:
        self.requests.clear()
        self.big_sent.clear()
        self.in_flight = self.max_in_flight = 0
