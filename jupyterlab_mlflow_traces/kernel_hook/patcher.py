"""The patcher: MLflow's own notebook display, made to carry the full trace.

Wraps ``IPythonTraceDisplayHandler.get_mimebundle``/``display_traces``,
``Trace._repr_mimebundle_`` and ``is_trace_ui_available`` so MLflow's bundle gains
the envelope and a static HTML summary (``envelope.py``); restores them on
``unpatch``. Anything unexpected (an MLflow version outside the known range,
missing internals, a failure while building) leaves MLflow's behaviour in place.
Standard library only; mlflow is only reached through ``sys.modules``.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from .envelope import build_envelope, parse_trace_json
from .imports import loaded
from .summary import summary_html, summary_of
from .uris import absolute_store_uri, shown_uri

MIME_TYPE = "application/vnd.mlflow.trace+json"
DEFAULT_MAX_BYTES = 1_000_000
#: MLflow versions whose display internals this hook knows: [2.14, 4.0).
MIN_MLFLOW = (2, 14)
MAX_MLFLOW_EXCLUSIVE = (4, 0)

HANDLER_MODULE = "mlflow.tracing.display.display_handler"
DISPLAY_MODULE = "mlflow.tracing.display"
TRACE_MODULE = "mlflow.entities.trace"
_PROCESSOR_MODULE = "mlflow.tracing.processor.base_mlflow"
# How long the end of a cell may wait for MLflow's span queue.
_FLUSH_TIMEOUT_MS = 5000

_log = logging.getLogger(__name__)


def parse_version(text: Any) -> tuple[int, int] | None:
    try:
        major, minor = str(text).split(".")[:2]
        return int(major), int("".join(ch for ch in minor if ch.isdigit()) or "0")
    except (ValueError, TypeError):
        return None


def mlflow_version() -> str | None:
    for name, attr in (("mlflow", "__version__"), ("mlflow.version", "VERSION")):
        value = getattr(sys.modules.get(name), attr, None)
        if isinstance(value, str):
            return value
    return None


class DisplayPatcher:
    """The patch of MLflow's display and the settings the patched display follows."""

    def __init__(self) -> None:
        #: Display traces of non-HTTP stores (sqlite:, file:, a path) too; MLflow does not.
        self.non_http = True
        self.max_bytes = DEFAULT_MAX_BYTES
        self.patched = False
        self.patch_status = "waiting for mlflow"
        self.gave_up = False
        self.originals: dict[str, Any] = {}
        self.wrappers: dict[str, Any] = {}
        self.last_error: str | None = None
        #: Why traces of the running cell were not displayed ("off", "store"); see NOTICES.
        self.skipped: set[str] = set()

    def note_skipped(self, handler_mod, traces) -> None:
        """MLflow got this cell's traces: note why it will show none of them, if so."""
        if not traces:
            return
        if getattr(handler_mod.IPythonTraceDisplayHandler, "disabled", False):
            self.skipped.add("off")
            return
        in_databricks = getattr(handler_mod, "is_in_databricks_runtime", None)
        if callable(in_databricks) and in_databricks():
            return  # Databricks shows its own
        # Our is_trace_ui_available(): also True for other stores while non_http is on.
        if handler_mod._is_jupyter() and not handler_mod.is_trace_ui_available():
            self.skipped.add("store")

    def try_patch(self) -> None:
        if self.patched or self.gave_up:
            return
        handler_mod = loaded(HANDLER_MODULE)
        trace_mod = loaded(TRACE_MODULE)
        # mlflow itself may still be executing its __init__ (it imports both modules):
        # patch already, so a Trace shown in the cell that imports mlflow is covered.
        if handler_mod is None or trace_mod is None or "mlflow" not in sys.modules:
            self.patch_status = "waiting for mlflow"
            return
        problem = unrecognised(handler_mod, trace_mod)
        if problem:
            self.gave_up = True
            self.patch_status = f"unrecognised mlflow, left untouched: {problem}"
            return
        cls = handler_mod.IPythonTraceDisplayHandler
        trace_cls = trace_mod.Trace
        hook = self
        orig_get = cls.__dict__["get_mimebundle"]
        orig_repr = trace_cls.__dict__["_repr_mimebundle_"]
        orig_available = handler_mod.is_trace_ui_available
        orig_display = cls.__dict__["display_traces"]

        def display_traces(handler_self, traces, *args, **kwargs):
            try:
                hook.note_skipped(handler_mod, traces)
            except Exception:
                pass
            return orig_display(handler_self, traces, *args, **kwargs)

        def get_mimebundle(handler_self, traces):
            bundle = orig_get(handler_self, traces)
            return hook.augment(bundle, traces)

        def _repr_mimebundle_(trace_self, *args, **kwargs):
            bundle = orig_repr(trace_self, *args, **kwargs)
            return hook.augment(bundle, [trace_self])

        def is_trace_ui_available():
            if orig_available():
                return True
            try:
                return bool(hook.non_http and hook.patched and handler_mod._is_jupyter())
            except Exception:
                return False

        for wrapper, original in (
            (display_traces, orig_display),
            (get_mimebundle, orig_get),
            (_repr_mimebundle_, orig_repr),
            (is_trace_ui_available, orig_available),
        ):
            wrapper.__wrapped__ = original
            wrapper.__doc__ = getattr(original, "__doc__", None)
            wrapper.__name__ = getattr(original, "__name__", wrapper.__name__)

        self.originals = {
            "display_traces": orig_display,
            "get_mimebundle": orig_get,
            "_repr_mimebundle_": orig_repr,
            "is_trace_ui_available": orig_available,
        }
        self.wrappers = {
            "display_traces": display_traces,
            "get_mimebundle": get_mimebundle,
            "_repr_mimebundle_": _repr_mimebundle_,
            "is_trace_ui_available": is_trace_ui_available,
        }
        self.handler_mod = handler_mod
        self.trace_cls = trace_cls
        cls.display_traces = display_traces
        cls.get_mimebundle = get_mimebundle
        trace_cls._repr_mimebundle_ = _repr_mimebundle_
        handler_mod.is_trace_ui_available = is_trace_ui_available
        self.patched = True
        self.patch_status = "patched"

    def unpatch(self) -> None:
        if not self.originals:
            self.patched = False
            return
        handler_mod = getattr(self, "handler_mod", None)
        trace_cls = getattr(self, "trace_cls", None)
        cls = getattr(handler_mod, "IPythonTraceDisplayHandler", None)
        targets = (
            (cls, "display_traces"),
            (cls, "get_mimebundle"),
            (trace_cls, "_repr_mimebundle_"),
            (handler_mod, "is_trace_ui_available"),
        )
        for owner, name in targets:
            # Only restore what is still ours: someone may have patched on top.
            if owner is None:
                continue
            if getattr(owner, "__dict__", {}).get(name) is self.wrappers.get(name):
                setattr(owner, name, self.originals[name])
        self.originals = {}
        self.wrappers = {}
        self.patched = False

    # -- building the bundle -------------------------------------------------

    def augment(self, bundle, traces):
        """MLflow's bundle plus the embedded traces; MLflow's bundle on any problem."""
        try:
            if not self.patched or not isinstance(bundle, dict) or MIME_TYPE in bundle:
                return bundle
            handler_mod = self.handler_mod
            if getattr(handler_mod.IPythonTraceDisplayHandler, "disabled", False):
                return bundle
            in_databricks = getattr(handler_mod, "is_in_databricks_runtime", None)
            if callable(in_databricks) and in_databricks():
                return bundle  # Databricks renders its own payload
            mlflow = sys.modules["mlflow"]
            # Absolute: the sidebar and the viewer read it outside the kernel's cwd.
            tracking_uri = absolute_store_uri(mlflow.get_tracking_uri())
            http = bool(handler_mod.is_using_tracking_server())
            if not http and not self.non_http:
                return bundle
            summaries = [summary_of(trace) for trace in traces]
            trace_dicts, json_size = parse_trace_json([trace.to_json() for trace in traces])
            envelope = build_envelope(
                trace_dicts,
                tracking_uri,
                self.max_bytes,
                json_size=json_size,
                experiment_ids=[s["experiment_id"] for s in summaries],
                parsed=True,
            )
            if envelope is None and http:
                return bundle  # too large even shortened: MLflow's iframe alone
            result = dict(bundle)
            if envelope is not None:
                result[MIME_TYPE] = envelope
            # One text/html per bundle: a static summary in place of MLflow's iframe,
            # which is blank wherever the tracking server is out of reach (GitHub,
            # nbviewer, a saved notebook); MLflow 2 even puts an iframe to a sqlite URI
            # in multi-trace bundles. For HTTP stores it links to the MLflow UI.
            result["text/html"] = summary_html(
                summaries,
                bool(envelope and envelope.get("truncated")),
                ui_base=shown_uri(tracking_uri) if http else None,
            )
            return result
        except Exception as error:
            self.last_error = f"bundle: {error!r}"
            _log.debug("embedding traces failed; MLflow's bundle is used", exc_info=True)
            return bundle


def unrecognised(handler_mod, trace_mod) -> str | None:
    version = mlflow_version()
    parsed = parse_version(version)
    if parsed is None or not (MIN_MLFLOW <= parsed < MAX_MLFLOW_EXCLUSIVE):
        return f"mlflow {version!r} is outside the supported range 2.14 - 3.x"
    cls = getattr(handler_mod, "IPythonTraceDisplayHandler", None)
    if cls is None:
        return "IPythonTraceDisplayHandler is missing"
    for name in ("get_mimebundle", "display_traces", "_display_traces_post_run"):
        if not callable(cls.__dict__.get(name)):
            return f"IPythonTraceDisplayHandler.{name} is missing"
    if not isinstance(getattr(cls, "disabled", None), bool):
        return "IPythonTraceDisplayHandler.disabled is missing"
    for name in ("is_trace_ui_available", "is_using_tracking_server", "_is_jupyter"):
        if not callable(getattr(handler_mod, name, None)):
            return f"{HANDLER_MODULE}.{name} is missing"
    trace_cls = getattr(trace_mod, "Trace", None)
    if trace_cls is None:
        return "mlflow.entities.Trace is missing"
    if not callable(trace_cls.__dict__.get("_repr_mimebundle_")):
        return "Trace._repr_mimebundle_ is missing"
    if not callable(getattr(trace_cls, "to_json", None)):
        return "Trace.to_json is missing"
    return None


def flush_span_queues() -> None:
    """Hand this cell's finished spans to MLflow's exporter now.

    MLflow 3.17 exports spans from a background batch processor, so its display
    handler, which runs right after this callback (registered later), would find
    no trace for the cell and nothing would be shown. Flushing the span queues
    (not the slower database writes behind them) lets the exporter pass the
    cell's traces to the display handler in time. Older MLflow has no such queue.
    """
    module = sys.modules.get(_PROCESSOR_MODULE)
    registry = getattr(module, "_batch_processor_registry", None)
    lock = getattr(module, "_batch_processor_registry_lock", None)
    if registry is None or lock is None:
        return
    with lock:
        processors = list(registry)
    # Always flushed: OpenTelemetry's worker takes spans off its queue before it
    # exports them, so an empty queue does not mean the cell's trace has reached
    # the display handler (a check of the queue alone lost traces under load).
    for processor in processors:
        try:
            processor.force_flush(_FLUSH_TIMEOUT_MS)
        except Exception:
            pass
