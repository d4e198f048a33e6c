"""Every endpoint against a real MLflow tracking server started by the tests."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces import __version__
from jupyterlab_mlflow_traces.routes import NAMESPACE

from .conftest import PAGING_EXPERIMENTS

#: Every tracking store here is real MLflow: conftest's jp_fetch holds the answers
#: to MLflow's shapes in the contract, not only to the extension's guarantees.
ANSWERS_FROM_REAL_MLFLOW = True


async def get_json(jp_fetch, *path, **params):
    response = await jp_fetch(NAMESPACE, *path, params=params or None)
    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return json.loads(response.body)


async def get_error(jp_fetch, *path, method="GET", body=None, **params):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, *path, method=method, body=body, params=params or None)
    return info.value.code, json.loads(info.value.response.body)["error"]


async def all_pages(jp_fetch, path, key, **params):
    """Follow next_page_token to the end; returns the pages."""
    pages = []
    token = None
    while True:
        query = dict(params)
        if token:
            query["page_token"] = token
        body = await get_json(jp_fetch, *path, **query)
        pages.append(body[key] if key in body else [])
        token = body.get("next_page_token")
        if not token:
            return pages
        assert len(pages) < 50, "paging does not end"


# ---------------------------------------------------------------- status


async def test_status_reports_reachable_server(jp_fetch, mlflow_server):
    import mlflow

    status = await get_json(jp_fetch, "status")
    assert status == {
        "extension_version": __version__,
        "tracking_uri": mlflow_server.uri,
        "tracking_uri_source": "server configuration",
        "tracking_uri_fixed": True,
        "is_http": True,
        "allowed_tracking_uris": [],
        "allow_local_stores": False,
        "browse_kernel_stores": True,
        "reachable": True,
        "mlflow_version": mlflow.__version__,
        "reason": None,
        "reason_kind": None,
    }


# ---------------------------------------------------------------- experiments


async def test_experiments_are_listed_newest_first(jp_fetch, seeded):
    body = await get_json(jp_fetch, "experiments")
    names = [e["name"] for e in body["experiments"]]
    # Other test modules share this server: check the order, not the first name.
    times = [int(e["last_update_time"]) for e in body["experiments"]]
    assert times == sorted(times, reverse=True)
    assert names.index("pytest-demo") < min(names.index(n) for n in PAGING_EXPERIMENTS)
    assert set(PAGING_EXPERIMENTS) <= set(names)
    assert "pytest-deleted" not in names
    assert "next_page_token" not in body


async def test_experiments_page_across_several_pages(jp_fetch, seeded):
    pages = await all_pages(
        jp_fetch,
        ["experiments"],
        "experiments",
        search="paging-",
        max_results="3",
        order_by="name ASC",
    )
    assert [len(p) for p in pages] == [3, 3, 1]
    names = [e["name"] for page in pages for e in page]
    assert names == PAGING_EXPERIMENTS


async def test_experiment_search_is_case_insensitive_substring(jp_fetch, seeded):
    body = await get_json(jp_fetch, "experiments", search="PYTEST-DEM")
    assert [e["name"] for e in body["experiments"]] == ["pytest-demo"]
    body = await get_json(jp_fetch, "experiments", search="no such experiment at all")
    assert body.get("experiments", []) == []


async def test_experiment_search_with_quotes_is_not_a_syntax_error(jp_fetch, seeded):
    for text in ("it's", 'say "hi"', "both ' and \"", "back\\slash"):
        body = await get_json(jp_fetch, "experiments", search=text)
        assert body.get("experiments", []) == [], text


async def test_experiment_order_and_view_type(jp_fetch, seeded):
    body = await get_json(jp_fetch, "experiments", order_by="name DESC", search="paging-")
    assert [e["name"] for e in body["experiments"]] == sorted(PAGING_EXPERIMENTS, reverse=True)
    body = await get_json(jp_fetch, "experiments", view_type="DELETED_ONLY")
    assert [e["name"] for e in body["experiments"]] == ["pytest-deleted"]
    body = await get_json(jp_fetch, "experiments", view_type="ALL", search="pytest-")
    assert {e["name"] for e in body["experiments"]} == {"pytest-demo", "pytest-deleted"}


async def test_experiment_bad_parameters_are_400(jp_fetch, seeded):
    code, error = await get_error(jp_fetch, "experiments", order_by="name; DROP TABLE")
    assert (code, error["kind"]) == (400, "bad-request")
    assert "unsupported order_by" in error["message"]
    code, error = await get_error(jp_fetch, "experiments", view_type="EVERYTHING")
    assert code == 400 and "view_type" in error["message"]
    code, error = await get_error(jp_fetch, "experiments", max_results="many")
    assert code == 400 and "max_results must be an integer" in error["message"]
    code, error = await get_error(jp_fetch, "experiments", search="x" * 201)
    assert code == 400 and "longer than 200" in error["message"]


async def test_bad_page_token_is_mlflows_error_code(jp_fetch, seeded, mlflow_server):
    code, error = await get_error(jp_fetch, "experiments", page_token="garbage")
    assert code == 502
    assert error["kind"] == "server-error"
    assert error["upstream_status"] == 400
    assert error["error_code"] == "INVALID_PARAMETER_VALUE"
    # MLflow's message is not quoted (upstream text never is); its error code is.
    assert error["message"] == (
        f"tracking server at {mlflow_server.uri} answered 400 (INVALID_PARAMETER_VALUE) to "
        "/api/2.0/mlflow/experiments/search"
    )


async def test_one_experiment_by_id(jp_fetch, seeded):
    body = await get_json(jp_fetch, "experiments", seeded["experiment_id"])
    assert body["experiment"]["name"] == "pytest-demo"
    code, error = await get_error(jp_fetch, "experiments", "987654")
    assert code == 404
    assert error["kind"] == "not-found"
    assert "experiment 987654 not found" in error["message"]


# ---------------------------------------------------------------- traces


async def test_traces_of_an_experiment_newest_first(jp_fetch, seeded):
    body = await get_json(jp_fetch, "experiments", seeded["experiment_id"], "traces")
    assert body["api"] == "v3"
    assert body["text_filter"] == "full-text"
    ids = [t["trace_id"] for t in body["traces"]]
    assert ids == seeded["all_trace_ids"]
    first = body["traces"][0]
    assert first["tags"]["mlflow.traceName"] == "small_step"
    assert "it's 50% done" in first["request_preview"]
    # No spans in a search result: the sidebar asks for them per trace.
    assert "spans" not in first


async def test_traces_page_across_several_pages(jp_fetch, seeded):
    pages = await all_pages(
        jp_fetch, ["experiments", seeded["experiment_id"], "traces"], "traces", max_results="4"
    )
    assert [len(p) for p in pages] == [4, 2]
    pages = await all_pages(
        jp_fetch,
        ["experiments", seeded["experiment_id"], "traces"],
        "traces",
        max_results="2",
        order_by="timestamp_ms ASC",
    )
    # MLflow's offset tokens: an exactly full last page is followed by an empty one.
    assert [len(p) for p in pages if p] == [2, 2, 2]
    ids = [t["trace_id"] for page in pages for t in page]
    assert ids == list(reversed(seeded["all_trace_ids"]))


async def test_trace_filters(jp_fetch, seeded):
    path = ["experiments", seeded["experiment_id"], "traces"]

    async def names(**params):
        body = await get_json(jp_fetch, *path, **params)
        return [t["tags"]["mlflow.traceName"] for t in body.get("traces", [])]

    assert await names(status="ERROR") == ["failing_tool"]
    assert await names(status="OK") == ["small_step"] * 3 + ["weather_agent"] * 2
    # Full text, case-insensitive, over span content (MLflow 3 `attributes.text ILIKE`).
    assert await names(text="KYOTO") == ["weather_agent", "weather_agent"]
    assert await names(text="京都の天気") == ["weather_agent"]
    assert await names(text="it's 50") == ["small_step"]
    assert await names(text="tool failed") == ["failing_tool"]
    # Trace name, case-insensitive substring.
    assert await names(name="WEATHER") == ["weather_agent", "weather_agent"]
    assert await names(name="step", status="ERROR") == []
    assert await names(text="zzz-not-there") == []


async def test_trace_time_filters(jp_fetch, seeded):
    path = ["experiments", seeded["experiment_id"], "traces"]
    body = await get_json(jp_fetch, *path, order_by="timestamp_ms ASC")
    from datetime import datetime

    times = [
        int(datetime.fromisoformat(t["request_time"].replace("Z", "+00:00")).timestamp() * 1000)
        for t in body["traces"]
    ]
    middle = times[3]
    later = await get_json(jp_fetch, *path, since_ms=str(middle), order_by="timestamp_ms ASC")
    assert [t["trace_id"] for t in later["traces"]] == [t["trace_id"] for t in body["traces"][3:]]
    earlier = await get_json(jp_fetch, *path, until_ms=str(middle - 1))
    assert len(earlier["traces"]) == 3


async def test_trace_bad_parameters_are_400(jp_fetch, seeded):
    path = ["experiments", seeded["experiment_id"], "traces"]
    code, error = await get_error(jp_fetch, *path, status="BROKEN")
    assert code == 400 and "unsupported status" in error["message"]
    code, error = await get_error(jp_fetch, *path, order_by="random()")
    assert code == 400 and "unsupported order_by" in error["message"]
    code, error = await get_error(jp_fetch, *path, since_ms="yesterday")
    assert code == 400 and "since_ms must be an integer" in error["message"]
    code, error = await get_error(jp_fetch, *path, text="a\nb")
    assert code == 400 and "control characters" in error["message"]


async def test_traces_of_an_unknown_experiment_are_empty(jp_fetch, seeded):
    body = await get_json(jp_fetch, "experiments", "987654", "traces")
    assert body.get("traces", []) == []


# ---------------------------------------------------------------- one trace


async def test_one_trace_by_id_has_info_and_spans(jp_fetch, seeded, mlflow_server):
    trace_id = seeded["trace_ids"][1]
    body = await get_json(jp_fetch, "traces", trace_id)
    info = body["info"]["trace"]["trace_info"]
    assert info["trace_id"] == trace_id
    assert info["state"] == "OK"
    names = sorted(span["name"] for span in body["spans"]["spans"])
    assert names == ["lookup", "plan", "weather_agent"]
    plan = next(s for s in body["spans"]["spans"] if s["name"] == "plan")
    assert "京都の天気は" in plan["attributes"]["mlflow.spanInputs"]
    assert body["tracking_uri"] == mlflow_server.uri


async def test_error_trace_has_its_exception(jp_fetch, seeded):
    body = await get_json(jp_fetch, "traces", seeded["error_trace_id"])
    assert body["info"]["trace"]["trace_info"]["state"] == "ERROR"
    (span,) = body["spans"]["spans"]
    assert any(e["name"] == "exception" for e in span.get("events", []))


async def test_unknown_trace_is_a_specific_404(jp_fetch, seeded, mlflow_server):
    code, error = await get_error(jp_fetch, "traces", "tr-00000000000000000000000000000000")
    assert code == 404
    assert error == {
        "kind": "not-found",
        "message": f"trace tr-00000000000000000000000000000000 not found on {mlflow_server.uri}",
    }


async def test_trace_id_with_dots_is_rejected(jp_fetch, seeded):
    code, error = await get_error(jp_fetch, "traces", "..%2F..%2Fetc")
    assert code == 400 and "not a trace id" in error["message"]


# ---------------------------------------------------------------- auth


async def test_unauthenticated_requests_are_rejected(jp_fetch, jp_serverapp, seeded):
    for method, path, body in (
        ("GET", "status", None),
        ("PUT", "connection", json.dumps({"tracking_uri": "http://127.0.0.1:1"})),
        ("GET", "experiments", None),
        ("GET", f"experiments/{seeded['experiment_id']}", None),
        ("GET", f"experiments/{seeded['experiment_id']}/traces", None),
        ("GET", f"traces/{seeded['trace_ids'][0]}", None),
    ):
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch(
                NAMESPACE, *path.split("/"), method=method, body=body, headers={"Authorization": ""}
            )
        assert info.value.code == 403, path
        assert b"weather" not in (info.value.response.body or b""), path
