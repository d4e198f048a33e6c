"""Non-HTTP tracking URIs (sqlite:, file:, ./mlruns, postgresql:) through MlflowClient.

MlflowClient is blocking, so every call runs in a worker thread. Results are
shaped like the REST responses of `tracking_http`, so the frontend parses one
format family.
"""

import asyncio
import json
from functools import partial
from typing import Any, Dict, Optional

from .config import strip_credentials
from .errors import TrackingError


def _import_mlflow():
    try:
        import mlflow  # noqa: F401
        from mlflow import MlflowClient
    except ImportError as err:
        raise TrackingError(
            "missing-mlflow",
            "this tracking URI is not http(s), so the Jupyter server reads it with the mlflow "
            "package, which is not installed in the Jupyter server's environment: "
            "pip install 'jupyterlab-mlflow-traces[mlflow]'",
            status=501,
        ) from err
    return mlflow, MlflowClient


def _experiment_dict(exp: Any) -> Dict[str, Any]:
    return {
        "experiment_id": exp.experiment_id,
        "name": exp.name,
        "artifact_location": exp.artifact_location,
        "lifecycle_stage": exp.lifecycle_stage,
        "last_update_time": exp.last_update_time,
        "creation_time": exp.creation_time,
        "tags": [{"key": k, "value": v} for k, v in (exp.tags or {}).items()],
    }


def _trace_info_dict(info: Any) -> Dict[str, Any]:
    to_dict = getattr(info, "to_dict", None) or getattr(info, "to_dictionary", None)
    return to_dict() if to_dict else {}


class LocalTrackingStore:
    def __init__(self, uri: str):
        self.uri = uri
        self.display_uri = strip_credentials(uri)

    async def _run(self, func, *args, **kwargs):
        mlflow, client_cls = _import_mlflow()
        client = client_cls(tracking_uri=self.uri)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(None, partial(func, mlflow, client, *args, **kwargs))
        except TrackingError:
            raise
        except Exception as err:
            kind = "not-found" if "not found" in str(err).lower() or "does not exist" in str(err).lower() else "server-error"
            raise TrackingError(
                kind,
                f"tracking store {self.display_uri}: {type(err).__name__}: {str(err)[:500]}",
                status=404 if kind == "not-found" else 502,
            ) from err

    async def version(self) -> str:
        def get(mlflow, client):
            return mlflow.__version__

        return await self._run(get)

    async def search_experiments(
        self,
        filter_string: Optional[str],
        max_results: int,
        page_token: Optional[str],
        view_type: str,
        order_by: str,
    ) -> Dict[str, Any]:
        def search(mlflow, client):
            from mlflow.entities import ViewType

            page = client.search_experiments(
                view_type=ViewType.from_string(view_type),
                max_results=max_results,
                filter_string=filter_string or None,
                order_by=[order_by],
                page_token=page_token or None,
            )
            return {
                "experiments": [_experiment_dict(e) for e in page],
                "next_page_token": page.token,
            }

        return await self._run(search)

    async def search_traces(
        self,
        experiment_id: str,
        filter_string: Optional[str],
        max_results: int,
        page_token: Optional[str],
        order_by: str,
    ) -> Dict[str, Any]:
        def search(mlflow, client):
            kwargs: Dict[str, Any] = dict(
                filter_string=filter_string or None,
                max_results=max_results,
                order_by=[order_by],
                page_token=page_token or None,
            )
            major = int(mlflow.__version__.split(".")[0])
            if major >= 3:
                page = client.search_traces(locations=[experiment_id], include_spans=False, **kwargs)
            else:
                page = client.search_traces(experiment_ids=[experiment_id], **kwargs)
            return {
                "api": "v3" if major >= 3 else "v2",
                "traces": [_trace_info_dict(t.info) for t in page],
                "next_page_token": page.token,
            }

        return await self._run(search)

    async def get_trace(self, trace_id: str) -> Dict[str, Any]:
        def get(mlflow, client):
            trace = client.get_trace(trace_id)
            if trace is None:
                raise TrackingError("not-found", f"trace {trace_id} not found on {self.display_uri}", 404)
            data = json.loads(trace.to_json())
            return {"info": data.get("info"), "spans": {"spans": data.get("data", {}).get("spans", [])}}

        return await self._run(get)
