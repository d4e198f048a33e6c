"""REST endpoints under `<base_url>/jupyterlab-mlflow-traces/`.

Every verb is authenticated. No request parameter chooses the host to contact:
the tracking URI comes from `MlflowTracesConfig` only (server configuration, the
user's JupyterLab setting, the environment), so notebook content cannot make
this server reach an arbitrary host. Credentials never leave this process.
"""

import json
from typing import Any, Dict, Optional

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from ._version import __version__
from .config import MlflowTracesConfig, is_http_uri
from .errors import TrackingError
from .tracking_http import HttpTrackingStore
from .tracking_local import LocalTrackingStore

NAMESPACE = "jupyterlab-mlflow-traces"
MAX_PAGE = 500


def make_store(config: MlflowTracesConfig):
    uri = config.resolved_tracking_uri()
    if is_http_uri(uri):
        return HttpTrackingStore(
            uri, config.request_timeout, config.connect_timeout, config.max_response_bytes
        )
    if uri.startswith("databricks"):
        raise TrackingError(
            "not-configured",
            "Databricks tracking URIs are not supported by this server extension yet; "
            "set an http(s) MLflow tracking server",
            status=501,
        )
    return LocalTrackingStore(uri)


class BaseHandler(APIHandler):
    def initialize(self, config: MlflowTracesConfig) -> None:
        self.config_obj = config

    def write_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(data))

    def write_tracking_error(self, err: TrackingError) -> None:
        self.write_json(err.to_json(), status=err.status)

    def int_arg(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.get_argument(name, None)
        if raw is None:
            return default
        try:
            return max(low, min(high, int(raw)))
        except ValueError:
            raise tornado.web.HTTPError(400, f"{name} must be an integer") from None


class StatusHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        config = self.config_obj
        status: Dict[str, Any] = {
            "extension_version": __version__,
            "tracking_uri": config.display_tracking_uri(),
            "tracking_uri_source": config.tracking_uri_source(),
            "tracking_uri_fixed": bool(config.tracking_uri),
            "is_http": is_http_uri(config.resolved_tracking_uri()),
            "reachable": False,
            "mlflow_version": None,
            "reason": None,
        }
        try:
            store = make_store(config)
            status["mlflow_version"] = await store.version()
            status["reachable"] = True
        except TrackingError as err:
            status["reason"] = err.message
            status["reason_kind"] = err.kind
        self.write_json(status)


class ConnectionHandler(BaseHandler):
    """The user's JupyterLab setting for the tracking URI (sent by the frontend)."""

    @tornado.web.authenticated
    async def put(self) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise tornado.web.HTTPError(400, "body must be JSON") from None
        uri = body.get("tracking_uri") if isinstance(body, dict) else None
        if uri is not None and not isinstance(uri, str):
            raise tornado.web.HTTPError(400, "tracking_uri must be a string")
        if self.config_obj.tracking_uri and uri:
            self.write_json(
                TrackingError(
                    "fixed",
                    "the tracking URI is fixed by the server configuration "
                    "(MlflowTracesConfig.tracking_uri)",
                    status=409,
                ).to_json(),
                status=409,
            )
            return
        self.config_obj.set_user_tracking_uri(uri)
        self.write_json(
            {
                "tracking_uri": self.config_obj.display_tracking_uri(),
                "tracking_uri_source": self.config_obj.tracking_uri_source(),
            }
        )


class ExperimentsHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        name = self.get_argument("search", "").strip()
        filter_string = None
        if name:
            escaped = name.replace("'", "\\'")
            filter_string = f"name ILIKE '%{escaped}%'"
        order = self.get_argument("order_by", "last_update_time DESC")
        if order not in (
            "last_update_time DESC",
            "last_update_time ASC",
            "name ASC",
            "name DESC",
            "creation_time DESC",
            "creation_time ASC",
        ):
            raise tornado.web.HTTPError(400, f"unsupported order_by: {order}")
        view_type = self.get_argument("view_type", "ACTIVE_ONLY")
        if view_type not in ("ACTIVE_ONLY", "DELETED_ONLY", "ALL"):
            raise tornado.web.HTTPError(400, f"unsupported view_type: {view_type}")
        try:
            store = make_store(self.config_obj)
            result = await store.search_experiments(
                filter_string,
                self.int_arg("max_results", 100, 1, MAX_PAGE),
                self.get_argument("page_token", None),
                view_type,
                order,
            )
        except TrackingError as err:
            self.write_tracking_error(err)
            return
        self.write_json(result)


class TracesHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, experiment_id: str) -> None:
        filters = []
        status = self.get_argument("status", "")
        if status:
            if status not in ("OK", "ERROR", "IN_PROGRESS"):
                raise tornado.web.HTTPError(400, f"unsupported status: {status}")
            filters.append(f"attributes.status = '{status}'")
        since = self.get_argument("since_ms", "")
        if since:
            filters.append(f"attributes.timestamp_ms > {self.int_arg('since_ms', 0, 0, 2**62)}")
        until = self.get_argument("until_ms", "")
        if until:
            filters.append(f"attributes.timestamp_ms < {self.int_arg('until_ms', 0, 0, 2**62)}")
        name = self.get_argument("name", "").strip()
        if name:
            escaped = name.replace("'", "\\'")
            filters.append(f"tags.`mlflow.traceName` ILIKE '%{escaped}%'")
        order = self.get_argument("order_by", "timestamp_ms DESC")
        if order not in ("timestamp_ms DESC", "timestamp_ms ASC", "execution_time_ms DESC", "execution_time_ms ASC"):
            raise tornado.web.HTTPError(400, f"unsupported order_by: {order}")
        try:
            store = make_store(self.config_obj)
            result = await store.search_traces(
                experiment_id,
                " AND ".join(filters) or None,
                self.int_arg("max_results", 100, 1, MAX_PAGE),
                self.get_argument("page_token", None),
                order,
            )
        except TrackingError as err:
            self.write_tracking_error(err)
            return
        self.write_json(result)


class TraceHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, trace_id: str) -> None:
        try:
            store = make_store(self.config_obj)
            result = await store.get_trace(trace_id)
        except TrackingError as err:
            self.write_tracking_error(err)
            return
        result["tracking_uri"] = store.display_uri
        self.write_json(result)


def setup_route_handlers(web_app, config: MlflowTracesConfig) -> None:
    base_url = web_app.settings["base_url"]

    def route(path: str) -> str:
        return url_path_join(base_url, NAMESPACE, path)

    kwargs = {"config": config}
    web_app.add_handlers(
        ".*$",
        [
            (route("status"), StatusHandler, kwargs),
            (route("connection"), ConnectionHandler, kwargs),
            (route("experiments"), ExperimentsHandler, kwargs),
            (route(r"experiments/([^/]+)/traces"), TracesHandler, kwargs),
            (route(r"traces/([^/]+)"), TraceHandler, kwargs),
        ],
    )
