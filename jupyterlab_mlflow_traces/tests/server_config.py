"""The Jupyter server configuration the server tests start with."""

from typing import Any


def extension_config(options: dict[str, Any]) -> dict[str, Any]:
    """`jp_server_config` with this extension enabled and these `MlflowTracesConfig` options."""
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_mlflow_traces": True}},
        "MlflowTracesConfig": options,
    }
