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
from typing import Any, Optional

import tornado
from jupyter_server.utils import url_path_join

from ._version import __version__
from .assessments import AssessmentsHandler
from .attachments import AttachmentHandler
from .config import MlflowTracesConfig
from .credentials import is_http_uri, strip_credentials, validate_tracking_uri
from .errors import TrackingError
from .filters import TraceQuery, experiment_name_filter
from .handler_base import BaseHandler
from .request_checks import (
    DEFAULT_PAGE,
    EXPERIMENT_ORDERS,
    MAX_PAGE,
    TRACE_ORDERS,
    VIEW_TYPES,
    bad_request,
    experiment_id_problem,
    shown_value,
    trace_id_problem,
)
from .store_choice import one_shot_store
from .upstream_http import UpstreamLimits

NAMESPACE = "jupyterlab-mlflow-traces"


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
                raise bad_request(f"not an experiment id: {shown_value(experiment_id)} ({problem})")
            return await self.store().get_experiment(experiment_id)

        await self.run(get)


class TracesHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, experiment_id: str) -> None:
        async def search():
            problem = experiment_id_problem(experiment_id)
            if problem:
                raise bad_request(f"not an experiment id: {shown_value(experiment_id)} ({problem})")
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
                raise bad_request(f"not a trace id: {shown_value(trace_id or '')} ({problem})")
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
            TrackingError("not-found", f"no such endpoint: {shown_value(self.request.path)}", 404)
        )

    get = put = post = delete = patch = tornado.web.authenticated(_not_found)


def setup_route_handlers(web_app, config: MlflowTracesConfig) -> None:
    base_url = web_app.settings["base_url"]

    def route(path: str) -> str:
        return url_path_join(base_url, NAMESPACE, path)

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
