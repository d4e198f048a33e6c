"""The hook reads MLflow's JSON once: big integers become strings while parsing, and an
envelope that fits by the parse's size bound is not serialized again to measure it.
The envelopes are the ones the slower path (parse, then convert, then measure) builds.
Traces: the committed fixtures, made by the real SDKs (fixtures/README.md)."""

import copy
import json
from pathlib import Path

import pytest

from jupyterlab_mlflow_traces.kernel_hook import envelope as hook_envelope

from .contract import validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
VERSIONS = ("mlflow-3.17.2", "mlflow-3.4.0", "mlflow-2.22.5")
NAMES = ("decorated", "error", "langchain", "large")


def mlflow_json(version: str, name: str) -> str:
    """The trace as ``Trace.to_json()`` writes it (ASCII, default separators)."""
    payload = json.loads((FIXTURES / version / f"{name}.trace.json").read_text())["payload"]
    return json.dumps(payload)


def real_size(envelope: dict) -> int:
    return len(json.dumps(envelope, ensure_ascii=False).encode("utf-8"))


@pytest.mark.parametrize("version", VERSIONS)
def test_parsing_converts_exactly_what_big_ints_as_strings_converts(version):
    texts = [mlflow_json(version, n) for n in NAMES]
    parsed, bound = hook_envelope.parse_trace_json(texts)
    assert parsed == [hook_envelope.big_ints_as_strings(json.loads(t)) for t in texts]
    assert bound >= len(json.dumps(parsed, ensure_ascii=False).encode("utf-8")) - 2 * len(texts)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("cap", [10_000_000, 0.9, 0.3, 30_000])
def test_one_parse_builds_the_same_envelope_at_every_cap(version, cap):
    texts = [mlflow_json(version, n) for n in NAMES]
    size = sum(len(t) for t in texts)
    max_bytes = int(size * cap) if cap < 1 else cap
    slow = hook_envelope.build_envelope(
        [json.loads(t) for t in texts], "http://127.0.0.1:5000", max_bytes, json_size=size
    )
    parsed, bound = hook_envelope.parse_trace_json(texts)
    fast = hook_envelope.build_envelope(
        parsed, "http://127.0.0.1:5000", max_bytes, json_size=bound, parsed=True
    )
    assert fast == slow
    if fast is not None:
        validate("Envelope", fast)
        assert real_size(fast) <= max_bytes


def test_the_bound_holds_for_non_ascii_values():
    """MLflow escapes non-ASCII (6 bytes for 2-3 in UTF-8): the bound stays above."""
    text = mlflow_json("mlflow-3.17.2", "decorated")
    trace = json.loads(text)
    trace["data"]["spans"][0]["attributes"]["mlflow.spanInputs"] = json.dumps("京都の天気" * 50)
    texts = [json.dumps(trace)]
    parsed, bound = hook_envelope.parse_trace_json(texts)
    envelope = hook_envelope.build_envelope(
        copy.deepcopy(parsed), None, 10_000_000, json_size=bound, parsed=True
    )
    assert real_size(envelope) <= bound + real_size({"version": 2, "traces": []})
    # Just under the bound but over the real size: measured, not cut.
    tight = hook_envelope.build_envelope(
        copy.deepcopy(parsed), None, real_size(envelope), json_size=bound, parsed=True
    )
    assert tight == envelope and "truncated" not in tight


def test_values_cut_while_trying_whole_are_whole_again_in_the_structure():
    """A trace too large whole even with markers, whose structure fits with its info:
    the markers of the whole attempt do not leak into the structure (same as the
    slower path, at every cap). Hand-made: a real fixture plus a large metadata value."""
    trace = json.loads(mlflow_json("mlflow-3.17.2", "large"))
    trace["info"]["trace_metadata"]["notes"] = "x" * 3000
    texts = [json.dumps(trace)]
    size = len(texts[0])
    kept_whole = 0
    for percent in range(5, 101, 5):
        max_bytes = size * percent // 100
        slow = hook_envelope.build_envelope([json.loads(texts[0])], None, max_bytes, json_size=size)
        parsed, bound = hook_envelope.parse_trace_json(texts)
        fast = hook_envelope.build_envelope(parsed, None, max_bytes, json_size=bound, parsed=True)
        assert fast == slow, percent
        if fast and fast.get("structure"):
            kept_whole += fast["traces"][0]["info"]["trace_metadata"]["notes"] == "x" * 3000
    assert kept_whole, "no cap gave a structure with the metadata whole"
