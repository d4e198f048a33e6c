"""The static summary reads MLflow's own entities: ``summary.summary_of`` on
``mlflow.entities.Trace`` objects rebuilt by this environment's mlflow from traces the
real SDK wrote (fixtures/; the MLflow 2 kernel is covered by test_kernel_hook)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from jupyterlab_mlflow_traces.kernel_hook.summary import summary_html, summary_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SUMMARY = Path(__file__).resolve().parents[1] / "kernel_hook" / "summary.py"


@pytest.mark.parametrize("name", ["decorated", "error", "langchain"])
def test_summary_from_trace_info_entities(name):
    from mlflow.entities import Trace

    payload = json.loads((FIXTURES / "mlflow-3.17.2" / f"{name}.trace.json").read_text())
    trace = Trace.from_json(json.dumps(payload["payload"]))
    info = trace.info
    summary = summary_of(trace)
    assert summary == {
        "trace_id": info.trace_id,
        "name": info.tags.get("mlflow.traceName") or trace.data.spans[0].name,
        "status": info.state.value,
        "duration_ms": info.execution_duration,
        "spans": len(payload["payload"]["data"]["spans"]),
        "experiment_id": info.trace_location.mlflow_experiment.experiment_id,
    }
    # Whole milliseconds from the entity, not the JSON's "0.276s".
    assert isinstance(summary["duration_ms"], int)
    assert summary["status"] == ("ERROR" if name == "error" else "OK")
    html = summary_html([summary], ui_base="http://127.0.0.1:5000")
    assert f"selectedTraceId={info.trace_id}" in html


# Path("").with_name() raises: without MLFLOW2_BIN there is no python to name (skipped).
MLFLOW2_BIN = os.environ.get("MLFLOW2_BIN", "")
MLFLOW2_PYTHON = Path(MLFLOW2_BIN).with_name("python") if MLFLOW2_BIN else None


@pytest.mark.skipif(
    MLFLOW2_PYTHON is None or not MLFLOW2_PYTHON.exists(),
    reason="set MLFLOW2_BIN to the mlflow executable of an MLflow 2.x virtualenv",
)
def test_summary_from_mlflow_2_entities():
    """MLflow 2's TraceInfo (request_id, status, execution_time_ms, experiment_id),
    in MLflow 2's own environment, with summary.py as the kernel gets it (source)."""
    script = f"""
import json, sys
from mlflow.entities import Trace
summary = {{}}
exec(compile(open({str(SUMMARY)!r}).read(), "summary.py", "exec"), summary)
payload = json.load(open({str(FIXTURES / "mlflow-2.22.5" / "error.trace.json")!r}))["payload"]
trace = Trace.from_json(json.dumps(payload))
info = trace.info
print(json.dumps([summary["summary_of"](trace), [info.request_id, info.status.value,
    info.execution_time_ms, info.experiment_id, len(trace.data.spans)]]))
"""
    out = subprocess.run(
        [str(MLFLOW2_PYTHON), "-c", script], capture_output=True, text=True, check=True
    ).stdout
    summary, (trace_id, status, duration, experiment_id, spans) = json.loads(out)
    assert summary == {
        "trace_id": trace_id,
        "name": summary["name"],
        "status": status,
        "duration_ms": duration,
        "spans": spans,
        "experiment_id": experiment_id,
    }
    assert status == "ERROR" and isinstance(duration, int) and summary["name"] != "trace"
