"""Trace answers travel gzipped when the browser accepts it (a real MLflow server)."""

import gzip
import json

from jupyterlab_mlflow_traces.responses import accepts_gzip, gzip_parts
from jupyterlab_mlflow_traces.routes import NAMESPACE

#: Every tracking store here is real MLflow (conftest's contract check).
ANSWERS_FROM_REAL_MLFLOW = True


async def raw_trace(jp_fetch, trace_id, accept_encoding):
    """The answer's bytes as they crossed the wire (no decompression by the client)."""
    response = await jp_fetch(
        NAMESPACE,
        "traces",
        trace_id,
        headers={"Accept-Encoding": accept_encoding},
        decompress_response=False,
    )
    assert response.code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert int(response.headers["Content-Length"]) == len(response.body)
    return response


async def test_trace_is_gzipped_when_the_browser_accepts_it(jp_fetch, seeded):
    trace_id = seeded["trace_ids"][1]
    plain = await raw_trace(jp_fetch, trace_id, "identity")
    zipped = await raw_trace(jp_fetch, trace_id, "gzip, deflate, br")

    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    # The same document, byte for byte, in fewer bytes.
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) < len(plain.body) / 2
    names = sorted(s["name"] for s in json.loads(plain.body)["spans"]["spans"])
    assert names == ["lookup", "plan", "weather_agent"]


async def test_gzip_refused_with_q0_sends_the_trace_as_is(jp_fetch, seeded):
    response = await raw_trace(jp_fetch, seeded["trace_ids"][1], "gzip;q=0, identity")
    assert "Content-Encoding" not in response.headers
    assert json.loads(response.body)["info"]["trace"]["trace_info"]["trace_id"]


async def test_trace_lists_are_gzipped_too(jp_fetch, seeded):
    response = await jp_fetch(
        NAMESPACE,
        "experiments",
        seeded["experiment_id"],
        "traces",
        headers={"Accept-Encoding": "gzip"},
        decompress_response=False,
    )
    assert response.headers["Content-Encoding"] == "gzip"
    traces = json.loads(gzip.decompress(response.body))["traces"]
    assert {t["trace_id"] for t in traces} >= set(seeded["trace_ids"])


def test_accept_encoding_values():
    assert accepts_gzip("gzip")
    assert accepts_gzip("br, GZIP;q=0.5")
    assert accepts_gzip("*")
    assert not accepts_gzip("")
    assert not accepts_gzip("identity")
    assert not accepts_gzip("deflate, br")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("gzip;q=0.0, br")


def test_parts_make_one_gzip_stream():
    parts = [b'{"info": ', memoryview(b'{"a": 1}'), b', "spans": ', b"[]" * 3000, b"}"]
    assert gzip.decompress(b"".join(gzip_parts(parts))) == b"".join(bytes(p) for p in parts)
