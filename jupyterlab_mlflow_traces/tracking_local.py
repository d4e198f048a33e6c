"""Non-HTTP tracking URIs (sqlite:, file:, ./mlruns, postgresql:) through MlflowClient.

MlflowClient is blocking, so every call (and the JSON encoding of its result)
runs in a small worker pool of its own, off the event loop. Results are shaped
like the REST responses of `tracking_http`, so the frontend parses one format
family.

No request creates a store: a sqlite file or a store folder that does not exist
is reported before MlflowClient (which would create it) is built. Error messages
name the exception class only: MLflow's texts can quote the store URI.
"""

import asyncio
import json
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional
from urllib.parse import unquote, urlsplit

from .credentials import scheme_of, strip_credentials
from .errors import TrackingError
from .filters import TEXT_EXACT_NAME, TEXT_FULL, TraceQuery
from .json_bodies import SAFE_ERROR_CODE, scrub_value
from .responses import RawJson

_executor: Optional[ThreadPoolExecutor] = None


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="mlflow-traces")
    return _executor


def _import_mlflow():
    try:
        import mlflow  # noqa: F401
        from mlflow import MlflowClient
    except ImportError as err:
        raise TrackingError(
            "missing-mlflow",
            "this tracking URI is not http(s), so the Jupyter server reads it with the mlflow "
            "package, which is not installed in the Jupyter server's environment: "
            "pip install 'jupyterlab-mlflow-traces[mlflow]' (or point the tracking URI at an "
            "MLflow tracking server over http)",
            status=501,
        ) from err
    return mlflow, MlflowClient


def _token(token: Any) -> Optional[str]:
    """MLflow's page tokens are bytes for some stores."""
    if token is None or token == b"" or token == "":
        return None
    return token.decode() if isinstance(token, bytes) else str(token)


def _experiment_dict(exp: Any) -> dict[str, Any]:
    return {
        "experiment_id": exp.experiment_id,
        "name": exp.name,
        "artifact_location": exp.artifact_location,
        "lifecycle_stage": exp.lifecycle_stage,
        "last_update_time": exp.last_update_time,
        "creation_time": exp.creation_time,
        "tags": [{"key": k, "value": v} for k, v in (exp.tags or {}).items()],
    }


def _trace_info_dict(info: Any) -> dict[str, Any]:
    to_dict = getattr(info, "to_dict", None) or getattr(info, "to_dictionary", None)
    return to_dict() if to_dict else {}


def _major(mlflow: Any) -> int:
    try:
        return int(mlflow.__version__.split(".")[0])
    except ValueError:
        return 3


def local_store_path(uri: str) -> Optional[str]:
    """The file (sqlite) or folder (file store, path) a local URI names; None for
    database servers (postgresql:, mysql:, mssql:), which hold no local file."""
    scheme = scheme_of(uri)
    if scheme == "":
        return uri
    if scheme == "file":
        return unquote(urlsplit(uri).path)
    if scheme.split("+")[0] == "sqlite":
        rest = re.sub(r"^[A-Za-z0-9+]+://", "", uri, count=1).split("?", 1)[0]
        # sqlite:///relative.db -> relative.db, sqlite:////abs.db -> /abs.db.
        return rest.removeprefix("/")
    return None


class LocalTrackingStore:
    def __init__(self, uri: str, secret_forms: Sequence[str] = (), max_bytes: int = 0):
        self.uri = uri
        self.display_uri = strip_credentials(uri)
        self._forms = tuple(secret_forms)
        # 0: no cap; else the same cap as an http tracking server's answers.
        self._max_bytes = max_bytes

    def _client_uri(self) -> str:
        """The URI MlflowClient opens, checked first (in the worker thread)."""
        self._check_exists()
        return self.uri

    def _check_exists(self) -> None:
        path = local_store_path(self.uri)
        if path is None:
            return
        if path in ("", ":memory:") or not os.path.exists(path):
            raise TrackingError(
                "not-found",
                f"tracking store {self.display_uri}: {path or 'an in-memory database'} does not "
                "exist (the Jupyter server never creates a tracking store)",
                status=404,
            )

    async def _run(self, func, *args, **kwargs) -> RawJson:
        """func(mlflow, client, ...)'s result as JSON, cleaned of configured secrets."""

        def encode(mlflow, client):
            value, _ = scrub_value(func(mlflow, client, *args, **kwargs), self._forms)
            body = json.dumps(value).encode()
            if self._max_bytes and len(body) > self._max_bytes:
                raise TrackingError(
                    "too-large",
                    f"tracking store {self.display_uri}: the answer ({len(body):,} bytes) is "
                    f"larger than the limit ({self._max_bytes:,} bytes, "
                    "MlflowTracesConfig.max_response_bytes)",
                )
            return RawJson([body])

        return await self._call(encode)

    async def _call(self, func) -> Any:
        """func(mlflow, client) in the worker pool; MLflow's exceptions as TrackingErrors."""
        mlflow, client_cls = _import_mlflow()
        loop = asyncio.get_running_loop()

        def call():
            return func(mlflow, client_cls(tracking_uri=self._client_uri()))

        try:
            return await loop.run_in_executor(_get_executor(), call)
        except TrackingError:
            raise
        except Exception as err:
            low = str(err).lower()
            kind = (
                "not-found"
                if "not found" in low or "does not exist" in low or "resource_does_not_exist" in low
                else "server-error"
            )
            code = getattr(err, "error_code", None)
            code = code if isinstance(code, str) and SAFE_ERROR_CODE.match(code) else None
            raise TrackingError(
                kind,
                f"tracking store {self.display_uri}: {type(err).__name__}"
                + (f" ({code})" if code else ""),
                status=404 if kind == "not-found" else 502,
                error_code=code,
            ) from err

    async def version(self) -> str:
        mlflow, _ = _import_mlflow()
        return mlflow.__version__

    async def check_access(self) -> None:
        def probe(mlflow, client):
            client.search_experiments(max_results=1)

        await self._run(probe)

    async def search_experiments(
        self,
        filter_string: Optional[str],
        max_results: int,
        page_token: Optional[str],
        view_type: str,
        order_by: str,
    ) -> RawJson:
        def search(mlflow, client):
            from mlflow.entities import ViewType

            page = client.search_experiments(
                view_type=getattr(ViewType, view_type),
                max_results=max_results,
                filter_string=filter_string or None,
                order_by=[order_by],
                page_token=page_token or None,
            )
            result: dict[str, Any] = {"experiments": [_experiment_dict(e) for e in page]}
            token = _token(page.token)
            if token:
                result["next_page_token"] = token
            return result

        return await self._run(search)

    async def get_experiment(self, experiment_id: str) -> RawJson:
        def get(mlflow, client):
            return {"experiment": _experiment_dict(client.get_experiment(experiment_id))}

        try:
            return await self._run(get)
        except TrackingError as err:
            if err.kind == "not-found":
                raise TrackingError(
                    "not-found", f"experiment {experiment_id} not found on {self.display_uri}", 404
                ) from err
            raise

    async def search_traces(
        self,
        experiment_id: str,
        query: TraceQuery,
        max_results: int,
        page_token: Optional[str],
        order_by: str,
    ) -> RawJson:
        def search(mlflow, client):
            major = _major(mlflow)
            kwargs: dict[str, Any] = dict(
                filter_string=(query.v3_filter() if major >= 3 else query.v2_filter()),
                max_results=max_results,
                order_by=[order_by],
                page_token=page_token or None,
            )
            if major >= 3:
                page = client.search_traces(
                    locations=[experiment_id], include_spans=False, **kwargs
                )
            else:
                page = client.search_traces(experiment_ids=[experiment_id], **kwargs)
            result: dict[str, Any] = {
                "api": "v3" if major >= 3 else "v2",
                "text_filter": TEXT_FULL if major >= 3 else TEXT_EXACT_NAME,
                "traces": [_trace_info_dict(t.info) for t in page],
            }
            token = _token(page.token)
            if token:
                result["next_page_token"] = token
            return result

        return await self._run(search)

    async def get_trace(self, trace_id: str) -> RawJson:
        def get(mlflow, client):
            trace = client.get_trace(trace_id)
            if trace is None:
                raise TrackingError(
                    "not-found", f"trace {trace_id} not found on {self.display_uri}", 404
                )
            data = json.loads(trace.to_json())
            return {
                "info": data.get("info"),
                "spans": {"spans": (data.get("data") or {}).get("spans", [])},
                "tracking_uri": self.display_uri,
            }

        try:
            return await self._run(get)
        except TrackingError as err:
            if err.kind == "not-found":
                raise TrackingError(
                    "not-found", f"trace {trace_id} not found on {self.display_uri}", 404
                ) from err
            raise
