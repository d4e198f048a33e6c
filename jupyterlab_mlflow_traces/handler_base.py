"""The handlers' common base: the store a request reads, argument parsing, and answers
(JSON; a store's checked answer as its parts, gzipped off the event loop when the
browser accepts it; errors as `{"error": {...}}`)."""

import json
import os
from typing import Any, Optional

from jupyter_server.base.handlers import APIHandler

from .config import MlflowTracesConfig
from .credentials import scrub_text
from .errors import TrackingError
from .filters import FilterError
from .kernel_stores import STORE_PARAM
from .request_checks import PAGE_TOKEN_MAX, bad_request
from .responses import MIN_GZIP_BYTES, RawJson, accepts_gzip, gzipped
from .store_choice import kernel_store, make_store
from .upstream_http import UpstreamLimits


class BaseHandler(APIHandler):
    def initialize(self, config: MlflowTracesConfig, limits: UpstreamLimits) -> None:
        self.config_obj = config
        self.limits = limits

    def requested_store(self) -> str:
        return self.get_argument(STORE_PARAM, "").strip()

    def store(self):
        """The configured store, or the kernel's store named by `?store=` (this request only)."""
        requested = self.requested_store()
        if requested:
            root_dir = self.settings.get("server_root_dir") or os.getcwd()
            return kernel_store(self.config_obj, requested, root_dir)
        return make_store(self.config_obj, self.limits)

    def configured_store_only(self, what: str):
        """The configured store, for requests that never take another one (writes,
        attachment bytes): `?store=` and `?tracking_uri=` are refused with 400.
        `what` starts the message, e.g. "assessments go to"."""
        if self.requested_store() or self.get_argument("tracking_uri", ""):
            raise bad_request(
                f"{what} the configured tracking store only: no store or tracking_uri parameter"
            )
        return make_store(self.config_obj, self.limits)

    def compute_etag(self) -> None:
        # No ETag: hashing a 30 MB trace would hold the event loop (and none is revalidated).
        return None

    def write_json(self, data: Any, status: int = 200) -> None:
        """Our own small answers; a store's answer goes through `write_raw_json`."""
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        # Defence in depth: no configured secret goes out.
        self.finish(scrub_text(json.dumps(data), self.config_obj.secrets()))

    async def write_raw_json(self, data: RawJson) -> None:
        """A store's answer, checked (and cleaned of credentials) by the store off the
        event loop. The parts go to the connection as they are, or gzipped in a worker
        thread: joining them would copy up to max_response_bytes on the event loop."""
        self.set_status(200)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Vary", "Accept-Encoding")
        self._transforms = []  # Tornado's gzip (if configured) would need the parts joined
        parts = data.parts
        size = sum(len(part) for part in parts)
        if size >= MIN_GZIP_BYTES and accepts_gzip(self.request.headers.get("Accept-Encoding", "")):
            parts = await gzipped(parts)
            self.set_header("Content-Encoding", "gzip")
            size = sum(len(part) for part in parts)
        self.set_header("Content-Length", str(size))
        self.flush()
        for part in parts:
            self.request.connection.write(part)
        self.finish()

    def write_tracking_error(self, err: TrackingError) -> None:
        self.write_json(err.to_json(), status=err.status)

    def int_arg(self, name: str, default: Optional[int], low: int, high: int) -> Optional[int]:
        raw = self.get_argument(name, "").strip()
        if not raw:
            return default
        try:
            return max(low, min(high, int(raw)))
        except ValueError:
            raise bad_request(f"{name} must be an integer, got {raw[:40]!r}") from None

    def choice_arg(self, name: str, default: str, choices) -> str:
        value = self.get_argument(name, "").strip() or default
        if value not in choices:
            raise bad_request(f"unsupported {name} {value[:80]!r}: use one of {', '.join(choices)}")
        return value

    def page_token_arg(self) -> Optional[str]:
        token = self.get_argument("page_token", "").strip()
        if len(token) > PAGE_TOKEN_MAX:
            raise bad_request("page_token is too long")
        return token or None

    async def run(self, func, write=None) -> None:
        """Answer with func()'s result (through `write`, JSON by default), or with the
        error it raised."""
        try:
            result = await func()
        except TrackingError as err:
            self.write_tracking_error(err)
            return
        except FilterError as err:
            self.write_tracking_error(bad_request(str(err)))
            return
        except Exception:
            self.log.exception("jupyterlab_mlflow_traces: unexpected error")
            self.write_tracking_error(
                TrackingError(
                    "server-error",
                    "unexpected error in the jupyterlab_mlflow_traces server extension "
                    "(details in the Jupyter server log)",
                    status=500,
                )
            )
            return
        if write is not None:
            write(result)
        elif isinstance(result, RawJson):
            await self.write_raw_json(result)
        else:
            self.write_json(result)
