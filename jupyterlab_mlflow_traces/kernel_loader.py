"""Loads the kernel hook into a kernel from its source text.

The frontend sends this file and ``kernel_hook.py`` (both bundled into its lazy
hook chunk) with one silent execute::

    exec(<this file>, {"__name__": "__mlflow_traces_loader__", "source": <kernel_hook.py>,
                       "version": <package version>, "api": <API version>,
                       "options": <install() keyword arguments>})

so a kernel whose environment lacks this package (conda, another venv, a remote
kernel) gets the hook, and the user's namespace gets no names: this runs in its
own globals. The hook becomes the module ``jupyterlab_mlflow_traces.kernel_hook``
in ``sys.modules``, the same name ``%load_ext jupyterlab_mlflow_traces`` imports,
so a kernel has one hook whichever way it came.

A hook already there (loaded before, or by ``%load_ext``) is kept. It is only
installed and configured when it speaks the frontend's API version; otherwise it
is left alone and the frontend reports the difference. A source that fails to
run raises, so the silent execute's reply says why. Standard library only, plain
syntax: on an interpreter too old for the hook, this still runs and says so.
"""

import sys
import types

NAME = "jupyterlab_mlflow_traces.kernel_hook"

hook = sys.modules.get(NAME)
if hook is None:
    hook = types.ModuleType(NAME, "jupyterlab-mlflow-traces kernel hook (sent by JupyterLab)")
    hook.__dict__["__version__"] = version  # noqa: F821 (given by the frontend)
    sys.modules[NAME] = hook
    try:
        code = compile(source, "<jupyterlab-mlflow-traces kernel_hook.py>", "exec")  # noqa: F821
        exec(code, hook.__dict__)
    except BaseException:
        del sys.modules[NAME]
        raise
if getattr(hook, "API_VERSION", None) == api:  # noqa: F821
    hook.install(**options)  # noqa: F821
