"""A misbehaving "tracking server" on 127.0.0.1, in its own thread and event loop.

The first path segment picks the behaviour, so one server serves every case:
set the tracking URI to `fake.uri + "/<mode>"`.

    slow       sleeps `SLOW_SECONDS` before answering
    error500   500 with MLflow's JSON error body
    html500    500 with an HTML page
    malformed  200 with a body that is not JSON
    truncated  200 with cut-off JSON
    notobject  200 with a JSON list where an object is expected
    huge       200 streaming more than `HUGE_BYTES` (chunked, no Content-Length)
    hugelength 200 announcing a Content-Length over the cap
    redirect   302 to another host
    echo       200 echoing the request headers (to check what we send)
"""

import asyncio
import json
import socket
import threading
from typing import Optional

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

SLOW_SECONDS = 3.0
HUGE_BYTES = 2 * 1024 * 1024


class FakeHandler(tornado.web.RequestHandler):
    async def handle(self, mode: str, rest: str) -> None:
        if mode == "slow":
            await asyncio.sleep(SLOW_SECONDS)
            self.finish("3.17.2" if rest == "version" else json.dumps({"experiments": []}))
        elif mode == "error500":
            self.set_status(500)
            self.finish(
                json.dumps({"error_code": "INTERNAL_ERROR", "message": "database is locked (fake)"})
            )
        elif mode == "html500":
            self.set_status(500)
            self.finish("<html><body><h1>Internal   Server Error</h1></body></html>")
        elif mode == "malformed":
            self.finish("3.17.2" if rest == "version" else "<html>this is not JSON</html>")
        elif mode == "truncated":
            self.finish("3.17.2" if rest == "version" else '{"experiments": [{"experiment_id": "1"')
        elif mode == "notobject":
            self.finish("3.17.2" if rest == "version" else "[1, 2, 3]")
        elif mode == "huge":
            block = b" " * 65536
            for _ in range(HUGE_BYTES // len(block) + 2):
                self.write(block)
                await self.flush()
            self.finish()
        elif mode == "hugelength":
            self.set_header("Content-Length", str(10 * HUGE_BYTES))
            self.write(b"{}")
            await self.flush()
            # Never send the rest; the client must give up on the header alone.
            await asyncio.sleep(SLOW_SECONDS)
            self.request.connection.close()
        elif mode == "redirect":
            self.redirect("http://mlflow.example.invalid/login", status=302)
        elif mode == "echo":
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"headers": dict(self.request.headers)}))
        else:
            self.set_status(404)
            self.finish("no such mode")

    async def get(self, mode: str, rest: str) -> None:
        await self.handle(mode, rest)

    async def post(self, mode: str, rest: str) -> None:
        await self.handle(mode, rest)


class FakeTrackingServer:
    """A tornado app on 127.0.0.1 in its own thread; subclasses give other `routes()`."""

    thread_name = "fake-tracking-server"

    def __init__(self) -> None:
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        self._server: Optional[HTTPServer] = None
        sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        self._sockets = sockets
        self.port = sockets[0].getsockname()[1]
        self.uri = f"http://127.0.0.1:{self.port}"

    def routes(self) -> list:
        return [(r"/([^/]+)/?(.*)", FakeHandler)]

    def start(self) -> "FakeTrackingServer":
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop

            async def setup() -> None:
                app = tornado.web.Application(self.routes())
                self._server = HTTPServer(app)
                self._server.add_sockets(self._sockets)
                ready.set()

            loop.run_until_complete(setup())
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name=self.thread_name, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop and self._server:
            server = self._server

            async def shutdown() -> None:
                server.stop()

            asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
