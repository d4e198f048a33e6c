"""HTTP requests to an MLflow tracking server, and what their failures mean.

`UpstreamClient` sends one request and returns the body of a 2xx answer, or raises
a `TrackingError` in our own words: error messages never quote an answer, they are
built from the status code, a well-formed MLflow `error_code`, and fixed texts.
Bodies are capped at `max_response_bytes` while they arrive, and JSON answers are
checked off the event loop (`json_bodies`).

Requests carry no `Origin` and a `Host` derived from the tracking URI, which
is what MLflow's security middleware (3.5+) accepts by default for
127.0.0.1/localhost servers. Redirects are not followed. Host names that
resolve only to link-local or cloud-metadata addresses are not contacted.
At most `max_concurrent_requests` requests are in flight per origin.
Environment credentials are sent only when the caller says they belong to this
origin (`env_credentials`).
"""

import asyncio
import json
import os
import socket
import ssl
from collections.abc import Sequence
from typing import Any, Optional
from urllib.parse import urlencode, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.netutil import DefaultLoopResolver
from tornado.simple_httpclient import HTTPStreamClosedError, HTTPTimeoutError

from .credentials import (
    auth_headers,
    base_without_userinfo,
    forbidden_address,
    origin_of,
    strip_credentials,
)
from .errors import TrackingError
from .json_bodies import BodyError, Checked, check_chunks, error_code_of

#: Error answers larger than this are not read for an error code or MLflow's texts.
ERROR_BODY_MAX = 64 * 1024


class UpstreamLimits:
    """One semaphore per tracking-server origin, created on first use."""

    def __init__(self, max_concurrent: int):
        self.max_concurrent = max_concurrent
        self._slots: dict[str, asyncio.Semaphore] = {}

    def slot(self, origin: str) -> asyncio.Semaphore:
        if origin not in self._slots:
            self._slots[origin] = asyncio.Semaphore(self.max_concurrent)
        return self._slots[origin]


class ForbiddenAddressError(OSError):
    """A host name that resolves only to link-local or cloud-metadata addresses."""


class _GuardedResolver:
    """The default resolver, minus link-local and cloud-metadata addresses."""

    def __init__(self) -> None:
        self._inner = DefaultLoopResolver()

    async def resolve(self, host: str, port: int, family: int = socket.AF_UNSPEC):
        addresses = await self._inner.resolve(host, port, family)
        allowed = [a for a in addresses if not forbidden_address(str(a[1][0]))]
        if not allowed:
            raise ForbiddenAddressError(host)
        return allowed

    def close(self) -> None:
        self._inner.close()


class UpstreamClient:
    """Requests to one tracking server (`uri`), with its limits and credentials."""

    def __init__(
        self,
        uri: str,
        timeout: float,
        connect_timeout: float,
        max_bytes: int,
        limits: UpstreamLimits,
        env_credentials: bool,
        secret_forms: Sequence[str] = (),
    ):
        self.uri = uri
        self.display_uri = strip_credentials(uri)
        self.origin = origin_of(uri) or self.display_uri
        self._base = base_without_userinfo(uri)
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_bytes = max_bytes
        self._limits = limits
        self._env_credentials = env_credentials
        self._forms = tuple(secret_forms)

    def _too_large(self, path: str) -> TrackingError:
        return TrackingError(
            "too-large",
            f"the response of the tracking server at {self.display_uri} to {path} is larger "
            f"than {self._max_bytes} bytes (MlflowTracesConfig.max_response_bytes)",
            status=502,
        )

    def _malformed(self, path: str, why: str) -> TrackingError:
        return TrackingError(
            "malformed",
            f"malformed answer from the tracking server at {self.display_uri} to {path}: {why}",
            status=502,
        )

    async def _fetch(
        self,
        method: str,
        path: str,
        params: Optional[dict[str, Any]] = None,
        body: Optional[dict[str, Any]] = None,
    ) -> list[bytes]:
        """The body chunks of a 2xx answer; any other outcome raises a TrackingError."""
        url = self._base + path
        if params:
            url += "?" + urlencode(
                {k: v for k, v in params.items() if v is not None and v != ""}, doseq=True
            )
        headers = {"Accept": "application/json", **auth_headers(self.uri, self._env_credentials)}
        if body is not None:
            headers["Content-Type"] = "application/json"
        chunks = []
        received = 0
        # Set before aborting a response from a callback: tornado reports the abort
        # as a closed stream or its own size error, not as what we raised.
        too_large = False

        def on_header(line: str) -> None:
            nonlocal too_large
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    return
                if length > self._max_bytes:
                    too_large = True
                    raise self._too_large(path)

        def on_chunk(chunk: bytes) -> None:
            nonlocal received, too_large
            received += len(chunk)
            if received > self._max_bytes:
                too_large = True
                raise self._too_large(path)
            chunks.append(chunk)

        def failure(err: Any) -> TrackingError:
            if isinstance(err, TrackingError):
                return err
            text = str(err).lower()
            if too_large or "body too large" in text or "content-length too long" in text:
                return self._too_large(path)
            return self._unreachable(err)

        request = HTTPRequest(
            url,
            method=method,
            headers=headers,
            body=json.dumps(body) if body is not None else None,
            request_timeout=self._timeout,
            connect_timeout=self._connect_timeout,
            header_callback=on_header,
            streaming_callback=on_chunk,
            follow_redirects=False,
            decompress_response=True,
            user_agent="jupyterlab-mlflow-traces",
        )
        # Own client: the shared one caps bodies at 100 MB and reports that as a closed
        # connection. The callbacks above enforce the cap (tornado hands them at most
        # 64 KiB at a time, decompressed), so tornado's own limit is set out of the way.
        resolver = _GuardedResolver()
        client = AsyncHTTPClient(force_instance=True, max_body_size=1 << 50, resolver=resolver)
        try:
            async with self._limits.slot(self.origin):
                response = await client.fetch(request, raise_error=False)
        except Exception as err:  # connection refused, DNS, timeout, TLS, size cap
            raise failure(err) from err
        finally:
            client.close()
            resolver.close()
        if response.code == 599:
            raise failure(response.error)
        data = b"".join(chunks) if received <= ERROR_BODY_MAX and response.code >= 300 else b""
        if response.code in (401, 403):
            raise self._auth_error(response.code, path, data)
        code = response.code
        error_code = error_code_of(data) if code >= 400 else None
        detail = f"{code} ({error_code})" if error_code else str(code)
        if code == 404:
            raise TrackingError(
                "not-found",
                f"tracking server at {self.display_uri} answered {detail} to {path}",
                status=404,
                upstream_status=404,
                error_code=error_code,
            )
        if 300 <= code < 400:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {code} (a redirect) to {path}; "
                "redirects are not followed: set the tracking URI to the server's final address",
                status=502,
                upstream_status=code,
            )
        if code >= 400 or code < 200:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {detail} to {path}",
                status=502,
                upstream_status=code,
                error_code=error_code,
            )
        return chunks

    async def _object(
        self,
        method: str,
        path: str,
        params: Optional[dict[str, Any]] = None,
        body: Optional[dict[str, Any]] = None,
    ) -> Checked:
        """A 2xx answer that must be a JSON object, checked off the event loop if large."""
        chunks = await self._fetch(method, path, params, body)
        try:
            checked = await check_chunks(chunks, self._forms)
        except BodyError as err:
            raise self._malformed(path, str(err)) from err
        if checked.top != "object":
            raise self._malformed(path, f"JSON that is not an object ({checked.top})")
        return checked

    def _unreachable(self, err: Any) -> TrackingError:
        reason = _reason(err)
        if reason == "timed out":
            return TrackingError(
                "timeout",
                f"tracking server at {self.display_uri} did not answer within "
                f"{self._timeout:g} s (MlflowTracesConfig.request_timeout)",
                status=504,
            )
        if reason == "connect timed out":
            return TrackingError(
                "timeout",
                f"tracking server unreachable at {self.display_uri}: no connection within "
                f"{self._connect_timeout:g} s (MlflowTracesConfig.connect_timeout)",
                status=504,
            )
        return TrackingError(
            "unreachable",
            f"tracking server unreachable at {self.display_uri}: {reason}",
            status=502,
        )

    def _auth_error(self, code: int, path: str, data: bytes) -> TrackingError:
        # The body is only matched against MLflow's own fixed texts, never quoted.
        if b"Invalid Host header" in data:
            host = urlsplit(self._base).netloc
            return TrackingError(
                "forbidden-host",
                f"the tracking server at {self.display_uri} rejected the Host header {host!r} "
                "(MLflow's security middleware): start it with `--allowed-hosts` including "
                f"{host!r}, or use the address it allows",
                status=502,
                upstream_status=code,
            )
        if b"Cross-origin request blocked" in data:
            return TrackingError(
                "forbidden-host",
                f"the tracking server at {self.display_uri} blocked the request as cross-origin",
                status=502,
                upstream_status=code,
            )
        env_sent = self._env_credentials and any(
            os.environ.get(k) for k in ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME")
        )
        if env_sent:
            hint = "the credentials in the Jupyter server's environment were refused"
        elif "Authorization" in auth_headers(self.uri, False):
            hint = "the credentials in the tracking URI were refused"
        else:
            hint = (
                "set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or "
                "MLFLOW_TRACKING_TOKEN) in the environment of the Jupyter server"
            )
        error_code = error_code_of(data)
        detail = f"{code}, {error_code}" if error_code else str(code)
        return TrackingError(
            "unauthorized",
            f"the tracking server at {self.display_uri} refused access ({detail}) to {path}: "
            f"{hint}",
            status=502,
            upstream_status=code,
        )


def _reason(err: Any) -> str:
    """Why a connection failed, in our words: exception texts can quote what a server sent."""
    if err is None:
        return "no response"
    if isinstance(err, ForbiddenAddressError):
        return "the host resolves only to link-local or cloud-metadata addresses"
    if isinstance(err, HTTPTimeoutError):
        return "connect timed out" if "connect" in str(err).lower() else "timed out"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, socket.gaierror):
        return "unknown host"
    if isinstance(err, ssl.SSLError):
        return f"TLS error ({type(err).__name__})"
    if isinstance(err, (HTTPStreamClosedError, StreamClosedError, ConnectionResetError)):
        return "the connection was closed"
    text = str(getattr(err, "message", "") or err).lower()
    if "timeout while connecting" in text:
        return "connect timed out"
    if "timeout" in text or "timed out" in text:
        return "timed out"
    if "connection refused" in text or "errno 111" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    if "malformed" in text:
        return "malformed HTTP answer"
    return f"connection failed ({type(err).__name__})"
