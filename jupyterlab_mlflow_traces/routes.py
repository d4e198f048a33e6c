"""REST endpoints under `<base_url>/jupyterlab-mlflow-traces/`.

Endpoints (every verb authenticated; every answer JSON, errors as
`{"error": {"kind", "message", "upstream_status"?, "error_code"?}}`):

GET  status                       extension and tracking-server status, plus the
                                  server configuration's `allowed_tracking_uris`
                                  (origins) and `allow_local_stores`
PUT  connection                   {"tracking_uri": "..."|null}: the user's JupyterLab setting;
                                  http(s) only unless allow_local_stores; no link-local or
                                  cloud-metadata host; 409 `fixed` when the configuration sets it
GET  experiments                  ?search= &order_by= &view_type= &max_results= &page_token=
GET  experiments/<id>             one experiment
GET  experiments/<id>/traces      ?status= &text= &name= &since_ms= &until_ms= &order_by=
                                  &max_results= &page_token=
GET  traces/<id>[?tracking_uri=]  {"info", "spans", "tracking_uri"}: one trace
POST traces/<id>/assessments      log feedback or an expectation (module `assessments`)
GET  traces/<id>/attachments/<uuid>  one attachment's bytes, not JSON (module `attachments`)
anything else here                JSON 404 (never Tornado's HTML page)

`?store=<uri>` on status, experiments, experiments/<id>, experiments/<id>/traces and
traces/<id>: read the local store a notebook kernel reports instead of the configured
one, for this request only (rules and refusals in `kernel_stores`). Network URIs are
refused there: a kernel's report never chooses a host.

The rule: no request parameter chooses the host, except an allow-listed
`tracking_uri` on GET traces/<id>. The tracking URI comes from
`MlflowTracesConfig` only (server configuration > the user's setting, PUT by the
frontend's settings plugin > MLFLOW_TRACKING_URI > default). `tracking_uri` on
GET traces/<id> is a one-shot read: its origin must be the configured server's
or match an entry of `allowed_tracking_uris`, else 403 `host-not-allowed` and no
request leaves this server; it changes no state. Environment credentials go
only to the origin they belong to (`MlflowTracesConfig.credential_origin`).

Ids are validated after URL-decoding (bad ones get 400 `bad-request`), so a
malformed id never reaches a tracking server's path. Error messages never quote
a tracking server's answer, and no credential goes into any response, in any form.
Upstream answers over 1 MiB are checked in a process pool (see `json_bodies`),
and at most `max_concurrent_requests` requests per origin are in flight.
"""

import json
import os
import re
from typing import Any, Optional
from urllib.parse import unquote

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from ._version import __version__
from .config import MlflowTracesConfig
from .credentials import (
    MAX_URI_LENGTH,
    is_http_uri,
    origin_of,
    scheme_of,
    scrub_text,
    strip_credentials,
    validate_tracking_uri,
)
from .errors import TrackingError
from .filters import FilterError, TraceQuery, experiment_name_filter
from .kernel_stores import STORE_PARAM, KernelStore
from .tracking_http import HttpTrackingStore, RawJson, UpstreamLimits
from .tracking_local import LocalTrackingStore

NAMESPACE = "jupyterlab-mlflow-traces"
MAX_PAGE = 500
DEFAULT_PAGE = 100

EXPERIMENT_ORDERS = (
    "last_update_time DESC",
    "last_update_time ASC",
    "name ASC",
    "name DESC",
    "creation_time DESC",
    "creation_time ASC",
)
VIEW_TYPES = ("ACTIVE_ONLY", "DELETED_ONLY", "ALL")
TRACE_ORDERS = (
    "timestamp_ms DESC",
    "timestamp_ms ASC",
    "execution_time_ms DESC",
    "execution_time_ms ASC",
)
# Experiment ids are numbers in MLflow OSS; other stores use other safe ids.
EXPERIMENT_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,200}$")
# Trace ids: tr-<hex>, bare hex (MLflow 2), and what encodeURIComponent leaves as is;
# Unity Catalog ids keep their "/": trace:/<catalog.schema>/<hex>.
TRACE_ID_MAX = 400
TRACE_ID = re.compile(r"^[A-Za-z0-9_.:~!'()*%@+=\-]+$")
UC_TRACE_ID = re.compile(r"^trace:/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.:~!'()*%@+=\-]+$")
PAGE_TOKEN_MAX = 4096


def _shown(value: str) -> str:
    return repr(value[:80]) + ("…" if len(value) > 80 else "")


def trace_id_problem(trace_id: str, decodings: int = 2) -> Optional[str]:
    """Why a (URL-decoded) path segment is not a trace id, or None.

    A `%` left after Tornado's decoding is decoded again (twice at most) and checked
    too: a doubly encoded `..%2F` must not reach a proxy that decodes once more."""
    if not trace_id:
        return "empty"
    if len(trace_id) > TRACE_ID_MAX:
        return f"longer than {TRACE_ID_MAX} characters"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in trace_id):
        return "control characters"
    if ".." in trace_id or any(s in ("", ".") for s in trace_id.split("/")):
        return "'..' or empty path segments"
    if "/" in trace_id and not UC_TRACE_ID.match(trace_id):
        return "'/' outside a trace:/<location>/<id> id"
    if "/" not in trace_id and not TRACE_ID.match(trace_id):
        return "characters outside A-Z a-z 0-9 _ . : ~ ! ' ( ) * % @ + = -"
    decoded = unquote(trace_id)
    if decoded != trace_id and decodings > 0:
        problem = trace_id_problem(decoded, decodings - 1)
        return f"once decoded: {problem}" if problem else None
    return None


def experiment_id_problem(experiment_id: str) -> Optional[str]:
    if experiment_id in (".", "..") or not EXPERIMENT_ID.match(experiment_id):
        return "up to 200 of A-Z a-z 0-9 _ . - expected"
    return None


def http_store(config: MlflowTracesConfig, limits: UpstreamLimits, uri: str) -> HttpTrackingStore:
    """Environment credentials only if `uri` is their origin; the URI's own user info always."""
    return HttpTrackingStore(
        uri,
        config.request_timeout,
        config.connect_timeout,
        config.max_response_bytes,
        limits,
        env_credentials=config.env_credentials_allowed(uri),
        secret_forms=config.secrets(),
    )


def make_store(config: MlflowTracesConfig, limits: UpstreamLimits):
    uri = config.resolved_tracking_uri()
    if is_http_uri(uri):
        return http_store(config, limits, uri)
    if scheme_of(uri) in ("databricks", "databricks-uc", "uc"):
        raise TrackingError(
            "not-configured",
            "Databricks tracking URIs are not supported by this server extension yet; "
            "set an http(s) MLflow tracking server",
            status=501,
        )
    return LocalTrackingStore(
        uri, secret_forms=config.secrets(), max_bytes=config.max_response_bytes
    )


def kernel_store(config: MlflowTracesConfig, requested: str, root_dir: str) -> KernelStore:
    """The store of `?store=`: checked against `kernel_stores`' rule on every call."""
    if len(requested) > MAX_URI_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in requested):
        raise bad_request("store is too long or has control characters")
    return KernelStore(
        requested,
        enabled=config.browse_kernel_stores,
        roots=config.kernel_store_roots or [root_dir],
        max_bytes=config.max_response_bytes,
        secret_forms=config.secrets(),
    )


def one_shot_store(config: MlflowTracesConfig, limits: UpstreamLimits, requested: str):
    """The store for `GET traces/<id>?tracking_uri=`: the configured one when the origin
    is its own, else an allow-listed server; anything else is refused before any request."""
    if len(requested) > MAX_URI_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in requested):
        raise bad_request("tracking_uri is too long or has control characters")
    origin = origin_of(requested)
    if origin is not None and origin == origin_of(config.resolved_tracking_uri()):
        return make_store(config, limits)
    entry = config.allowed_entry(origin) if origin else None
    if entry is None:
        shown = origin or strip_credentials(requested)[:200]
        raise TrackingError(
            "host-not-allowed",
            f"{shown} is not an allowed tracking server (MlflowTracesConfig.allowed_tracking_uris)",
            status=403,
        )
    return http_store(config, limits, entry)


def bad_request(message: str) -> TrackingError:
    return TrackingError("bad-request", message, status=400)


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
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        if isinstance(data, RawJson):
            # Checked (and cleaned of credentials) by the store, off the event loop. The
            # parts go to the connection as they are: joining them would copy up to
            # max_response_bytes on the event loop.
            self._transforms = []  # no gzip: it would need the parts joined
            self.set_header("Content-Length", str(sum(len(part) for part in data.parts)))
            self.flush()
            for part in data.parts:
                self.request.connection.write(part)
            self.finish()
        else:
            # Our own small answers: defence in depth, no configured secret goes out.
            self.finish(scrub_text(json.dumps(data), self.config_obj.secrets()))

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
        (write or self.write_json)(result)


class StatusHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        config = self.config_obj
        kernel_uri = self.requested_store()
        status: dict[str, Any] = {
            "extension_version": __version__,
            "tracking_uri": strip_credentials(kernel_uri) or config.display_tracking_uri(),
            "tracking_uri_source": (
                "notebook kernel" if kernel_uri else config.tracking_uri_source()
            ),
            "tracking_uri_fixed": bool(config.tracking_uri),
            "is_http": is_http_uri(kernel_uri or config.resolved_tracking_uri()),
            "allowed_tracking_uris": config.allowed_origins(),
            "allow_local_stores": bool(config.allow_local_stores),
            "browse_kernel_stores": bool(config.browse_kernel_stores),
            "reachable": False,
            "mlflow_version": None,
            "reason": None,
            "reason_kind": None,
        }
        try:
            store = self.store()
            status["mlflow_version"] = await store.version()
            # /version passes MLflow's host check and, on some setups, auth:
            # only an API call shows whether the sidebar will work.
            await store.check_access()
            status["reachable"] = True
        except TrackingError as err:
            status["reason"] = err.message
            status["reason_kind"] = err.kind
        self.write_json(status)


class ConnectionHandler(BaseHandler):
    """The user's JupyterLab setting for the tracking URI (sent by the frontend).

    Only the frontend's settings plugin calls this, never output content; a URI
    fixed by the server configuration cannot be overridden (409).
    """

    @tornado.web.authenticated
    async def put(self) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
        except (ValueError, RecursionError):
            self.write_tracking_error(bad_request("the body must be JSON"))
            return
        if not isinstance(body, dict):
            self.write_tracking_error(bad_request('the body must be {"tracking_uri": "..."}'))
            return
        uri = body.get("tracking_uri")
        if uri is not None and not isinstance(uri, str):
            self.write_tracking_error(bad_request("tracking_uri must be a string or null"))
            return
        uri = (uri or "").strip()
        if self.config_obj.tracking_uri and uri:
            self.write_tracking_error(
                TrackingError(
                    "fixed",
                    "the tracking URI is fixed by the server configuration "
                    "(MlflowTracesConfig.tracking_uri)",
                    status=409,
                )
            )
            return
        problem = validate_tracking_uri(uri, self.config_obj.allow_local_stores) if uri else None
        if problem:
            self.write_tracking_error(bad_request(problem))
            return
        self.config_obj.set_user_tracking_uri(uri)
        self.write_json(
            {
                "tracking_uri": self.config_obj.display_tracking_uri(),
                "tracking_uri_source": self.config_obj.tracking_uri_source(),
                "tracking_uri_fixed": bool(self.config_obj.tracking_uri),
            }
        )


class ExperimentsHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        async def search():
            filter_string = experiment_name_filter(self.get_argument("search", ""))
            order = self.choice_arg("order_by", "last_update_time DESC", EXPERIMENT_ORDERS)
            view_type = self.choice_arg("view_type", "ACTIVE_ONLY", VIEW_TYPES)
            max_results = self.int_arg("max_results", DEFAULT_PAGE, 1, MAX_PAGE)
            page_token = self.page_token_arg()
            return await self.store().search_experiments(
                filter_string, max_results, page_token, view_type, order
            )

        await self.run(search)


class ExperimentHandler(BaseHandler):
    """experiments/<anything>: one experiment, or a JSON 400 for a malformed id."""

    @tornado.web.authenticated
    async def get(self, experiment_id: str) -> None:
        async def get():
            problem = experiment_id_problem(experiment_id)
            if problem:
                raise bad_request(f"not an experiment id: {_shown(experiment_id)} ({problem})")
            return await self.store().get_experiment(experiment_id)

        await self.run(get)


class TracesHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, experiment_id: str) -> None:
        async def search():
            problem = experiment_id_problem(experiment_id)
            if problem:
                raise bad_request(f"not an experiment id: {_shown(experiment_id)} ({problem})")
            query = TraceQuery(
                status=self.get_argument("status", "").strip() or None,
                text=self.get_argument("text", ""),
                name=self.get_argument("name", ""),
                since_ms=self.int_arg("since_ms", None, 0, 2**53),
                until_ms=self.int_arg("until_ms", None, 0, 2**53),
            )
            order = self.choice_arg("order_by", "timestamp_ms DESC", TRACE_ORDERS)
            max_results = self.int_arg("max_results", DEFAULT_PAGE, 1, MAX_PAGE)
            page_token = self.page_token_arg()
            return await self.store().search_traces(
                experiment_id, query, max_results, page_token, order
            )

        await self.run(search)


class TraceHandler(BaseHandler):
    """traces/<anything>: one trace, or a JSON 400 for a malformed id."""

    @tornado.web.authenticated
    async def get(self, trace_id: Optional[str]) -> None:
        async def get():
            problem = trace_id_problem(trace_id or "")
            if problem:
                raise bad_request(f"not a trace id: {_shown(trace_id or '')} ({problem})")
            requested = self.get_argument("tracking_uri", "").strip()
            if requested and self.requested_store():
                raise bad_request("give either tracking_uri or store, not both")
            if requested:
                store = one_shot_store(self.config_obj, self.limits, requested)
            else:
                store = self.store()
            return await store.get_trace(trace_id)

        await self.run(get)


class NotFoundHandler(BaseHandler):
    """Anything else in the namespace: a JSON 404 the frontend tells apart from a
    missing extension (Tornado's HTML 404)."""

    async def _not_found(self, *args: Any) -> None:
        self.write_tracking_error(
            TrackingError("not-found", f"no such endpoint: {_shown(self.request.path)}", 404)
        )

    get = put = post = delete = patch = tornado.web.authenticated(_not_found)


def setup_route_handlers(web_app, config: MlflowTracesConfig) -> None:
    base_url = web_app.settings["base_url"]

    def route(path: str) -> str:
        return url_path_join(base_url, NAMESPACE, path)

    # Imported here: assessments builds on this module's BaseHandler.
    from .assessments import AssessmentsHandler
    from .attachments import AttachmentHandler

    kwargs = {"config": config, "limits": UpstreamLimits(config.max_concurrent_requests)}
    web_app.add_handlers(
        ".*$",
        [
            (route("status"), StatusHandler, kwargs),
            (route("connection"), ConnectionHandler, kwargs),
            (route("experiments/?"), ExperimentsHandler, kwargs),
            (route("experiments/([^/]*)/traces/?"), TracesHandler, kwargs),
            (route("experiments/(.*)"), ExperimentHandler, kwargs),
            # Before traces/…, which takes every path under it.
            (route("traces/(.+)/assessments/?"), AssessmentsHandler, kwargs),
            (route("traces/(.+)/attachments/([^/]+)/?"), AttachmentHandler, kwargs),
            (route("traces(?:/(.*))?"), TraceHandler, kwargs),
            (route("(.*)"), NotFoundHandler, kwargs),
        ],
    )
