"""The kernel hook in a real ipykernel (driven through jupyter_client) with real mlflow
and a real tracking server.

The kernel's interpreter is this one, or ``MLFLOW_TRACES_KERNEL_PYTHON`` (e.g. a venv
with MLflow 2 and without this package: see scripts/mlflow2-env.sh). The hook reaches
the kernel as the frontend sends it: the sources of the kernel_hook package through
kernel_loader.py in one silent execute, with no import of this package. Only the
``%load_ext`` tests put this source tree on the kernel's PYTHONPATH.
"""

import ast
import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from jupyterlab_mlflow_traces import kernel_hook
from jupyterlab_mlflow_traces.kernel_hook import envelope as hook_envelope
from jupyterlab_mlflow_traces.kernel_hook import patcher, uris
from jupyterlab_mlflow_traces.kernel_hook import summary as hook_summary

from .contract import validate

ROOT = Path(__file__).resolve().parents[2]
KERNEL_PYTHON = os.environ.get("MLFLOW_TRACES_KERNEL_PYTHON") or sys.executable
MIME = "application/vnd.mlflow.trace+json"
# How the frontend reaches a loaded hook: never by importing it.
HOOK = "__import__('sys').modules['jupyterlab_mlflow_traces.kernel_hook']"
TIMEOUT = 120
PACKAGE = ROOT / "jupyterlab_mlflow_traces"
ON_PYTHONPATH = {"PYTHONPATH": str(ROOT)}


def hook_sources(package=PACKAGE / "kernel_hook"):
    """The hook package's modules as src/notebookDisplay/hookFiles.ts sends them."""
    return {
        ("" if path.stem == "__init__" else path.stem): path.read_text()
        for path in sorted(package.glob("*.py"))
    }


def load_code(options, sources=None, api=None):
    """What the frontend's installCode (src/notebookDisplay/kernelCode.ts) sends."""
    loader = (PACKAGE / "kernel_loader.py").read_text()
    source = json.dumps(hook_sources() if sources is None else sources)
    scope = {
        "__name__": "__mlflow_traces_loader__",
        "source": source,
        "version": "0.0.0-test",
        "api": kernel_hook.API_VERSION if api is None else api,
        "options": options,
    }
    return f"exec({loader!r}, {scope!r})"


class Kernel:
    """One real kernel; ``run`` executes code and returns its outputs and reply.

    ``check_contract``: every envelope received is validated against the contract
    (the tests). Benchmarks turn it off: validating takes the client ~0.3 s at 100
    spans and ~5 s at 5,000 (jsonschema), which no user waits for.
    """

    def __init__(self, workdir: Path, env: dict, check_contract: bool = True):
        self.check_contract = check_contract
        spec_dir = workdir / "kernels" / "hook-test"
        spec_dir.mkdir(parents=True, exist_ok=True)
        (spec_dir / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [KERNEL_PYTHON, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "hook test",
                    "language": "python",
                }
            )
        )
        self.km = KernelManager(
            kernel_name="hook-test",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]),
        )
        self.km.start_kernel(env=env, cwd=str(workdir))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def run(self, code, silent=False, user_expressions=None):
        msg_id = self.kc.execute(
            textwrap.dedent(code),
            silent=silent,
            store_history=not silent,
            user_expressions=user_expressions or {},
            stop_on_error=False,
        )
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind in ("display_data", "execute_result", "stream", "error"):
                outputs.append({"type": kind, **msg["content"]})
            if (
                self.check_contract
                and kind in ("display_data", "execute_result")
                and MIME in msg["content"]["data"]
            ):
                # Every envelope the real hook makes, in every test, follows the contract.
                validate("Envelope", msg["content"]["data"][MIME])
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        return outputs, reply["content"]

    def ok(self, code, **kwargs):
        outputs, reply = self.run(code, **kwargs)
        assert reply["status"] == "ok", (reply, outputs)
        return outputs

    def hook(self, call):
        """A silent call of the kernel API, as the frontend makes it: ``install(...)``
        sends the hook's source with its options, other calls use the loaded hook."""
        if call.startswith("install("):
            options = eval("dict" + call[len("install") :])  # the test's own literal
            self.ok(load_code(options), silent=True)
        else:
            self.ok(f"{HOOK}.{call}", silent=True)

    def state(self):
        _, reply = self.run("", silent=True, user_expressions={"s": f"{HOOK}.state_json()"})
        result = reply["user_expressions"]["s"]
        assert result["status"] == "ok", result
        # text/plain is the repr of the JSON string, as the frontend receives it.
        state = json.loads(ast.literal_eval(result["data"]["text/plain"]))
        validate("KernelState", state)
        return state

    def stdout(self, code):
        outputs = self.ok(code)
        return "".join(
            o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stdout"
        )

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@pytest.fixture
def start_kernel(tmp_path):
    kernels = []

    def start(extra_env=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_TRACKING")}
        env.pop("PYTHONPATH", None)
        env.update(
            {
                "MLFLOW_ENABLE_ASYNC_TRACE_LOGGING": "false",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            }
        )
        env.pop("MLFLOW_EXPERIMENT_ID", None)
        env.pop("MLFLOW_EXPERIMENT_NAME", None)
        env.update(extra_env or {})
        kernel = Kernel(tmp_path / f"k{len(kernels)}", env)
        kernels.append(kernel)
        return kernel

    yield start
    for kernel in kernels:
        kernel.close()


def traced_cell(uri, experiment="hook-tests", call='agent("Kyoto")', name="weather_agent"):
    return f"""
    import mlflow
    mlflow.set_tracking_uri({uri!r})
    mlflow.set_experiment({experiment!r})

    @mlflow.trace(span_type="TOOL")
    def lookup(city):
        return {{"city": city, "note": "京都 🌦"}}

    @mlflow.trace(name={name!r}, span_type="AGENT")
    def agent(question):
        with mlflow.start_span("plan", span_type="CHAIN") as span:
            span.set_inputs({{"question": question}})
            span.set_outputs({{"steps": ["lookup"]}})
        return lookup(question)

    {call}
    """


def displays(outputs):
    return [o for o in outputs if o["type"] == "display_data"]


def no_errors(outputs):
    assert not [o for o in outputs if o["type"] == "error"], outputs
    stderr = "".join(o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stderr")
    assert "Traceback" not in stderr, stderr


def trace_id_of(trace):
    info = trace["info"]
    return info.get("trace_id") or info.get("request_id")


def kernel_trace_json(kernel, trace_id_expr="mlflow.get_last_active_trace_id()"):
    """The trace as the kernel's mlflow has it (``Trace.to_json()``)."""
    out = kernel.stdout(
        f"""
        import json as _json
        print(_json.dumps(_json.loads(mlflow.get_trace({trace_id_expr}).to_json())))
        """
    )
    return json.loads(out)


# ---------------------------------------------------------------------------
# The bundle


def test_kernel_runs_the_expected_mlflow(start_kernel):
    """CI runs this file twice: MLflow 3 (this venv) and MLflow 2 (scripts/mlflow2-env.sh)."""
    kernel = start_kernel()
    version = kernel.stdout("import mlflow; print(mlflow.__version__)").strip()
    expected = os.environ.get("MLFLOW_TRACES_EXPECT_MLFLOW")
    if expected:
        assert version == expected
    assert version.split(".")[0] in ("2", "3")


def test_bundle_carries_the_full_trace(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True)")
    outputs = kernel.ok(traced_cell(mlflow_server.uri))
    no_errors(outputs)
    shown = displays(outputs)
    assert len(shown) == 1, outputs
    data = shown[0]["data"]
    assert set(data) == {"text/plain", "text/html", MIME}
    # For GitHub and nbviewer: a static summary linking to the MLflow UI, not MLflow's
    # iframe (blank wherever the server is out of reach).
    assert "<iframe" not in data["text/html"] and "notebook-trace-renderer" not in data["text/html"]
    envelope = data[MIME]
    assert envelope["version"] == 2
    assert envelope["tracking_uri"] == mlflow_server.uri
    assert "truncated" not in envelope
    assert len(envelope["traces"]) == 1
    embedded = envelope["traces"][0]
    assert trace_id_of(embedded) in data["text/plain"]
    assert trace_id_of(embedded) in data["text/html"]

    # What the envelope holds is the trace itself, as mlflow serializes it, with integers
    # beyond 2**53 - 1 (nanosecond times) as decimal strings (envelope version 2).
    local = kernel_trace_json(kernel)
    assert trace_id_of(local) == trace_id_of(embedded)
    assert hook_envelope.big_ints_as_strings(local["data"]["spans"]) == embedded["data"]["spans"]
    assert [s["name"] for s in embedded["data"]["spans"]] == ["weather_agent", "plan", "lookup"]
    assert "京都 🌦" in json.dumps(embedded, ensure_ascii=False)
    exp_id = kernel.stdout(
        "print(mlflow.get_experiment_by_name('hook-tests').experiment_id)"
    ).strip()
    assert envelope["experiment_ids"] == [exp_id]
    link = f"{mlflow_server.uri}/#/experiments/{exp_id}?selectedTraceId={trace_id_of(embedded)}"
    assert f'<a href="{link}">MLflow UI</a>' in data["text/html"]
    assert "<td>weather_agent</td>" in data["text/html"]
    # The tracking server has the same spans.
    from mlflow import MlflowClient

    stored = MlflowClient(mlflow_server.uri).get_trace(trace_id_of(embedded))
    assert len(stored.data.spans) == 3


def span_times(span):
    """(start, end) of a span in the envelope: v3 dicts and MLflow 2's v2 dicts."""
    if "start_time_unix_nano" in span:
        return span["start_time_unix_nano"], span["end_time_unix_nano"]
    return span["start_time"], span["end_time"]


def test_envelope_keeps_the_servers_nanosecond_times_exactly(start_kernel, mlflow_server):
    """JupyterLab saves what the browser parsed: a JSON number above 2**53 comes back
    rounded, so the envelope carries these times as decimal strings."""
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True)")
    outputs = kernel.ok(traced_cell(mlflow_server.uri, experiment="hook-exact-times"))
    no_errors(outputs)
    # The message as the browser gets it: JSON text, with no Python ints left to compare.
    envelope = json.loads(json.dumps(displays(outputs)[0]["data"][MIME]))
    embedded = envelope["traces"][0]
    from mlflow import MlflowClient

    stored = MlflowClient(mlflow_server.uri).get_trace(trace_id_of(embedded))
    server_times = {s.name: (str(s.start_time_ns), str(s.end_time_ns)) for s in stored.data.spans}
    saved_times = {s["name"]: span_times(s) for s in embedded["data"]["spans"]}
    assert saved_times == server_times
    assert all(len(t) == 19 for pair in saved_times.values() for t in pair), saved_times
    # A JSON number could not have held them: at least one differs once rounded to a double.
    assert any(int(float(t)) != int(t) for pair in saved_times.values() for t in pair)


def test_each_cell_shows_its_own_traces_with_mlflows_default_export(start_kernel, mlflow_server):
    """MLflow's defaults: async logging, and (3.17+) spans exported by a background batch
    processor. Without the hook's flush, MLflow's display misses the cell's trace."""
    kernel = start_kernel(
        {"MLFLOW_ENABLE_ASYNC_TRACE_LOGGING": "true", "MLFLOW_USE_BATCH_SPAN_PROCESSOR": "true"}
    )
    kernel.hook("install(display_enabled=True)")
    first = kernel.ok(traced_cell(mlflow_server.uri, experiment="hook-default-export"))
    no_errors(first)
    shown = displays(first)
    assert len(shown) == 1, first
    traces = shown[0]["data"][MIME]["traces"]
    assert [s["name"] for s in traces[0]["data"]["spans"]] == ["weather_agent", "plan", "lookup"]

    second = kernel.ok('agent("Lima")')
    no_errors(second)
    shown = displays(second)
    assert len(shown) == 1, second
    again = shown[0]["data"][MIME]["traces"]
    assert len(again) == 1
    assert trace_id_of(again[0]) != trace_id_of(traces[0])


def test_hook_loaded_after_a_traced_cell_still_shows_the_next_cells_traces(
    start_kernel, mlflow_server
):
    """The frontend loads the hook with a silent execute; a quick "Run All" can run a
    traced cell first, so MLflow registers its display callback before ours."""
    kernel = start_kernel(
        {"MLFLOW_ENABLE_ASYNC_TRACE_LOGGING": "true", "MLFLOW_USE_BATCH_SPAN_PROCESSOR": "true"}
    )
    no_errors(kernel.ok(traced_cell(mlflow_server.uri, experiment="hook-late")))
    kernel.hook("install(display_enabled=True)")
    outputs = kernel.ok('agent("Quito")')
    no_errors(outputs)
    embedded = [t for d in displays(outputs) for t in d["data"].get(MIME, {}).get("traces", [])]
    names = [
        json.dumps(t["data"]["spans"][0]["attributes"].get("mlflow.spanInputs")) for t in embedded
    ]
    assert any("Quito" in n for n in names), outputs


def test_one_batched_display_per_cell_and_max_traces(start_kernel, mlflow_server):
    kernel = start_kernel({"MLFLOW_MAX_TRACES_TO_DISPLAY_IN_NOTEBOOK": "2"})
    kernel.hook("install(display_enabled=True)")
    outputs = kernel.ok(traced_cell(mlflow_server.uri, call='agent("a"); agent("b"); agent("c")'))
    no_errors(outputs)
    shown = displays(outputs)
    assert len(shown) == 1
    data = shown[0]["data"]
    traces = data[MIME]["traces"]
    assert len(traces) == 2
    assert "<iframe" not in data["text/html"] and data["text/html"].count("<tr>") == 3
    for trace in traces:
        assert trace_id_of(trace) in data["text/html"]


def test_trace_as_last_expression_and_get_trace_carry_the_trace(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True)")
    kernel.ok(traced_cell(mlflow_server.uri))
    outputs = kernel.ok("mlflow.get_trace(mlflow.get_last_active_trace_id())")
    no_errors(outputs)
    results = [o for o in outputs if o["type"] == "execute_result"]
    assert len(results) == 1
    data = results[0]["data"]
    assert MIME in data and "text/html" in data
    assert data[MIME]["traces"][0]["data"]["spans"][0]["name"] == "weather_agent"
    # get_trace also queues MLflow's batched display (MLflow's own behaviour): embedded too.
    assert all(MIME in d["data"] for d in displays(outputs))


# ---------------------------------------------------------------------------
# Size cap


def test_size_cap_replaces_large_values_with_markers(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True, max_bytes=20000)")
    call = 'agent("x" * 100000)'
    outputs = kernel.ok(traced_cell(mlflow_server.uri, call=call))
    no_errors(outputs)
    data = displays(outputs)[0]["data"]
    envelope = data[MIME]
    assert envelope["truncated"] is True
    assert len(json.dumps(envelope, ensure_ascii=False).encode()) <= 20000
    trace = envelope["traces"][0]
    spans = {s["name"]: s for s in trace["data"]["spans"]}
    # Ids, names and small values stay; the trace can still be fetched by id.
    assert set(spans) == {"weather_agent", "plan", "lookup"}
    assert trace_id_of(trace) == kernel.stdout("print(mlflow.get_last_active_trace_id())").strip()
    marker = json.loads(spans["weather_agent"]["attributes"]["mlflow.spanInputs"])
    assert marker[hook_envelope.TRUNCATION_KEY] is True
    assert marker["original_size"] > 100000
    assert marker["preview"].startswith('{"question": "xxxx')
    assert json.loads(spans["weather_agent"]["attributes"]["mlflow.spanType"]) == "AGENT"

    # With the default cap (1 MB) the same trace is embedded whole.
    kernel.hook(f"configure(max_bytes={patcher.DEFAULT_MAX_BYTES})")
    outputs = kernel.ok(call)
    envelope = displays(outputs)[0]["data"][MIME]
    assert "truncated" not in envelope
    spans = {s["name"]: s for s in envelope["traces"][0]["data"]["spans"]}
    assert (
        len(json.loads(spans["weather_agent"]["attributes"]["mlflow.spanInputs"])["question"])
        == 100000
    )


def test_size_cap_that_cannot_be_met_keeps_mlflows_bundle(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True, max_bytes=1024)")
    outputs = kernel.ok(traced_cell(mlflow_server.uri, call="[agent(str(i)) for i in range(3)]"))
    no_errors(outputs)
    data = displays(outputs)[0]["data"]
    assert MIME not in data
    assert "notebook-trace-renderer" in data["text/html"]


# ---------------------------------------------------------------------------
# Fallbacks


def test_unrecognised_mlflow_version_is_left_untouched(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.ok("import mlflow\nmlflow.__version__ = '9.0.0'")
    kernel.hook("install(display_enabled=True)")
    outputs = kernel.ok(traced_cell(mlflow_server.uri))
    no_errors(outputs)
    data = displays(outputs)[0]["data"]
    assert set(data) == {"text/plain", "text/html"}
    state = kernel.state()
    assert state["patched"] is False
    assert state["patch_status"].startswith("unrecognised mlflow")


@pytest.mark.parametrize(
    "simulate",
    [
        "from mlflow.entities import Trace\ndel Trace.to_json",
        # MLflow renames its post-cell method (and registers the new name).
        "import mlflow.tracing.display.display_handler as dh\n"
        "C = dh.IPythonTraceDisplayHandler\n"
        "C._display_after_cell = C._display_traces_post_run\n"
        "del C._display_traces_post_run\n"
        "def _init(self):\n"
        "    self.traces_to_display = {}\n"
        "    get_ipython().events.register('post_run_cell', self._display_after_cell)\n"
        "C.__init__ = _init",
        "from mlflow.entities import Trace\ndel Trace._repr_mimebundle_",
    ],
    ids=["Trace.to_json", "_display_traces_post_run", "Trace._repr_mimebundle_"],
)
def test_missing_internals_leave_mlflow_untouched(start_kernel, mlflow_server, simulate):
    """MLflow internals differ: the hook patches nothing; MLflow behaves as without it."""
    plain = start_kernel()
    hooked = start_kernel()
    results = []
    for kernel, install in ((plain, False), (hooked, True)):
        kernel.ok("import mlflow\n" + simulate)
        if install:
            kernel.hook("install(display_enabled=True)")
        outputs, reply = kernel.run(
            traced_cell(mlflow_server.uri, call="agent('Kyoto')\n    'done'")
        )
        assert not [o for o in outputs if o["type"] == "error"]
        results.append(
            (
                reply["status"],
                [sorted(d["data"]) for d in displays(outputs)],
                [o["data"]["text/plain"] for o in outputs if o["type"] == "execute_result"],
            )
        )
    assert results[0] == results[1]
    if "_repr_mimebundle_" not in simulate:  # without it MLflow itself shows nothing
        assert results[1][1] == [["text/html", "text/plain"]]
    state = hooked.state()
    assert state["patched"] is False and "missing" in state["patch_status"], state


def test_missing_internals_before_import(start_kernel, tmp_path):
    """A (fake) mlflow whose display module lacks what the hook needs, imported after install."""
    fake = tmp_path / "fake"
    files = {
        "mlflow/__init__.py": "__version__ = '3.99.0'\nfrom mlflow.tracing import display\n"
        "def get_tracking_uri():\n    return 'http://127.0.0.1:1'\n",
        "mlflow/tracing/__init__.py": "",
        "mlflow/tracing/display/__init__.py": "from mlflow.tracing.display.display_handler import *\n"
        "from mlflow.tracing.display.display_handler import IPythonTraceDisplayHandler\n"
        "def disable_notebook_display():\n    IPythonTraceDisplayHandler.disabled = True\n",
        "mlflow/tracing/display/display_handler.py": "class IPythonTraceDisplayHandler:\n"
        "    disabled = False\n    def display_traces(self, traces): pass\n",
        "mlflow/entities/__init__.py": "",
        "mlflow/entities/trace.py": "class Trace:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n"
        "        return {'text/plain': 'Trace()'}\n",
    }
    for name, text in files.items():
        path = fake / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    kernel = start_kernel({"PYTHONPATH": str(fake)})
    kernel.hook("install(display_enabled=False)")
    outputs = kernel.ok("import mlflow, mlflow.entities.trace\nmlflow.entities.trace.Trace()")
    no_errors(outputs)
    assert outputs[-1]["data"] == {"text/plain": "Trace()"}
    state = kernel.state()
    assert state["patched"] is False
    assert "get_mimebundle is missing" in state["patch_status"]
    # The display switch is public API and still applied.
    assert state["disabled"] is True


def test_failure_while_building_falls_back_to_mlflows_bundle(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True)")
    kernel.ok(traced_cell(mlflow_server.uri, call="None"))
    # A bug in the hook itself (simulated): the bundle must still be MLflow's.
    kernel.ok(
        """
        _h = __import__('sys').modules['jupyterlab_mlflow_traces.kernel_hook.patcher']
        def _broken(*args, **kwargs):
            raise RuntimeError("serialization broke")
        _h.build_envelope = _broken
        """
    )
    outputs, reply = kernel.run('agent("Kyoto")')
    assert reply["status"] == "ok"
    no_errors(outputs)
    data = displays(outputs)[0]["data"]
    assert set(data) == {"text/plain", "text/html"}
    assert "serialization broke" in kernel.state()["last_error"]


# ---------------------------------------------------------------------------
# Display switch


def test_disable_before_import_then_user_enables(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=False)")
    state = kernel.state()
    assert state["mlflow_imported"] is False
    assert state["display_enabled"] is False and state["disabled"] is None
    assert state["pending_display_enabled"] is False

    outputs = kernel.ok(traced_cell(mlflow_server.uri))
    no_errors(outputs)
    assert displays(outputs) == []
    state = kernel.state()
    assert state["disabled"] is True and state["display_enabled"] is False
    assert state["pending_display_enabled"] is None
    # Trace shown as last expression: MLflow's text/plain only while disabled.
    outputs = kernel.ok("mlflow.get_trace(mlflow.get_last_active_trace_id())")
    assert [sorted(o["data"]) for o in outputs if o["type"] == "execute_result"] == [["text/plain"]]
    assert displays(outputs) == []

    # User code flips MLflow's flag itself: the real state is reported.
    kernel.ok("mlflow.tracing.enable_notebook_display()")
    assert kernel.state()["display_enabled"] is True
    outputs = kernel.ok('agent("Osaka")')
    assert MIME in displays(outputs)[0]["data"]

    # The frontend switches it off again with mlflow imported: applied at once.
    kernel.hook("configure(display_enabled=False)")
    assert kernel.state()["disabled"] is True
    assert displays(kernel.ok('agent("Nara")')) == []
    kernel.hook("configure(display_enabled=True)")
    assert kernel.state()["disabled"] is False
    assert len(displays(kernel.ok('agent("Kobe")'))) == 1


def test_user_enable_in_the_importing_cell_wins(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=False)")
    cell = traced_cell(
        mlflow_server.uri, call='mlflow.tracing.enable_notebook_display()\n    agent("Kyoto")'
    )
    outputs = kernel.ok(cell)
    assert len(displays(outputs)) == 1
    assert kernel.state()["display_enabled"] is True


def test_load_ext_and_unload_ext(start_kernel, mlflow_server):
    kernel = start_kernel(ON_PYTHONPATH)
    kernel.ok("%load_ext jupyterlab_mlflow_traces")
    outputs = kernel.ok(traced_cell(mlflow_server.uri))
    assert MIME in displays(outputs)[0]["data"]
    state = kernel.state()
    assert state["installed"] and state["configured"] is False and state["patched"]
    kernel.ok("%unload_ext jupyterlab_mlflow_traces")
    outputs = kernel.ok('agent("Kyoto")')
    assert set(displays(outputs)[0]["data"]) == {"text/plain", "text/html"}
    kernel.ok("%load_ext jupyterlab_mlflow_traces")
    assert MIME in displays(kernel.ok('agent("Kyoto")'))[0]["data"]


# ---------------------------------------------------------------------------
# The hook sent as source


def test_hook_sent_as_source_needs_no_package_in_the_kernel(start_kernel, mlflow_server):
    """A kernel that cannot import this package (the MLflow 2 venv has none; here the
    package is hidden) still gets the hook, and self-contained outputs."""
    kernel = start_kernel()
    kernel.ok(
        """
        import sys
        class _NoPackage:  # hides an installed copy from this kernel
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "jupyterlab_mlflow_traces":
                    raise ModuleNotFoundError(name)
        sys.meta_path.insert(0, _NoPackage())
        """
    )
    _, reply = kernel.run("import jupyterlab_mlflow_traces")
    assert reply["status"] == "error" and reply["ename"] == "ModuleNotFoundError"
    kernel.hook("install(display_enabled=True)")
    state = kernel.state()
    assert state["installed"] and state["origin"] == "source"
    assert state["package_version"] == "0.0.0-test"
    outputs = kernel.ok(traced_cell(mlflow_server.uri))
    no_errors(outputs)
    assert MIME in displays(outputs)[0]["data"]
    # Sent again (a second notebook, a reload): the same hook, configured again.
    kernel.hook("install(display_enabled=False)")
    assert kernel.state()["disabled"] is True
    assert (
        kernel.stdout(
            "import sys; print(sum(1 for f in sys.meta_path if type(f).__name__ == '_ImportWatcher'))"
        ).strip()
        == "1"
    )


def test_a_hook_loaded_with_load_ext_is_kept_and_configured(start_kernel, mlflow_server):
    kernel = start_kernel(ON_PYTHONPATH)
    kernel.ok("%load_ext jupyterlab_mlflow_traces")
    kernel.hook("install(display_enabled=False)")
    state = kernel.state()
    assert state["origin"] == "package" and state["configured"] is True
    assert displays(kernel.ok(traced_cell(mlflow_server.uri))) == []


def test_a_hook_of_another_api_version_is_left_alone(start_kernel):
    """E.g. an older package loaded with %load_ext: the frontend reports the difference
    (state()["api"]) and calls nothing of it. Hand-written stand-in for that hook."""
    kernel = start_kernel()
    kernel.ok(
        """
        import sys, types
        _old = types.ModuleType("jupyterlab_mlflow_traces.kernel_hook")
        _old.API_VERSION = 1
        _old.calls = []
        _old.install = lambda **kw: _old.calls.append(kw)
        _old.state_json = lambda: '{"api": 1, "installed": true}'
        sys.modules[_old.__name__] = _old
        """
    )
    kernel.hook("install(display_enabled=True)")
    assert kernel.state() == {"api": 1, "installed": True}
    assert kernel.stdout("print(_old.calls)").strip() == "[]"


def test_a_source_that_cannot_run_says_why_and_leaves_nothing(start_kernel):
    kernel = start_kernel()
    # A module of the package that does not compile, imported by the package itself.
    broken = {**hook_sources(), "envelope": "def broken(:\n"}
    _, reply = kernel.run(load_code({}, sources=broken), silent=True)
    assert reply["status"] == "error" and reply["ename"] == "SyntaxError"
    assert "jupyterlab_mlflow_traces.kernel_hook.envelope" in reply["evalue"]
    left = kernel.stdout(
        "import sys; print([n for n in sys.modules if n.startswith('jupyterlab_mlflow_traces')]"
        " + [type(f).__name__ for f in sys.meta_path if type(f).__name__ == 'SentSources'])"
    )
    assert left.strip() == "[]"
    # The complete package then loads, with its own modules.
    kernel.hook("install(display_enabled=True)")
    assert kernel.state()["installed"] is True


# ---------------------------------------------------------------------------
# User code is unchanged


USER_CODE = [
    ('agent("Kyoto")["city"]', "execute_result"),
    ('agent("Kyoto")', "execute_result"),
    (
        """
        @mlflow.trace
        def fails(x):
            raise ValueError(f"boom {x}")
        fails(1)
        """,
        "error",
    ),
    ("type(mlflow.get_trace(mlflow.get_last_active_trace_id())).__name__", "execute_result"),
]


def test_user_code_return_values_and_exceptions_unchanged(start_kernel, mlflow_server):
    plain = start_kernel()
    hooked = start_kernel()
    hooked.hook("install(display_enabled=True, non_http=True)")
    seen = []
    for kernel in (plain, hooked):
        kernel.ok(traced_cell(mlflow_server.uri, call="None"))
        results = []
        for code, kind in USER_CODE:
            outputs, reply = kernel.run(code)
            if kind == "error":
                assert reply["status"] == "error"
                results.append((reply["ename"], reply["evalue"]))
            else:
                assert reply["status"] == "ok", reply
                results.append(
                    [o["data"]["text/plain"] for o in outputs if o["type"] == "execute_result"]
                )
        seen.append(results)
    assert seen[0] == seen[1]
    assert seen[1][2] == ("ValueError", "boom 1")
    assert seen[1][3] == ["'Trace'"]
    # The failing call's trace is displayed (state ERROR) with the exception event.
    outputs, _ = hooked.run(USER_CODE[2][0])
    trace = displays(outputs)[0]["data"][MIME]["traces"][0]
    assert (trace["info"].get("state") or trace["info"].get("status")) == "ERROR"


# ---------------------------------------------------------------------------
# Non-HTTP stores


def test_non_http_store_displays_by_default_and_not_with_the_option_off(start_kernel, tmp_path):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True)")
    uri = f"sqlite:///{tmp_path / 'local.db'}"
    name = "<b>agent</b> & co"
    outputs = kernel.ok(traced_cell(uri, name=name, call="None"))
    no_errors(outputs)
    outputs = kernel.ok('agent("Kyoto")')
    no_errors(outputs)
    shown = displays(outputs)
    assert len(shown) == 1
    data = shown[0]["data"]
    assert set(data) == {"text/plain", "text/html", MIME}
    assert "iframe" not in data["text/html"]
    assert html_escaped(name) in data["text/html"] and name not in data["text/html"]
    assert (
        "<td>OK</td>" in data["text/html"]
        and '<td style="text-align: right">3</td>' in data["text/html"]
    )
    assert data[MIME]["tracking_uri"] == uri
    assert data[MIME]["traces"][0]["data"]["spans"][0]["name"] == name

    # Several traces (MLflow 2 would put an iframe to the sqlite URI here).
    outputs = kernel.ok('agent("a"); agent("b")')
    data = displays(outputs)[0]["data"]
    assert len(data[MIME]["traces"]) == 2
    assert "iframe" not in data["text/html"] and data["text/html"].count("<tr>") == 3
    assert "MLflow UI" not in data["text/html"]  # no server to link to

    # Off: MLflow's own rule (no display without an HTTP server), and one line says why,
    # once per kernel session.
    kernel.hook("configure(non_http=False)")
    outputs = kernel.ok('agent("Kyoto")')
    assert displays(outputs) == []
    assert stderr_of(outputs) == (
        kernel_hook.NOTICES["store"].format(uri=f"sqlite:///{tmp_path / 'local.db'}") + "\n"
    )
    outputs = kernel.ok('agent("Lima")')
    assert displays(outputs) == [] and stderr_of(outputs) == ""


def stderr_of(outputs):
    return "".join(o["text"] for o in outputs if o["type"] == "stream" and o["name"] == "stderr")


def test_display_switched_off_says_so_once(start_kernel, mlflow_server):
    kernel = start_kernel()
    kernel.hook("install(display_enabled=False)")
    outputs = kernel.ok(traced_cell(mlflow_server.uri))
    assert displays(outputs) == []
    assert stderr_of(outputs) == kernel_hook.NOTICES["off"] + "\n"
    outputs = kernel.ok('agent("Lima")')
    assert displays(outputs) == [] and stderr_of(outputs) == ""
    assert kernel.state()["noticed"] == ["off"]
    # A cell without traces says nothing.
    kernel.hook("configure(display_enabled=True)")
    assert stderr_of(kernel.ok("1 + 1")) == ""


def test_mlflows_default_store_is_displayed_and_reported_absolute(start_kernel, tmp_path):
    """No tracking URI set: MLflow 3.7+ uses sqlite:///mlflow.db in the working
    directory (MLflow 2: ./mlruns). The trace is displayed in full, and the kernel
    reports the store as an absolute URI the sidebar's server can open."""
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True, non_http=True)")
    cwd = kernel.stdout("import os; print(os.getcwd())").strip()
    outputs = kernel.ok(
        """
        import mlflow

        @mlflow.trace
        def answer(question):
            return 42

        answer("life")
        """
    )
    no_errors(outputs)
    shown = displays(outputs)
    assert len(shown) == 1, outputs
    envelope = shown[0]["data"][MIME]
    assert envelope["traces"][0]["data"]["spans"][0]["name"] == "answer"
    state = kernel.state()
    default = kernel.stdout("print(mlflow.get_tracking_uri())").strip()
    if default.startswith("sqlite:"):
        assert default.endswith("mlflow.db")
        expected = f"sqlite:///{cwd}/mlflow.db"
    else:
        expected = (Path(cwd) / "mlruns").as_uri()
    assert state["tracking_uri"] == expected
    assert envelope["tracking_uri"] == expected

    # A relative URI set by the user is made absolute too.
    kernel.ok("mlflow.set_tracking_uri('file:./other-runs')")
    assert kernel.state()["tracking_uri"] == (Path(cwd) / "other-runs").as_uri()
    kernel.ok("mlflow.set_tracking_uri('sqlite:///sub/../other.db')")
    assert kernel.state()["tracking_uri"] == f"sqlite:///{cwd}/other.db"


def html_escaped(text):
    import html

    return html.escape(text)


# ---------------------------------------------------------------------------
# Reporting


def test_state_reports_without_importing_mlflow(start_kernel, mlflow_server):
    kernel = start_kernel({"MLFLOW_TRACKING_URI": "http://alice:secret@127.0.0.1:9/mlflow?token=x"})
    kernel.hook("install(display_enabled=True)")
    state = kernel.state()
    assert state["api"] == kernel_hook.API_VERSION
    assert state["installed"] is True and state["mlflow_imported"] is False
    assert state["tracking_uri"] == "http://127.0.0.1:9/mlflow"
    assert state["tracking_uri_source"] == "environment"
    assert state["experiment_id"] is None
    assert kernel.stdout("import sys; print('mlflow' in sys.modules)").strip() == "False"

    host = mlflow_server.uri.replace("http://", "")
    kernel.ok(traced_cell(f"http://bob:pw@{host}", call="None"))
    state = kernel.state()
    assert state["tracking_uri"] == mlflow_server.uri
    assert state["tracking_uri_source"] == "mlflow"
    assert (
        state["experiment_id"]
        == kernel.stdout("print(mlflow.get_experiment_by_name('hook-tests').experiment_id)").strip()
    )
    assert state["mlflow_version"] == kernel.stdout("print(mlflow.__version__)").strip()
    assert state["patched"] is True


def test_silent_calls_do_not_touch_the_user_namespace(start_kernel):
    kernel = start_kernel()
    before = kernel.stdout("print(sorted(k for k in globals() if not k.startswith('_')))")
    kernel.hook("install(display_enabled=False, non_http=True, max_bytes=5000)")
    kernel.hook("configure(display_enabled=True)")
    kernel.state()
    after = kernel.stdout("print(sorted(k for k in globals() if not k.startswith('_')))")
    assert before == after


# ---------------------------------------------------------------------------
# Pure helpers (no kernel)


def test_strip_credentials():
    strip = uris.strip_credentials
    assert strip("https://u:p@host:5000/path?token=t#x") == "https://host:5000/path"
    assert strip("http://127.0.0.1:5000") == "http://127.0.0.1:5000"
    assert strip("sqlite:////tmp/mlflow.db") == "sqlite:////tmp/mlflow.db"
    assert strip("postgresql://user:pw@db/mlflow") == "postgresql://db/mlflow"
    assert strip("./mlruns") == "./mlruns"
    assert strip("databricks") == "databricks"
    # What the kernel reports: nothing rather than a placeholder.
    shown = uris.shown_uri
    assert shown("") is None and shown(None) is None and shown("http://[::1/x") is None
    assert shown("https://u:p@host:5000/path?token=t#x") == "https://host:5000/path"


def test_absolute_store_uri():
    absolute = uris.absolute_store_uri
    cwd = "/home/u/work"
    assert absolute("sqlite:///mlflow.db", cwd) == "sqlite:////home/u/work/mlflow.db"
    assert absolute("sqlite:///../x.db?mode=ro", cwd) == "sqlite:////home/u/x.db?mode=ro"
    assert absolute("sqlite:////tmp/a.db", cwd) == "sqlite:////tmp/a.db"
    assert absolute("sqlite:///:memory:", cwd) == "sqlite:///:memory:"
    assert absolute("file:./mlruns", cwd) == "file:///home/u/work/mlruns"
    assert absolute("file:///srv/mlruns", cwd) == "file:///srv/mlruns"
    assert absolute("mlruns", cwd) == "file:///home/u/work/mlruns"
    assert absolute("./my runs", cwd) == "file:///home/u/work/my%20runs"
    assert absolute("/data/mlruns", cwd) == "file:///data/mlruns"
    for other in ("http://127.0.0.1:5000", "databricks", "postgresql://db/mlflow", None, ""):
        assert absolute(other, cwd) == other


def test_summary_links_only_to_http_servers_and_escapes_the_link():
    summary = {
        "trace_id": 'tr-"><script>',
        "name": "n",
        "status": "OK",
        "duration_ms": 1,
        "spans": 1,
        "experiment_id": "7",
    }
    text = hook_summary.summary_html([summary], ui_base="https://host/mlflow")
    assert (
        '<a href="https://host/mlflow/#/experiments/7?selectedTraceId=tr-%22%3E%3Cscript%3E">'
        in text
    )
    assert "<script>" not in text
    for base in ("javascript:alert(1)", "sqlite:///x.db", None):
        assert "<a " not in hook_summary.summary_html([summary], ui_base=base)


def test_apply_size_cap_prefers_the_largest_values():
    big, medium = "a" * 50000, "b" * 3000
    envelope = {
        "version": 1,
        "traces": [
            {
                "info": {"trace_id": "tr-1", "trace_metadata": {"small": "1"}},
                "data": {
                    "spans": [
                        {
                            "name": "root",
                            "attributes": {"in": json.dumps(big), "out": json.dumps(medium)},
                        },
                        {
                            "name": "child",
                            "attributes": {},
                            "events": [{"name": "e", "attributes": {"x": {"k": big}}}],
                        },
                    ]
                },
            }
        ],
    }
    assert hook_envelope.apply_size_cap(envelope, 10000) is True
    spans = envelope["traces"][0]["data"]["spans"]
    assert envelope["truncated"] is True
    assert json.loads(spans[0]["attributes"]["in"])[hook_envelope.TRUNCATION_KEY] is True
    assert spans[0]["attributes"]["out"] == json.dumps(medium)  # fits once the largest went
    assert (
        spans[1]["events"][0]["attributes"]["x"][hook_envelope.TRUNCATION_KEY] is True
    )  # not a string
    assert envelope["traces"][0]["info"]["trace_id"] == "tr-1"
    assert hook_envelope.apply_size_cap(envelope, 100) is False


def test_big_ints_as_strings_only_touches_unsafe_integers():
    value = {
        "start_time_unix_nano": 1764000000123456789,
        "safe": [2**53 - 1, -(2**53 - 1), 0, 1.5e20, True, None, "1764000000123456789"],
        "deep": [[[{"t": -(2**53)}]]],
    }
    encoded = hook_envelope.big_ints_as_strings(value)
    assert encoded == {
        "start_time_unix_nano": "1764000000123456789",
        "safe": [2**53 - 1, -(2**53 - 1), 0, 1.5e20, True, None, "1764000000123456789"],
        "deep": [[[{"t": "-9007199254740992"}]]],
    }
    assert value["start_time_unix_nano"] == 1764000000123456789  # the input is not changed
    nested = current = []
    for _ in range(50000):  # deeper than Python's recursion limit
        current.append([])
        current = current[0]
    current.append(2**60)
    hook_envelope.big_ints_as_strings(nested)


def test_summary_html_escapes_everything():
    text = hook_summary.summary_html(
        [
            {
                "trace_id": "<i>",
                "name": "<script>x</script>",
                "status": "OK",
                "duration_ms": 1500,
                "spans": 2,
            }
        ]
    )
    assert "<script>" not in text and "&lt;script&gt;" in text and "1.50 s" in text
