"""Traces over the size cap embed their structure: a real kernel, real mlflow (3.17.2, or
MLflow 2 through ``MLFLOW_TRACES_KERNEL_PYTHON``) and a real tracking server."""

import json

from jupyterlab_mlflow_traces.kernel_hook import envelope as hook_envelope
from jupyterlab_mlflow_traces.kernel_hook import patcher
from jupyterlab_mlflow_traces.tests.test_kernel_hook import (
    MIME,
    displays,
    kernel_trace_json,
    no_errors,
    start_kernel,  # noqa: F401 (fixture)
    trace_id_of,
)

#: MLflow's default: with synchronous logging each of 5,000 spans is a request (minutes).
ASYNC_LOGGING = {"MLFLOW_ENABLE_ASYNC_TRACE_LOGGING": "true"}

#: One root ("agent", AGENT) with N - 1 children ("step", TOOL); step 7 fails.
WIDE_TRACE = """
import mlflow
mlflow.set_tracking_uri({uri!r})
mlflow.set_experiment("structure-tests")

@mlflow.trace(span_type="TOOL")
def step(i):
    if i == 7:
        raise ValueError("step 7 failed")
    return {{"step": i, "text": "result of step %d " % i + "x" * {value_chars}}}

def safe_step(i):
    try:
        return step(i)
    except ValueError:
        return None

@mlflow.trace(name="agent", span_type="AGENT")
def agent(n):
    return [safe_step(i) for i in range(n - 1)]

agent({spans});
"""


def envelope_size(envelope):
    return len(json.dumps(envelope, ensure_ascii=False).encode())


def test_5000_spans_embed_their_whole_tree_under_the_default_cap(start_kernel, mlflow_server):  # noqa: F811
    kernel = start_kernel(ASYNC_LOGGING)
    kernel.hook("install(display_enabled=True)")
    outputs = kernel.ok(WIDE_TRACE.format(uri=mlflow_server.uri, spans=5000, value_chars=20))
    no_errors(outputs)
    data = displays(outputs)[0]["data"]
    envelope = data[MIME]
    assert envelope["structure"] is True and envelope["truncated"] is True
    assert envelope_size(envelope) <= patcher.DEFAULT_MAX_BYTES
    (trace,) = envelope["traces"]
    assert trace["data"]["spans"] == []
    structure = trace["data"]["structure"]

    # Every span the server has, with its parent, name, type, status and times.
    kernel.ok("mlflow.flush_trace_async_logging()")
    full = kernel_trace_json(kernel)
    assert trace_id_of(trace) == trace_id_of(full)
    server_spans = full["data"]["spans"]
    assert len(structure["spans"]) == len(server_spans) == 5000

    def span_id(span):
        return span.get("span_id") or span["context"]["span_id"]

    def start(span):
        return int(span.get("start_time_unix_nano", span.get("start_time")))

    def end(span):
        return int(span.get("end_time_unix_nano", span.get("end_time")))

    by_id = {span_id(s): s for s in server_spans}
    base = int(structure["start"])
    rows = {row[0]: row for row in structure["spans"]}
    assert set(rows) == set(by_id)
    names, types, statuses = structure["names"], structure["types"], structure["statuses"]
    for sid, (_, parent, name, kind, _status, offset, duration) in rows.items():
        span = by_id[sid]
        parent_id = span.get("parent_span_id") or span.get("parent_id")
        assert (structure["spans"][parent][0] if parent >= 0 else None) == parent_id
        assert names[name] == span["name"]
        assert types[kind] == span["attributes"]["mlflow.spanType"]
        assert base + offset == start(span)
        assert base + offset + duration == end(span)
    roots = [row for row in structure["spans"] if row[1] == -1]
    assert [names[r[2]] for r in roots] == ["agent"]
    assert json.loads(types[roots[0][3]]) == "AGENT"
    failed = [r for r in structure["spans"] if "ERROR" in str(statuses[r[4]])]
    assert len(failed) == 1

    # The static summary says values were shortened.
    assert "shortened" in data["text/html"]


def test_a_tree_too_large_for_the_cap_keeps_mlflows_bundle(start_kernel, mlflow_server):  # noqa: F811
    kernel = start_kernel(ASYNC_LOGGING)
    kernel.hook("install(display_enabled=True, max_bytes=20000)")
    outputs = kernel.ok(WIDE_TRACE.format(uri=mlflow_server.uri, spans=2000, value_chars=0))
    no_errors(outputs)
    data = displays(outputs)[0]["data"]
    assert MIME not in data
    assert "notebook-trace-renderer" in data["text/html"]


def test_span_structure_of_mlflow_2_and_3_spans():
    v3 = [
        {
            "span_id": "AAA=",
            "parent_span_id": None,
            "name": "root",
            "start_time_unix_nano": 1_700_000_000_000_000_000,
            "end_time_unix_nano": 1_700_000_000_000_000_900,
            "status": {"code": "STATUS_CODE_OK", "message": ""},
            "attributes": {"mlflow.spanType": '"AGENT"'},
        },
        {
            "span_id": "BBB=",
            "parent_span_id": "AAA=",
            "name": "child",
            "start_time_unix_nano": "1700000000000000100",
            "end_time_unix_nano": "1700000000000000200",
            "status": {"code": "STATUS_CODE_ERROR", "message": "boom"},
            "attributes": {},
        },
    ]
    v2 = [
        {
            "name": "root",
            "context": {"span_id": "0x01", "trace_id": "0xff"},
            "parent_id": None,
            "start_time": 1_700_000_000_000_000_000,
            "end_time": 1_700_000_000_000_000_900,
            "status_code": "OK",
            "attributes": {"mlflow.spanType": '"AGENT"'},
        },
        {
            "name": "child",
            "context": {"span_id": "0x02", "trace_id": "0xff"},
            "parent_id": "0x01",
            "start_time": 1_700_000_000_000_000_100,
            "end_time": 1_700_000_000_000_000_200,
            "status_code": "ERROR",
            "attributes": {},
        },
    ]
    for spans, ok, error, ids in (
        (v3, "STATUS_CODE_OK", "STATUS_CODE_ERROR", ("AAA=", "BBB=")),
        (v2, "OK", "ERROR", ("0x01", "0x02")),
    ):
        structure = hook_envelope.span_structure(spans)
        assert structure == {
            "start": "1700000000000000000",
            "spans": [[ids[0], -1, 0, 0, 0, 0, 900], [ids[1], 0, 1, 1, 1, 100, 100]],
            "names": ["root", "child"],
            "types": ['"AGENT"', None],
            "statuses": [ok, error],
        }
