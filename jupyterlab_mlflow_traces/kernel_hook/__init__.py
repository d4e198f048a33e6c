"""Kernel side of jupyterlab-mlflow-traces.

Sent to a Python (IPython) kernel by the frontend as SOURCE, with a silent execute
(``kernel_loader.py`` runs this package's modules as ``jupyterlab_mlflow_traces.kernel_hook``
and its submodules in ``sys.modules``), so kernels whose environment lacks this
package get it too. Or imported by hand with ``%load_ext jupyterlab_mlflow_traces``.
Hence: standard library only, and only relative imports within this package,
all at module level. One job per module:

* ``__init__`` (this module): the kernel API and the hook's state (switch, notices, report);
* ``envelope``: the embedded envelope (whole, size-capped, structure-first);
* ``summary``: the static HTML summary, read from MLflow's ``TraceInfo`` entities;
* ``patcher``: MLflow's display handler, made to carry the envelope;
* ``imports``: the import watcher that lets the hook act when user code imports mlflow;
* ``uris``: tracking URIs as shown and reported, shared with the server extension.

It never imports mlflow: it waits until user code does, then

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

This package only uses the standard library at import time.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from typing import Any

from .imports import _ImportWatcher, loaded
from .patcher import (
    DISPLAY_MODULE,
    HANDLER_MODULE,
    MIME_TYPE,
    TRACE_MODULE,
    DisplayPatcher,
    flush_span_queues,
    mlflow_version,
)
from .uris import absolute_store_uri, shown_uri

__all__ = [
    "API_VERSION",
    "MIME_TYPE",
    "configure",
    "install",
    "state",
    "state_json",
    "uninstall",
]

_log = logging.getLogger(__name__)

#: Version of this kernel API (``state()["api"]``); bump on incompatible changes.
#: The frontend only calls a hook of its own version (src/notebookDisplay/kernelCode.ts).
#: 2: sent as source; non-HTTP stores displayed by default; summary HTML for every store.
API_VERSION = 2
MIN_MAX_BYTES = 1024

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

# "mlflow" itself too: once its __init__ finished, the hook syncs once more.
_WATCHED = ("mlflow", HANDLER_MODULE, DISPLAY_MODULE, TRACE_MODULE)


class _Hook:
    """The hook's lifecycle in this kernel: events, the display switch, notices, report."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.installed = False
        #: The display switch still to apply once mlflow's display module is imported.
        self.pending_display: bool | None = None
        #: True once install()/configure() received a display state.
        self.configured = False
        self.patcher = DisplayPatcher()
        self.watcher: _ImportWatcher | None = None
        self.ipython = None
        #: Reasons already said in this kernel session: each is said once.
        self.noticed: set[str] = set()

    # -- lifecycle ---------------------------------------------------------

    def install(self, ipython=None) -> None:
        with self.lock:
            if self.installed:
                return
            self.installed = True
            self.watcher = _ImportWatcher(_WATCHED, self.on_import)
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
            self.patcher.unpatch()
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
            self.patcher.gave_up = False
            self.patcher.patch_status = "not installed"

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
            if self.patcher.patched:
                flush_span_queues()
            self.say_why_not_shown()
        except Exception:
            pass

    def say_why_not_shown(self) -> None:
        """One line in the cell's output per reason, once per kernel session."""
        skipped, self.patcher.skipped = self.patcher.skipped, set()
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
                self.patcher.last_error = f"display switch: {error!r}"
                _log.debug("display switch not applied", exc_info=True)
            patcher = self.patcher
            try:
                patcher.try_patch()
            except Exception as error:
                patcher.last_error = f"patch: {error!r}"
                patcher.patch_status = f"error: {error!r}"
                patcher.gave_up = True
                patcher.unpatch()
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
        display = loaded(DISPLAY_MODULE)
        handler = loaded(HANDLER_MODULE)
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

    # -- reporting -----------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self.lock:
            mlflow = loaded("mlflow")
            handler = loaded(HANDLER_MODULE)
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
                "origin": "source" if _sent_as_source() else "package",
                "installed": self.installed,
                "configured": self.configured,
                "mlflow_imported": "mlflow" in sys.modules,
                "mlflow_version": mlflow_version(),
                "display_loaded": cls is not None,
                "disabled": disabled,
                "display_enabled": display_enabled,
                "pending_display_enabled": self.pending_display,
                "patched": self.patcher.patched,
                "patch_status": self.patcher.patch_status,
                "non_http": self.patcher.non_http,
                "max_bytes": self.patcher.max_bytes,
                "tracking_uri": tracking_uri,
                "tracking_uri_source": uri_source,
                "experiment_id": _experiment_id(),
                "noticed": sorted(self.noticed),
                "last_error": self.patcher.last_error,
            }


def _tracking_uri(mlflow) -> tuple[str | None, str | None]:
    """The kernel's tracking URI: absolute for local stores, credentials stripped."""
    get = getattr(mlflow, "get_tracking_uri", None) if mlflow is not None else None
    if callable(get):
        try:
            return shown_uri(absolute_store_uri(get())), "mlflow"
        except Exception:
            pass
    env = os.environ.get("MLFLOW_TRACKING_URI")
    if env:
        return shown_uri(absolute_store_uri(env)), "environment"
    return None, None


def _experiment_id() -> str | None:
    fluent = sys.modules.get("mlflow.tracking.fluent")
    active = getattr(fluent, "_active_experiment_id", None)
    if active not in (None, ""):
        return str(active)
    return os.environ.get("MLFLOW_EXPERIMENT_ID") or None


def _sent_as_source() -> bool:
    """kernel_loader.py gives each module it runs ``__version__`` (the frontend's)."""
    return isinstance(globals().get("__version__"), str)


def _package_version() -> str:
    if _sent_as_source():
        return globals()["__version__"]
    try:
        from .._version import __version__

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
                _hook.patcher.non_http = bool(non_http)
            if max_bytes is not None:
                _hook.patcher.max_bytes = max(MIN_MAX_BYTES, int(max_bytes))
            if display_enabled is not None:
                _hook.set_display(bool(display_enabled))
            else:
                _hook.sync()
    except Exception as error:  # never raise into the caller (a silent execute)
        _hook.patcher.last_error = f"configure: {error!r}"


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
        _hook.patcher.last_error = f"install: {error!r}"
    configure(display_enabled=display_enabled, non_http=non_http, max_bytes=max_bytes)


def uninstall() -> None:
    """Restore MLflow's original display and stop watching imports."""
    try:
        _hook.uninstall()
    except Exception as error:
        _hook.patcher.last_error = f"uninstall: {error!r}"


def state() -> dict[str, Any]:
    """What the kernel really has: see ``_Hook.state``. Never imports mlflow."""
    try:
        return _hook.state()
    except Exception as error:
        return {"api": API_VERSION, "installed": _hook.installed, "last_error": repr(error)}


def state_json() -> str:
    """``state()`` as a JSON string, for the frontend's ``user_expressions``."""
    return json.dumps(state(), default=str)
