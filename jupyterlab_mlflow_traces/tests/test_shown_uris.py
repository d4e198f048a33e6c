"""One URI module (kernel_hook/uris.py) for both of its users: the
tracking URI the server extension shows (status, errors, trace answers) and the one
a kernel reports (the hook's state, the envelope) are the same text for the same URI.
"""

import json

import pytest

from jupyterlab_mlflow_traces.config import MlflowTracesConfig
from jupyterlab_mlflow_traces.kernel_hook.uris import INVALID_URI, strip_credentials
from jupyterlab_mlflow_traces.tests.test_kernel_hook import start_kernel  # noqa: F401 (fixture)

#: (tracking URI, what users may see): no user info, query or fragment, anywhere.
CASES = [
    ("http://user:s3cret@127.0.0.1:1/mlflow?token=abc#frag", "http://127.0.0.1:1/mlflow"),
    ("HTTPS://u:p%40ss@LOCALHOST:8443", "https://localhost:8443"),
    (
        "postgresql://user:pw@db.internal:5432/mlflow?sslmode=require",
        "postgresql://db.internal:5432/mlflow",
    ),
    ("postgresql:///mlflow?password=s3cret", "postgresql:///mlflow"),
    ("sqlite:////data/mlflow.db?mode=ro", "sqlite:////data/mlflow.db"),
    ("file:///data/mlruns#x", "file:///data/mlruns"),
    ("databricks://profile", "databricks://profile"),
]


@pytest.mark.parametrize("uri, shown", CASES)
def test_the_server_shows_a_uri_without_its_secrets(uri, shown):
    assert MlflowTracesConfig(tracking_uri=uri).display_tracking_uri() == shown
    assert strip_credentials(uri) == shown


def test_an_unparsable_uri_is_not_shown():
    assert strip_credentials("http://[::1/x") == INVALID_URI


def test_a_kernel_reports_the_same_text_as_the_server_shows(start_kernel):  # noqa: F811
    """The hook sent as source reports the URI through the same module: one kernel,
    each URI set as MLFLOW_TRACKING_URI (mlflow not imported), then its state read."""
    kernel = start_kernel()
    kernel.hook("install(display_enabled=True)")
    reported = json.loads(
        kernel.stdout(
            f"""
            import json, os, sys
            _hook = sys.modules['jupyterlab_mlflow_traces.kernel_hook']
            _seen = []
            for _uri in {[uri for uri, _ in CASES]!r}:
                os.environ["MLFLOW_TRACKING_URI"] = _uri
                _seen.append(_hook.state()["tracking_uri"])
            del os.environ["MLFLOW_TRACKING_URI"]
            print(json.dumps(_seen))
            """
        )
    )
    assert reported == [shown for _, shown in CASES]
    assert kernel.stdout("import sys; print('mlflow' in sys.modules)").strip() == "False"
