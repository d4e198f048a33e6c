"""Kernel side of jupyterlab-mlflow-traces.

Sent to a Python (IPython) kernel by the frontend as SOURCE, with a silent execute
(``kernel_loader.py`` executes it as the module ``jupyterlab_mlflow_traces.kernel_hook``
in ``sys.modules``), so kernels whose environment lacks this package get it too.
Or imported by hand with ``%load_ext jupyterlab_mlflow_traces``. Hence: one file,
standard library only, no relative imports. It never imports mlflow: it waits
until user code does, then

* makes MLflow's own notebook display (the batched post-cell display and
  ``Trace._repr_mimebundle_``) carry the full trace JSON in
  ``application/vnd.mlflow.trace+json``, with a static, escaped HTML summary as
  ``text/html`` for viewers without the extension (GitHub, nbviewer): for an
  HTTP tracking server it links each trace to the MLflow UI instead of MLflow's
  iframe; other stores (sqlite:, file:, a path) are displayed too while
  ``non_http`` is on (the default);
* says once per kernel session and reason, in the cell's output, why a trace
  MLflow made is not shown (display switched off; a non-HTTP store while
  ``non_http`` is off);
* applies the notebook's display switch with MLflow's public
  ``mlflow.tracing.disable_notebook_display()`` / ``enable_notebook_display()``
  as soon as mlflow is imported;
* reports the real state (``state_json()``) for the frontend's
  ``user_expressions``.

MLflow's rules stay as they are: its ``disabled`` flag, one batched display
per cell, ``MLFLOW_MAX_TRACES_TO_DISPLAY_IN_NOTEBOOK``, and (only with ``non_http``
off) no display without an HTTP tracking URI. Anything unexpected (unknown
MLflow version, missing internals, a failure while building the bundle) leaves
MLflow's original behaviour in place; nothing raises into user cells.

Kernel API (what the frontend calls)::

    install(display_enabled=None, non_http=None, max_bytes=None)
    configure(display_enabled=None, non_http=None, max_bytes=None)
    state() -> dict            state_json() -> str
    uninstall()

This module only uses the standard library at import time.
"""

from __future__ import annotations

import html
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = [
    "API_VERSION",
    "MIME_TYPE",
    "configure",
    "install",
    "state",
    "state_json",
    "uninstall",
]

#: Version of this kernel API (``state()["api"]``); bump on incompatible changes.
#: The frontend only calls a hook of its own version (src/notebookDisplay/kernelCode.ts).
#: 2: sent as source; non-HTTP stores displayed by default; summary HTML for every store.
API_VERSION = 2
MIME_TYPE = "application/vnd.mlflow.trace+json"
#: Envelope version 2: integers beyond 2**53 - 1 are written as decimal strings
#: (see ``big_ints_as_strings``). Version 1 wrote them as JSON numbers, which the
#: browser rounds (``JSON.parse``) and JupyterLab then saves rounded.
ENVELOPE_VERSION = 2
#: Largest integer a JavaScript number (IEEE double) holds exactly.
MAX_SAFE_INTEGER = 2**53 - 1
DEFAULT_MAX_BYTES = 1_000_000
MIN_MAX_BYTES = 1024
#: MLflow versions whose display internals this hook knows: [2.14, 4.0).
MIN_MLFLOW = (2, 14)
MAX_MLFLOW_EXCLUSIVE = (4, 0)
#: Key of the marker that replaces oversized values.
TRUNCATION_KEY = "mlflow_traces_truncated"
#: Values smaller than this are never replaced by a marker.
_MIN_TRUNCATE_BYTES = 512
_PREVIEW_CHARS = 200

#: The line said once per kernel session when MLflow got traces and nothing shows them.
NOTICES = {
    "off": (
        "MLflow traces: trace display is off in this kernel, so this cell's traces are not"
        " shown. Turn it on with the notebook toolbar's Traces button or"
        " mlflow.tracing.enable_notebook_display(). (Said once per kernel session.)"
    ),
    "store": (
        "MLflow traces: traces logged to {uri} are not shown: MLflow displays traces only"
        " with an http(s) tracking server. Turn on 'Display traces with non-HTTP tracking"
        " stores too' in Settings > MLflow traces: notebook display switch."
        " (Said once per kernel session.)"
    ),
}

_HANDLER_MODULE = "mlflow.tracing.display.display_handler"
_PROCESSOR_MODULE = "mlflow.tracing.processor.base_mlflow"
# How long the end of a cell may wait for MLflow's span queue.
_FLUSH_TIMEOUT_MS = 5000
_DISPLAY_MODULE = "mlflow.tracing.display"
_TRACE_MODULE = "mlflow.entities.trace"
# "mlflow" itself too: once its __init__ finished, the hook syncs once more.
_WATCHED = frozenset({"mlflow", _HANDLER_MODULE, _DISPLAY_MODULE, _TRACE_MODULE})

_log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# Small helpers (no mlflow)


def _loaded(name: str):
    """A fully imported module, or None (absent or still executing)."""
    module = sys.modules.get(name)
    if module is None:
        return None
    spec = getattr(module, "__spec__", None)
    if spec is not None and getattr(spec, "_initializing", False):
        return None
    return module


def strip_credentials(uri: str | None) -> str | None:
    """A tracking URI without user info, query or fragment (they may hold secrets)."""
    if not uri or not isinstance(uri, str):
        return None
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    if not parts.scheme or ("@" not in parts.netloc and not parts.query and not parts.fragment):
        return uri  # nothing to strip (keeps sqlite:////abs/path as it is)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{netloc}{parts.path}"


def absolute_store_uri(uri: str | None, cwd: str | None = None) -> str | None:
    """A local store's URI made absolute against the kernel's working directory.

    The kernel reports its tracking URI so the sidebar can browse the same store,
    but the Jupyter server runs elsewhere: ``sqlite:///mlflow.db`` (MLflow's
    default since 3.7), ``file:./mlruns`` and plain paths mean nothing there.
    Other URIs are returned as they are.
    """
    if not uri or not isinstance(uri, str):
        return uri
    base = cwd or os.getcwd()

    def absolute(path: str) -> str:
        return os.path.normpath(os.path.join(base, os.path.expanduser(path)))

    try:
        scheme = urlsplit(uri).scheme.lower()
    except ValueError:
        return uri
    if uri.startswith("sqlite:///"):
        rest, sep, query = uri[len("sqlite:///") :].partition("?")
        if rest and not rest.startswith("/") and rest != ":memory:":
            return f"sqlite:///{absolute(rest)}{sep}{query}"
        return uri
    if scheme == "file":
        path = uri[len("file:") :]
        if path and not path.startswith("/"):
            return Path(absolute(path)).as_uri()
        return uri
    if uri in ("databricks", "databricks-uc", "uc"):  # MLflow's bare scheme names
        return uri
    if not scheme or (len(scheme) == 1 and os.name == "nt"):  # a path (C:\ on Windows)
        return Path(absolute(uri)).as_uri()
    return uri


def _parse_version(text: Any) -> tuple[int, int] | None:
    try:
        major, minor = str(text).split(".")[:2]
        return int(major), int("".join(ch for ch in minor if ch.isdigit()) or "0")
    except (ValueError, TypeError):
        return None


def _mlflow_version() -> str | None:
    for name, attr in (("mlflow", "__version__"), ("mlflow.version", "VERSION")):
        value = getattr(sys.modules.get(name), attr, None)
        if isinstance(value, str):
            return value
    return None


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


# ---------------------------------------------------------------------------
# The embedded envelope


def big_ints_as_strings(value: Any) -> Any:
    """A copy of a JSON value where every integer whose magnitude exceeds 2**53 - 1 is a
    decimal string; everything else is kept as it is (same type, same order).

    This is envelope version 2's only encoding. Nanosecond timestamps
    (``start_time_unix_nano``, ``end_time_unix_nano``, event ``time_unix_nano``, MLflow 2's
    ``start_time``/``end_time``/``timestamp``) are about 1.7e18: a browser's ``JSON.parse``
    rounds them to the nearest double (256 ns steps), and JupyterLab saves the rounded
    number. As strings they stay exact; OpenTelemetry's proto JSON spells int64 the same
    way, and the viewer reads both. Iterative, so deep values cannot exhaust the stack.
    """

    def convert(item: Any) -> Any:
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_SAFE_INTEGER:
            return str(item)
        return item

    root = [value]
    stack: list[Any] = [root]
    while stack:
        container = stack.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            item = container[key]
            if isinstance(item, dict):
                item = dict(item)
                stack.append(item)
            elif isinstance(item, (list, tuple)):
                item = list(item)
                stack.append(item)
            else:
                item = convert(item)
            container[key] = item
    return root[0]


def _trace_info(trace: dict) -> dict:
    info = trace.get("info") if isinstance(trace, dict) else None
    return info if isinstance(info, dict) else {}


def _trace_spans(trace: dict) -> list:
    data = trace.get("data") if isinstance(trace, dict) else None
    spans = data.get("spans") if isinstance(data, dict) else None
    return spans if isinstance(spans, list) else []


def _experiment_id_of(trace: dict) -> str | None:
    info = _trace_info(trace)
    exp = info.get("experiment_id")
    if exp in (None, ""):
        location = info.get("trace_location")
        if isinstance(location, dict):
            exp = (location.get("mlflow_experiment") or {}).get("experiment_id")
    return str(exp) if exp not in (None, "") else None


def _summary_of(trace: dict) -> dict[str, Any]:
    """Name, status, duration and span count for the static HTML summary."""
    info = _trace_info(trace)
    spans = _trace_spans(trace)
    tags = info.get("tags") if isinstance(info.get("tags"), dict) else {}
    name = tags.get("mlflow.traceName")
    if not name:
        for span in spans:
            if isinstance(span, dict) and not (span.get("parent_span_id") or span.get("parent_id")):
                name = span.get("name")
                break
    duration = info.get("execution_duration_ms", info.get("execution_time_ms"))
    if duration is None and isinstance(info.get("execution_duration"), str):
        try:
            duration = float(info["execution_duration"].rstrip("s")) * 1000
        except ValueError:
            duration = None
    return {
        "trace_id": info.get("trace_id") or info.get("request_id") or "",
        "name": str(name or "trace"),
        "status": str(info.get("state") or info.get("status") or "UNKNOWN"),
        "duration_ms": duration if isinstance(duration, (int, float)) else None,
        "spans": len(spans),
        "experiment_id": _experiment_id_of(trace),
    }


def _format_duration(ms: float | None) -> str:
    if ms is None:
        return "-"
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.2f} s"


def mlflow_ui_link(ui_base: str, summary: dict[str, Any]) -> str | None:
    """The MLflow UI page of a trace (as the viewer's "Open in MLflow UI"), or None."""
    if not summary.get("experiment_id") or not summary.get("trace_id"):
        return None
    exp = quote(str(summary["experiment_id"]), safe="")
    trace_id = quote(str(summary["trace_id"]), safe="")
    return f"{ui_base.rstrip('/')}/#/experiments/{exp}?selectedTraceId={trace_id}"


def summary_html(
    summaries: list[dict[str, Any]], truncated: bool = False, ui_base: str | None = None
) -> str:
    """A static, escaped HTML table for viewers without the extension (GitHub, nbviewer).

    ``ui_base``: an http(s) tracking server, credentials stripped. Each trace then
    links to its MLflow UI page: a plain link, which works wherever the reader can
    reach that server, where MLflow's iframe would stay blank everywhere else.
    """
    esc = html.escape
    if ui_base and urlsplit(ui_base).scheme.lower() not in ("http", "https"):
        ui_base = None

    def link_cell(summary: dict[str, Any]) -> str:
        href = mlflow_ui_link(ui_base, summary) if ui_base else None
        return f'<td><a href="{esc(href)}">MLflow UI</a></td>' if href else "<td></td>"

    rows = "".join(
        "<tr>"
        f"<td>{esc(s['name'])}</td>"
        f"<td>{esc(s['status'])}</td>"
        f'<td style="text-align: right">{esc(_format_duration(s["duration_ms"]))}</td>'
        f'<td style="text-align: right">{int(s["spans"])}</td>'
        f"<td><code>{esc(str(s['trace_id']))}</code></td>"
        + (link_cell(s) if ui_base else "")
        + "</tr>"
        for s in summaries
    )
    count = len(summaries)
    note = " Some large values were shortened to keep the notebook small." if truncated else ""
    where = f" Tracking server: {esc(ui_base)}." if ui_base else ""
    return (
        '<div class="mlflow-trace-summary">'
        f"<p><strong>MLflow trace{'s' if count != 1 else ''}</strong> ({count}). "
        "The full trace is embedded in this output; open the notebook in JupyterLab with "
        f"jupyterlab-mlflow-traces to explore it.{where}{note}</p>"
        "<table><thead><tr><th>Trace</th><th>Status</th><th>Duration</th><th>Spans</th>"
        "<th>Trace id</th>"
        + ("<th>Open</th>" if ui_base else "")
        + f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _marker(value: Any, size: int) -> Any:
    marker: dict[str, Any] = {TRUNCATION_KEY: True, "original_size": size}
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    marker["preview"] = text[:_PREVIEW_CHARS]
    # MLflow stores attribute and metadata values as (JSON) strings: keep that type.
    return json.dumps(marker, ensure_ascii=False) if isinstance(value, str) else marker


def _truncatable(traces: list[dict]):
    """(container, key) of every value the size cap may replace; ids, names, times never."""
    for trace in traces:
        info = _trace_info(trace)
        for key in ("trace_metadata", "request_metadata", "tags"):
            if isinstance(info.get(key), dict):
                for k in list(info[key]):
                    yield info[key], k
        for key in ("request_preview", "response_preview"):
            if key in info:
                yield info, key
        data = trace.get("data") if isinstance(trace, dict) else None
        if isinstance(data, dict):
            for key in ("request", "response"):
                if key in data:
                    yield data, key
        for span in _trace_spans(trace):
            if not isinstance(span, dict):
                continue
            attrs = span.get("attributes")
            if isinstance(attrs, dict):
                for k in list(attrs):
                    yield attrs, k
            for key in ("inputs", "outputs"):
                if key in span:
                    yield span, key
            events = span.get("events")
            if isinstance(events, list):
                for event in events:
                    if isinstance(event, dict) and isinstance(event.get("attributes"), dict):
                        for k in list(event["attributes"]):
                            yield event["attributes"], k


def _value_size(value: Any) -> int:
    """Bytes of ``value``'s JSON; short strings are bounded without serializing them."""
    if isinstance(value, str) and len(value) * 6 + 2 < _MIN_TRUNCATE_BYTES:
        return len(value) + 2  # below any cut: an estimate is enough
    return _json_size(value)


def apply_size_cap(envelope: dict, max_bytes: int, size: int | None = None) -> bool:
    """Replace the largest values by markers until the envelope fits; False if it cannot.

    ``size``: the envelope's size when the caller knows it already.
    """
    if size is None:
        size = _json_size(envelope)
    if size <= max_bytes:
        return True
    candidates = []
    for container, key in _truncatable(envelope["traces"]):
        value_size = _value_size(container[key])
        if value_size >= _MIN_TRUNCATE_BYTES:
            candidates.append((value_size, container, key))
    candidates.sort(key=lambda c: c[0], reverse=True)
    for value_size, container, key in candidates:
        if size <= max_bytes:
            break
        marker = _marker(container[key], value_size)
        container[key] = marker
        size -= value_size - _json_size(marker)
        envelope["truncated"] = True
    if envelope.get("truncated"):
        size = _json_size(envelope)  # exact, after the flag was added
    return size <= max_bytes


#: Bytes one span takes at least in a structure (its id, parent, indexes, two offsets):
#: measured ~40-50 with MLflow 3 ids, so ~20,000 spans fit the default 1 MB cap.
_MIN_STRUCTURE_SPAN_BYTES = 30
#: Bytes one span takes at least in MLflow's own JSON without its values (ids, name,
#: times, status, type): measured ~350 with MLflow 3.17; a lower bound.
_MIN_SPAN_BYTES = 250
#: Span attribute that carries the span type (a JSON string).
_SPAN_TYPE_KEY = "mlflow.spanType"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def span_structure(spans: list) -> dict[str, Any]:
    """A trace's tree without its values (``data.structure``, read by src/model/truncation.ts).

    ``start`` is the earliest start (nanoseconds, a decimal string); each span is
    ``[span_id, parent index (-1: none in this trace), name index, type index,
    status index, start offset ns, duration ns]`` with ``names``/``types``/``statuses``
    as lookup tables. Types are MLflow's ``mlflow.spanType`` attribute values as stored.
    MLflow 3 (``span_id``, ``start_time_unix_nano``, ``status.code``) and MLflow 2
    (``context.span_id``, ``parent_id``, ``start_time``, ``status_code``) spans.
    """
    rows = []
    for span in spans:
        if not isinstance(span, dict):
            continue
        context = span.get("context") if isinstance(span.get("context"), dict) else {}
        status = span.get("status")
        code = status.get("code") if isinstance(status, dict) else None
        attrs = span.get("attributes") if isinstance(span.get("attributes"), dict) else {}
        rows.append(
            (
                span.get("span_id") or context.get("span_id"),
                span.get("parent_span_id") or span.get("parent_id"),
                str(span.get("name") or ""),
                attrs.get(_SPAN_TYPE_KEY),
                code if code is not None else span.get("status_code"),
                _int_or_none(span.get("start_time_unix_nano", span.get("start_time"))),
                _int_or_none(span.get("end_time_unix_nano", span.get("end_time"))),
            )
        )
    starts = [row[5] for row in rows if row[5] is not None]
    base = min(starts) if starts else 0
    index = {row[0]: i for i, row in enumerate(rows) if row[0]}
    tables: dict[str, dict[Any, int]] = {"names": {}, "types": {}, "statuses": {}}

    def ref(table: str, value: Any) -> int:
        return tables[table].setdefault(value, len(tables[table]))

    out = []
    for span_id, parent, name, kind, status, start, end in rows:
        offset = start - base if start is not None else 0
        duration = end - start if start is not None and end is not None else 0
        out.append(
            [
                span_id,
                index.get(parent, -1) if parent else -1,
                ref("names", name),
                ref("types", kind),
                ref("statuses", status),
                offset,
                duration,
            ]
        )
    return {"start": str(base), "spans": out, **{k: list(v) for k, v in tables.items()}}


def _structure_only(trace: dict) -> dict:
    """``trace`` with its spans as a structure (times, names, types, status, parents)."""
    data = trace.get("data") if isinstance(trace.get("data"), dict) else {}
    result = dict(trace)
    result["data"] = {k: v for k, v in data.items() if k != "spans"}
    result["data"]["spans"] = []  # older viewers: a trace without spans, not an error
    result["data"]["structure"] = span_structure(_trace_spans(trace))
    return result


def build_envelope(
    trace_dicts: list[dict], tracking_uri: str | None, max_bytes: int, json_size: int | None = None
) -> tuple[dict | None, list[dict[str, Any]]]:
    """The envelope of ``IEmbeddedTraceEnvelope`` (src/model/types.ts) and the summaries.

    Decided cheaply first, from ``json_size`` (the bytes of MLflow's own JSON of the
    traces) when given: what fits is embedded whole; else the largest values become
    markers, if that can fit; else each trace's structure (every span's name, type,
    status, times and parent) with its info, values cut as markers. The envelope is
    None when even the structure exceeds ``max_bytes``.
    """
    summaries = [_summary_of(t) for t in trace_dicts]
    span_count = sum(len(_trace_spans(t)) for t in trace_dicts)
    if span_count * _MIN_STRUCTURE_SPAN_BYTES > max_bytes:
        return None, summaries  # not even the bare tree fits: build nothing
    envelope: dict[str, Any] = {"version": ENVELOPE_VERSION, "traces": trace_dicts}
    uri = strip_credentials(tracking_uri)
    if uri:
        envelope["tracking_uri"] = uri
    experiment_ids: list[str] = []
    for trace in trace_dicts:
        exp = _experiment_id_of(trace)
        if exp and exp not in experiment_ids:
            experiment_ids.append(exp)
    if experiment_ids:
        envelope["experiment_ids"] = experiment_ids
    # Every span has two nanosecond times, each two quotes longer as strings.
    size = None if json_size is None else json_size + 4 * span_count + 200
    # Markers can only cut values: spans kept whole need their ids, names, times.
    if size is None or size <= max_bytes or span_count * _MIN_SPAN_BYTES < max_bytes:
        # Before the size cap, so that it measures what is saved.
        envelope["traces"] = big_ints_as_strings(trace_dicts)
        if apply_size_cap(envelope, max_bytes):
            return envelope, summaries
        envelope.pop("truncated", None)
    # Too large even shortened: the structure, and only then the values' markers.
    envelope["traces"] = big_ints_as_strings([_structure_only(t) for t in trace_dicts])
    envelope["structure"] = True
    envelope["truncated"] = True
    if not apply_size_cap(envelope, max_bytes):
        return None, summaries
    return envelope, summaries


# ---------------------------------------------------------------------------
# Import watcher: run a callback right after a watched mlflow module executed


class _ImportWatcher:
    """A meta path finder that never loads anything itself.

    For a watched module it asks the other finders for the spec and wraps that
    spec's loader ``exec_module`` (an instance attribute, removed again once the
    module executed) so the hook can act before user code uses the module.
    """

    def __init__(self, callback):
        self._callback = callback
        self._local = threading.local()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _WATCHED or getattr(self._local, "busy", False):
            return None
        self._local.busy = True
        try:
            spec = None
            for finder in list(sys.meta_path):
                find = getattr(finder, "find_spec", None)
                if finder is self or find is None:
                    continue
                spec = find(fullname, path, target)
                if spec is not None:
                    break
        except Exception:
            _log.debug("import watcher: no spec for %s", fullname, exc_info=True)
            return None
        finally:
            self._local.busy = False
        if spec is None:
            return None
        self._wrap(spec, fullname)
        return spec

    def _wrap(self, spec, fullname) -> None:
        loader = spec.loader
        original = getattr(loader, "exec_module", None)
        if original is None:
            return
        had_own = "exec_module" in getattr(loader, "__dict__", {})
        callback = self._callback

        def exec_module(module):
            if getattr(module, "__name__", None) != fullname:
                return original(module)  # a shared loader executing another module
            try:
                original(module)
            finally:
                try:
                    if had_own:
                        loader.exec_module = original
                    else:
                        del loader.exec_module
                except Exception:
                    pass
            try:
                callback(fullname)
            except Exception:
                _log.debug("import watcher callback failed for %s", fullname, exc_info=True)

        try:
            loader.exec_module = exec_module
        except Exception:
            _log.debug("import watcher: cannot wrap the loader of %s", fullname, exc_info=True)


# ---------------------------------------------------------------------------
# The hook


class _Hook:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.installed = False
        #: Display traces of non-HTTP stores (sqlite:, file:, a path) too; MLflow does not.
        self.non_http = True
        self.max_bytes = DEFAULT_MAX_BYTES
        #: The display switch still to apply once mlflow's display module is imported.
        self.pending_display: bool | None = None
        #: True once install()/configure() received a display state.
        self.configured = False
        self.patched = False
        self.patch_status = "waiting for mlflow"
        self.gave_up = False
        self.originals: dict[str, Any] = {}
        self.wrappers: dict[str, Any] = {}
        self.watcher: _ImportWatcher | None = None
        self.ipython = None
        self.last_error: str | None = None
        #: Why traces of the running cell were not displayed ("off", "store"); see NOTICES.
        self.skipped: set[str] = set()
        #: Reasons already said in this kernel session: each is said once.
        self.noticed: set[str] = set()

    # -- lifecycle ---------------------------------------------------------

    def install(self, ipython=None) -> None:
        with self.lock:
            if self.installed:
                return
            self.installed = True
            self.watcher = _ImportWatcher(self.on_import)
            sys.meta_path.insert(0, self.watcher)
            ip = ipython or _get_ipython()
            if ip is not None:
                try:
                    ip.events.register("pre_run_cell", self.on_pre_run_cell)
                    # Registered before MLflow registers its own display callback (it
                    # does so on the first trace), so this one runs first.
                    ip.events.register("post_run_cell", self.on_post_run_cell)
                    self.ipython = ip
                except Exception:
                    _log.debug("cannot register IPython events", exc_info=True)
            self.sync()

    def uninstall(self) -> None:
        with self.lock:
            self.unpatch()
            if self.watcher is not None:
                try:
                    sys.meta_path.remove(self.watcher)
                except ValueError:
                    pass
            self.watcher = None
            if self.ipython is not None:
                for event, callback in (
                    ("pre_run_cell", self.on_pre_run_cell),
                    ("post_run_cell", self.on_post_run_cell),
                ):
                    try:
                        self.ipython.events.unregister(event, callback)
                    except Exception:
                        pass
            self.ipython = None
            self.installed = False
            self.pending_display = None
            self.configured = False
            self.gave_up = False
            self.patch_status = "not installed"

    # -- events --------------------------------------------------------------

    def on_import(self, name: str) -> None:
        self.sync()

    def on_pre_run_cell(self, info=None) -> None:
        try:
            self.sync()
            if self.ipython is not None:
                self.run_first_after_cells(self.ipython)
        except Exception:
            pass

    def on_post_run_cell(self, result=None) -> None:
        try:
            self.sync()
            if self.patched:
                flush_span_queues()
            self.say_why_not_shown()
        except Exception:
            pass

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

    def say_why_not_shown(self) -> None:
        """One line in the cell's output per reason, once per kernel session."""
        skipped, self.skipped = self.skipped, set()
        for reason in sorted(skipped - self.noticed):
            self.noticed.add(reason)
            text = NOTICES[reason]
            if reason == "store":
                uri = _tracking_uri(sys.modules.get("mlflow"))[0] or "a non-HTTP store"
                text = text.format(uri=uri)
            print(text, file=sys.stderr)

    def run_first_after_cells(self, ip) -> None:
        """Keep `on_post_run_cell` ahead of MLflow's display callback.

        The flush must run before MLflow displays. When the hook arrives after
        MLflow registered its callback (a cell ran before the frontend loaded the
        hook), move ours to the front.
        """
        try:
            callbacks = ip.events.callbacks["post_run_cell"]
            ours = [cb for cb in callbacks if cb == self.on_post_run_cell]
            if ours and callbacks[0] != self.on_post_run_cell:
                for cb in ours:
                    callbacks.remove(cb)
                callbacks.insert(0, ours[0])
        except Exception:
            pass

    def sync(self) -> None:
        """Apply the pending display switch and patch, as far as mlflow is imported."""
        with self.lock:
            try:
                self.apply_pending_display()
            except Exception as error:
                self.last_error = f"display switch: {error!r}"
                _log.debug("display switch not applied", exc_info=True)
            try:
                self.try_patch()
            except Exception as error:
                self.last_error = f"patch: {error!r}"
                self.patch_status = f"error: {error!r}"
                self.gave_up = True
                self.unpatch()
                _log.debug("patching mlflow's display failed", exc_info=True)

    # -- display switch ------------------------------------------------------

    def set_display(self, enabled: bool) -> None:
        with self.lock:
            self.configured = True
            self.pending_display = bool(enabled)
            self.sync()

    def apply_pending_display(self) -> None:
        if self.pending_display is None:
            return
        display = _loaded(_DISPLAY_MODULE)
        handler = _loaded(_HANDLER_MODULE)
        if display is None or handler is None:
            return
        enabled = self.pending_display
        self.pending_display = None
        cls = getattr(handler, "IPythonTraceDisplayHandler", None)
        if enabled:
            if cls is not None and not getattr(cls, "disabled", False):
                return  # already on: do not create MLflow's handler early
            function = getattr(display, "enable_notebook_display", None)
        else:
            function = getattr(display, "disable_notebook_display", None)
        if callable(function):
            function()
        elif cls is not None:
            getattr(cls, "enable" if enabled else "disable")()

    # -- patching ------------------------------------------------------------

    def try_patch(self) -> None:
        if self.patched or self.gave_up:
            return
        handler_mod = _loaded(_HANDLER_MODULE)
        trace_mod = _loaded(_TRACE_MODULE)
        # mlflow itself may still be executing its __init__ (it imports both modules):
        # patch already, so a Trace shown in the cell that imports mlflow is covered.
        if handler_mod is None or trace_mod is None or "mlflow" not in sys.modules:
            self.patch_status = "waiting for mlflow"
            return
        problem = _unrecognised(handler_mod, trace_mod)
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
            texts = [trace.to_json() for trace in traces]
            envelope, summaries = build_envelope(
                [json.loads(text) for text in texts],
                tracking_uri,
                self.max_bytes,
                json_size=sum(len(text) for text in texts),
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
                ui_base=strip_credentials(tracking_uri) if http else None,
            )
            return result
        except Exception as error:
            self.last_error = f"bundle: {error!r}"
            _log.debug("embedding traces failed; MLflow's bundle is used", exc_info=True)
            return bundle

    # -- reporting -----------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self.lock:
            mlflow = _loaded("mlflow")
            handler = _loaded(_HANDLER_MODULE)
            cls = getattr(handler, "IPythonTraceDisplayHandler", None)
            disabled = getattr(cls, "disabled", None) if cls is not None else None
            if isinstance(disabled, bool):
                display_enabled: bool | None = not disabled
            else:
                disabled = None
                display_enabled = self.pending_display
            tracking_uri, uri_source = _tracking_uri(mlflow)
            return {
                "api": API_VERSION,
                "package_version": _package_version(),
                # "source": sent by the frontend; "package": imported (%load_ext).
                "origin": "package" if globals().get("__spec__") is not None else "source",
                "installed": self.installed,
                "configured": self.configured,
                "mlflow_imported": "mlflow" in sys.modules,
                "mlflow_version": _mlflow_version(),
                "display_loaded": cls is not None,
                "disabled": disabled,
                "display_enabled": display_enabled,
                "pending_display_enabled": self.pending_display,
                "patched": self.patched,
                "patch_status": self.patch_status,
                "non_http": self.non_http,
                "max_bytes": self.max_bytes,
                "tracking_uri": tracking_uri,
                "tracking_uri_source": uri_source,
                "experiment_id": _experiment_id(),
                "noticed": sorted(self.noticed),
                "last_error": self.last_error,
            }


def _unrecognised(handler_mod, trace_mod) -> str | None:
    version = _mlflow_version()
    parsed = _parse_version(version)
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
            return f"{_HANDLER_MODULE}.{name} is missing"
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


def _tracking_uri(mlflow) -> tuple[str | None, str | None]:
    """The kernel's tracking URI: absolute for local stores, credentials stripped."""
    get = getattr(mlflow, "get_tracking_uri", None) if mlflow is not None else None
    if callable(get):
        try:
            return strip_credentials(absolute_store_uri(get())), "mlflow"
        except Exception:
            pass
    env = os.environ.get("MLFLOW_TRACKING_URI")
    if env:
        return strip_credentials(absolute_store_uri(env)), "environment"
    return None, None


def _experiment_id() -> str | None:
    fluent = sys.modules.get("mlflow.tracking.fluent")
    active = getattr(fluent, "_active_experiment_id", None)
    if active not in (None, ""):
        return str(active)
    return os.environ.get("MLFLOW_EXPERIMENT_ID") or None


def _package_version() -> str:
    # Sent as source, the loader sets __version__ (the frontend's package version).
    sent = globals().get("__version__")
    if isinstance(sent, str):
        return sent
    try:
        from ._version import __version__

        return __version__
    except Exception:
        return "dev"


def _get_ipython():
    try:
        from IPython import get_ipython

        return get_ipython()
    except Exception:
        return None


# ---------------------------------------------------------------------------
# Public API

_hook = _Hook()


def configure(
    display_enabled: bool | None = None,
    non_http: bool | None = None,
    max_bytes: int | None = None,
) -> None:
    """Change settings; ``None`` keeps a value.

    ``display_enabled`` is applied with ``mlflow.tracing.enable_notebook_display()`` /
    ``disable_notebook_display()`` now if mlflow is imported, else as soon as it is.
    """
    try:
        with _hook.lock:
            if non_http is not None:
                _hook.non_http = bool(non_http)
            if max_bytes is not None:
                _hook.max_bytes = max(MIN_MAX_BYTES, int(max_bytes))
            if display_enabled is not None:
                _hook.set_display(bool(display_enabled))
            else:
                _hook.sync()
    except Exception as error:  # never raise into the caller (a silent execute)
        _hook.last_error = f"configure: {error!r}"


def install(
    display_enabled: bool | None = None,
    non_http: bool | None = None,
    max_bytes: int | None = None,
    ipython=None,
) -> None:
    """Install the hook (idempotent), then ``configure(...)``."""
    try:
        _hook.install(ipython)
    except Exception as error:
        _hook.last_error = f"install: {error!r}"
    configure(display_enabled=display_enabled, non_http=non_http, max_bytes=max_bytes)


def uninstall() -> None:
    """Restore MLflow's original display and stop watching imports."""
    try:
        _hook.uninstall()
    except Exception as error:
        _hook.last_error = f"uninstall: {error!r}"


def state() -> dict[str, Any]:
    """What the kernel really has: see ``_Hook.state``. Never imports mlflow."""
    try:
        return _hook.state()
    except Exception as error:
        return {"api": API_VERSION, "installed": _hook.installed, "last_error": repr(error)}


def state_json() -> str:
    """``state()`` as a JSON string, for the frontend's ``user_expressions``."""
    return json.dumps(state(), default=str)
