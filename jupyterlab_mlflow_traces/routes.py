"""REST endpoints under `<base_url>/jupyterlab-mlflow-traces/`.

Every verb is authenticated. No request parameter chooses the host to contact:
the tracking URI comes from `MlflowTracesConfig` only (server configuration, the
user's JupyterLab setting, the environment), so notebook content cannot make
this server reach an arbitrary host. Credentials never leave this process.

GET  status                       extension and tracking-server status
PUT  connection                   {"tracking_uri": "..."}: the user's setting
GET  experiments                  ?search= &order_by= &view_type= &max_results= &page_token=
GET  experiments/<id>             one experiment
GET  experiments/<id>/traces      ?status= &text= &name= &since_ms= &until_ms= &order_by=
                                  &max_results= &page_token=
GET  traces/<id>                  trace info and spans
"""

import json
from typing import Any, Dict, Optional

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from ._version import __version__
from .config import MlflowTracesConfig, is_http_uri, validate_tracking_uri
from .errors import TrackingError
from .filters import FilterError, TraceQuery, experiment_name_filter
from .tracking_http import HttpTrackingStore
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
EXPERIMENT_ID = r"[A-Za-z0-9_.\-]{1,200}"
# Trace ids: tr-<hex>, bare hex (MLflow 2), trace:/<location>/<hex> (Unity Catalog),
# matched percent-encoded (tornado decodes the group).
TRACE_ID = r"[A-Za-z0-9_.:%\-]{1,400}"
PAGE_TOKEN_MAX = 4096


def make_store(config: MlflowTracesConfig):
    uri = config.resolved_tracking_uri()
    if is_http_uri(uri):
        return HttpTrackingStore(
            uri, config.request_timeout, config.connect_timeout, config.max_response_bytes
        )
    if uri.startswith(("databricks", "uc")):
        raise TrackingError(
            "not-configured",
            "Databricks tracking URIs are not supported by this server extension yet; "
            "set an http(s) MLflow tracking server",
            status=501,
        )
    return LocalTrackingStore(uri)


def bad_request(message: str) -> TrackingError:
    return TrackingError("bad-request", message, status=400)


class BaseHandler(APIHandler):
    def initialize(self, config: MlflowTracesConfig) -> None:
        self.config_obj = config

    def write_json(self, data: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(self.scrub(json.dumps(data)))

    def scrub(self, text: str) -> str:
        """Defence in depth: no configured secret ever goes out, even echoed by a server."""
        for secret in self.config_obj.secrets():
            text = text.replace(secret, "***")
        return text

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

    async def run(self, func) -> None:
        """Answer with func()'s result, or with the error it raised."""
        try:
            result = await func()
        except TrackingError as err:
            self.write_tracking_error(err)
            return
        except FilterError as err:
            self.write_tracking_error(bad_request(str(err)))
            return
        self.write_json(result)


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
            "reason_kind": None,
        }
        try:
            store = make_store(config)
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

    Only the frontend's settings plugin (and an explicit user consent) calls
    this; a URI fixed by the server configuration cannot be overridden (409).
    """

    @tornado.web.authenticated
    async def put(self) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
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
        problem = validate_tracking_uri(uri) if uri else None
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
            store = make_store(self.config_obj)
            return await store.search_experiments(
                filter_string, max_results, page_token, view_type, order
            )

        await self.run(search)


class ExperimentHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, experiment_id: str) -> None:
        async def get():
            return await make_store(self.config_obj).get_experiment(experiment_id)

        await self.run(get)


class TracesHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, experiment_id: str) -> None:
        async def search():
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
            store = make_store(self.config_obj)
            return await store.search_traces(
                experiment_id, query, max_results, page_token, order
            )

        await self.run(search)


class TraceHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, trace_id: str) -> None:
        async def get():
            if trace_id.startswith("/") or ".." in trace_id:
                raise bad_request(f"not a trace id: {trace_id[:80]!r}")
            store = make_store(self.config_obj)
            result = await store.get_trace(trace_id)
            result["tracking_uri"] = store.display_uri
            return result

        await self.run(get)


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
            (route(rf"experiments/({EXPERIMENT_ID})"), ExperimentHandler, kwargs),
            (route(rf"experiments/({EXPERIMENT_ID})/traces"), TracesHandler, kwargs),
            (route(rf"traces/({TRACE_ID})"), TraceHandler, kwargs),
        ],
    )

