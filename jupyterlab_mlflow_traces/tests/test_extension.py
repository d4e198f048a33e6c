"""The installed package enables both halves of the extension with no extra command."""

import re
import subprocess
import sys
import warnings


def _jupyter(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=120
    )
    # Strip colour codes: "enabled" and "OK" are printed in colour.
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def test_server_extension_listed_enabled():
    out = _jupyter("server", "extension", "list")
    assert re.search(r"^\s*jupyterlab_mlflow_traces enabled\s*$", out, re.M), out
    assert re.search(r"^\s*jupyterlab_mlflow_traces \S+ OK\s*$", out, re.M), out


def test_labextension_listed_enabled():
    out = _jupyter("labextension", "list")
    assert re.search(r"jupyterlab-mlflow-traces v\S+ enabled OK", out), out


def test_every_handler_requires_authentication():
    """Mirrors the extension template's check: an unauthenticated handler warns at start."""
    from jupyter_server.serverapp import ServerApp
    from jupyter_server.utils import JupyterServerAuthWarning

    app = ServerApp(
        allow_unauthenticated_access=False,
        jpserver_extensions={"jupyterlab_mlflow_traces": True},
        reraise_server_extension_failures=True,
    )
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        app.initialize(argv=[], find_extensions=False, new_httpserver=False)
    problems = [str(r.message) for r in records if issubclass(r.category, JupyterServerAuthWarning)]
    assert problems == []
    patterns = [
        str(rule.matcher.regex.pattern) for rule in app.web_app.default_router.rules[0].target.rules
    ]
    assert any("jupyterlab-mlflow-traces/status" in p for p in patterns)
