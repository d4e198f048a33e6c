"""Loads the kernel hook into a kernel from its source text.

The frontend sends this file and the sources of the ``kernel_hook`` package (all
bundled into its lazy hook chunk, src/notebookDisplay/hookFiles.ts) with one
silent execute::

    exec(<this file>, {"__name__": "__mlflow_traces_loader__",
                       "source": <JSON {module: source}, "" for the package itself>,
                       "version": <package version>, "api": <API version>,
                       "options": <install() keyword arguments>})

so a kernel whose environment lacks this package (conda, another venv, a remote
kernel) gets the hook, and the user's namespace gets no names: this runs in its
own globals. The hook becomes the package ``jupyterlab_mlflow_traces.kernel_hook``
(and its modules) in ``sys.modules``, the name ``%load_ext jupyterlab_mlflow_traces``
imports, so a kernel has one hook whichever way it came. Its modules are found
by a finder that serves the sent sources during this load only; the package
``jupyterlab_mlflow_traces`` itself is never imported.

A hook already there (loaded before, or by ``%load_ext``) is kept. It is only
installed and configured when it speaks the frontend's API version; otherwise it
is left alone and the frontend reports the difference. A source that fails to
run raises, so the silent execute's reply says why. Standard library only, plain
syntax: on an interpreter too old for the hook, this still runs and says so.
"""

import json
import sys

NAME = "jupyterlab_mlflow_traces.kernel_hook"


class SentSources:
    """Finder and loader of the hook's modules from the sources the frontend sent."""

    def __init__(self, sources):
        self.sources = sources

    def find_spec(self, fullname, path=None, target=None):
        import importlib.util

        key = fullname[len(NAME) + 1 :] if fullname.startswith(NAME + ".") else None
        if fullname == NAME:
            key = ""
        if key not in self.sources:
            return None
        # No "/" in it: tracebacks and SyntaxError messages show it whole.
        origin = "<jupyterlab-mlflow-traces " + fullname + ">"
        return importlib.util.spec_from_loader(fullname, self, origin=origin, is_package=not key)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        key = module.__name__[len(NAME) + 1 :]
        # Marks the module as sent (the hook's state reports it) and names the version.
        module.__dict__["__version__"] = version  # noqa: F821 (given by the frontend)
        exec(compile(self.sources[key], module.__spec__.origin, "exec"), module.__dict__)


hook = sys.modules.get(NAME)
if hook is None:
    import importlib.util

    finder = SentSources(json.loads(source))  # noqa: F821 (given by the frontend)
    hook = importlib.util.module_from_spec(finder.find_spec(NAME))
    sys.modules[NAME] = hook
    sys.meta_path.insert(0, finder)
    try:
        finder.exec_module(hook)
    except BaseException:
        for name in [n for n in sys.modules if n == NAME or n.startswith(NAME + ".")]:
            del sys.modules[name]
        raise
    finally:
        sys.meta_path.remove(finder)
if getattr(hook, "API_VERSION", None) == api:  # noqa: F821
    hook.install(**options)  # noqa: F821
