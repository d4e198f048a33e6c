"""Endpoints against a real MLflow tracking server started by the tests."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE


async def get_json(jp_fetch, *path, **params):
    response = await jp_fetch(NAMESPACE, *path, params=params or None)
    assert response.code == 200
    return json.loads(response.body)


async def test_status_reports_reachable_server(jp_fetch, mlflow_server):
    import mlflow

    status = await get_json(jp_fetch, "status")
    assert status["reachable"] is True
    assert status["mlflow_version"] == mlflow.__version__
    assert status["tracking_uri"] == mlflow_server.uri
    assert status["tracking_uri_source"] == "server configuration"


async def test_one_trace_by_id_has_info_and_spans(jp_fetch, seeded):
    trace_id = seeded["trace_ids"][1]
    body = await get_json(jp_fetch, "traces", trace_id)
    info = body["info"].get("trace", {}).get("trace_info") or body["info"]
    assert info["trace_id"] == trace_id
    names = sorted(span["name"] for span in body["spans"]["spans"])
    assert names == ["lookup", "plan", "weather_agent"]
    plan = next(s for s in body["spans"]["spans"] if s["name"] == "plan")
    assert "京都の天気は" in plan["attributes"]["mlflow.spanInputs"]


async def test_unknown_trace_is_a_specific_404(jp_fetch, seeded, mlflow_server):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "traces", "tr-00000000000000000000000000000000")
    assert info.value.code == 404
    error = json.loads(info.value.response.body)["error"]
    assert error["message"] == (
        f"trace tr-00000000000000000000000000000000 not found on {mlflow_server.uri}"
    )


async def test_unauthenticated_requests_are_rejected(jp_fetch, jp_serverapp):
    for path in ("status", "experiments", "traces/tr-1", "experiments/1/traces"):
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch(NAMESPACE, *path.split("/"), headers={"Authorization": ""})
        assert info.value.code == 403, path
