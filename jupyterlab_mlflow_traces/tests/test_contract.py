"""The contract (contract/openapi.json) against the Python side's constants and output.

Live handler answers are checked by conftest's jp_fetch in every server test, and the
real kernel hook's envelopes and state in test_kernel_hook*.py; here: the constants
the server and the hook use, the hook's envelope builder on traces the real SDK wrote
(fixtures/), and that the contract refuses what it must (so those checks can fail).
"""

import ast
import copy
import json
from pathlib import Path

import pytest

from jupyterlab_mlflow_traces import errors, filters, kernel_hook, request_checks
from jupyterlab_mlflow_traces.credentials import MAX_URI_LENGTH
from jupyterlab_mlflow_traces.kernel_hook import envelope as hook_envelope

from .contract import contract, enum, problems, schemas, validate

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "jupyterlab_mlflow_traces"
FIXTURES = REPO / "fixtures"
VERSIONS = ("mlflow-3.17.2", "mlflow-3.4.0", "mlflow-2.22.5")


def parameter(name: str) -> dict:
    return contract()["components"]["parameters"][name]["schema"]


# ------------------------------------------------------------------ constants


def test_sort_orders_statuses_and_view_types_are_the_contracts():
    # Same values, same order: the first is the default the frontend shows.
    assert list(request_checks.EXPERIMENT_ORDERS) == enum("ExperimentOrder")
    assert request_checks.EXPERIMENT_ORDERS[0] == schemas()["ExperimentOrder"]["default"]
    assert list(request_checks.TRACE_ORDERS) == enum("TraceOrder")
    assert request_checks.TRACE_ORDERS[0] == schemas()["TraceOrder"]["default"]
    assert list(request_checks.VIEW_TYPES) == enum("ViewType")
    assert list(filters.TRACE_STATUSES) == enum("TraceStatus")
    assert [filters.TEXT_FULL, filters.TEXT_EXACT_NAME] == enum("TextFilter")


def test_limits_are_the_contracts():
    assert request_checks.MAX_PAGE == schemas()["PageSize"]["maximum"]
    assert request_checks.DEFAULT_PAGE == schemas()["PageSize"]["default"]
    assert filters.MAX_TEXT_LENGTH == schemas()["SearchText"]["maxLength"]
    assert request_checks.TRACE_ID_MAX == schemas()["TraceId"]["maxLength"]
    assert request_checks.PAGE_TOKEN_MAX == parameter("page_token")["maxLength"]
    assert MAX_URI_LENGTH == parameter("store")["maxLength"]


def test_error_kinds_are_the_contracts():
    assert list(errors.ERROR_KINDS) == enum("ErrorKind")


def literal_kinds(node, assigned: dict) -> list:
    """The string literals an error's kind can be: a literal, `a if … else b`, or a
    name assigned one of those; anything else is None (the test then fails)."""
    if isinstance(node, ast.Constant):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literal_kinds(node.body, assigned) + literal_kinds(node.orelse, assigned)
    if isinstance(node, ast.Name) and node.id in assigned:
        return literal_kinds(assigned[node.id], assigned)
    return [None]


def test_every_error_the_package_raises_has_a_kind_of_the_contract():
    """Each TrackingError(...) names its kind with literals listed in ERROR_KINDS."""
    kinds = {}
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {
            target.id: node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "TrackingError"
                and node.args
            ):
                for kind in literal_kinds(node.args[0], assigned):
                    kinds.setdefault(kind, []).append(f"{path.name}:{node.lineno}")
    assert len(kinds) > 10  # the scan found the package's errors
    unknown = {kind: where for kind, where in kinds.items() if kind not in errors.ERROR_KINDS}
    assert not unknown, unknown


def test_hook_constants_are_the_contracts():
    envelope = schemas()["Envelope"]
    assert kernel_hook.MIME_TYPE == envelope["x-mime-type"]
    assert hook_envelope.ENVELOPE_VERSION == max(envelope["properties"]["version"]["enum"])
    assert kernel_hook.API_VERSION == schemas()["KernelState"]["x-api-version"]
    assert hook_envelope.TRUNCATION_KEY in schemas()["TruncationMarker"]["required"]
    state = schemas()["KernelState"]["properties"]
    assert kernel_hook.MIN_MAX_BYTES == state["max_bytes"]["minimum"]


# ------------------------------------------- the hook's envelopes, real traces


def sdk_trace(version: str, name: str) -> dict:
    return json.loads((FIXTURES / version / f"{name}.trace.json").read_text())["payload"]


@pytest.mark.parametrize("version", VERSIONS)
def test_envelopes_of_real_traces_whole_and_capped(version):
    traces = [sdk_trace(version, n) for n in ("decorated", "error", "langchain")]
    for trace in traces:
        validate("EmbeddedTrace", trace)
    size = sum(len(json.dumps(t)) for t in traces)
    envelope = hook_envelope.build_envelope(
        copy.deepcopy(traces), "sqlite:////tmp/mlflow.db", 10_000_000, json_size=size
    )
    validate("Envelope", envelope)
    assert "truncated" not in envelope
    capped = hook_envelope.build_envelope(
        copy.deepcopy(traces), "http://user:pw@127.0.0.1:5000", size * 9 // 10, json_size=size
    )
    validate("Envelope", capped)
    assert capped["truncated"] is True and "structure" not in capped


@pytest.mark.parametrize("version", VERSIONS)
def test_structure_first_envelope_of_a_real_large_trace(version):
    trace = sdk_trace(version, "large")
    size = len(json.dumps(trace))
    envelope = hook_envelope.build_envelope([trace], None, 400_000, json_size=size)
    assert envelope is not None and envelope["structure"] is True
    validate("Envelope", envelope)


def test_the_committed_structure_output_of_a_real_kernel():
    bundle = json.loads((PACKAGE / "tests" / "fixtures" / "hook-structure.json").read_text())
    validate("Envelope", bundle[kernel_hook.MIME_TYPE])


# ---------------------------------------------- the contract refuses mistakes


def error_body(kind="not-found", **extra):
    return {"error": {"kind": kind, "message": "no trace tr-1 on http://127.0.0.1:5000", **extra}}


def test_error_bodies():
    validate("Error", error_body(upstream_status=404, error_code="RESOURCE_DOES_NOT_EXIST"))
    assert problems("Error", error_body("no-such-kind"))
    assert problems("Error", error_body(error_code="<b>quoted upstream</b>"))
    assert problems("Error", {"error": {"kind": "timeout", "message": ""}})
    assert problems("Error", {"message": "Jupyter's own error shape"})


def test_a_version_2_envelope_has_no_unsafe_integer():
    trace = sdk_trace("mlflow-3.17.2", "decorated")  # nanosecond times as plain integers
    assert problems("Envelope", {"version": 2, "traces": [trace]})
    validate("Envelope", {"version": 1, "traces": [trace]})
    validate("Envelope", {"version": 2, "traces": [hook_envelope.big_ints_as_strings(trace)]})


def test_a_structure_envelope_is_truncated_and_spanless():
    trace = sdk_trace("mlflow-3.17.2", "decorated")
    envelope = hook_envelope.build_envelope([trace], None, 4_000, json_size=1_000_000)
    validate("Envelope", envelope)
    for broken in (
        {k: v for k, v in envelope.items() if k != "truncated"},
        {**envelope, "unknown": 1},
    ):
        assert problems("Envelope", broken)
    with_spans = copy.deepcopy(envelope)
    with_spans["traces"][0]["data"]["spans"] = [{"name": "x", "span_id": "AA=="}]
    assert problems("Envelope", with_spans)


def test_a_traces_page_says_how_it_searched():
    page = {"api": "v3", "text_filter": "full-text", "traces": []}
    validate("TracesPage", page)
    assert problems("TracesPage", {**page, "text_filter": "exact-name"})
    v2_info = sdk_trace("mlflow-2.22.5", "decorated")["info"]
    assert problems("TracesPage", {**page, "traces": [v2_info]})
    # Relayed from any server, only the extension's own fields are held to the contract.
    validate("TracesPage", {**page, "traces": [{"odd": 1}]}, mlflow=False)
