"""The import watcher: run a callback right after a watched module executed.

The hook never imports mlflow; it waits until user code does, and must patch
MLflow's display before user code uses it. Standard library only.
"""

from __future__ import annotations

import logging
import sys
import threading

_log = logging.getLogger(__name__)


def loaded(name: str):
    """A fully imported module, or None (absent or still executing)."""
    module = sys.modules.get(name)
    if module is None:
        return None
    spec = getattr(module, "__spec__", None)
    if spec is not None and getattr(spec, "_initializing", False):
        return None
    return module


class _ImportWatcher:
    """A meta path finder that never loads anything itself.

    For a watched module it asks the other finders for the spec and wraps that
    spec's loader ``exec_module`` (an instance attribute, removed again once the
    module executed) so the hook can act before user code uses the module.
    """

    def __init__(self, watched, callback):
        self._watched = frozenset(watched)
        self._callback = callback
        self._local = threading.local()

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self._watched or getattr(self._local, "busy", False):
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
