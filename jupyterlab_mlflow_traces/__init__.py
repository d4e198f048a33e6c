"""JupyterLab MLflow traces: native trace rendering, a trace browser and a per-notebook display switch."""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - running from a source tree without a build
    import warnings

    warnings.warn(
        "Importing 'jupyterlab_mlflow_traces' outside a proper installation.", stacklevel=1
    )
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-mlflow-traces"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_mlflow_traces"}]


def _load_jupyter_server_extension(server_app):
    """Register the REST handlers of the extension."""
    from .config import MlflowTracesConfig
    from .routes import setup_route_handlers

    config = MlflowTracesConfig(parent=server_app)
    setup_route_handlers(server_app.web_app, config)
    server_app.log.info(
        "jupyterlab_mlflow_traces %s: tracking URI %s",
        __version__,
        config.display_tracking_uri(),
    )


# Keep the old name working for server versions that look it up.
load_jupyter_server_extension = _load_jupyter_server_extension


def load_ipython_extension(ipython):
    """``%load_ext jupyterlab_mlflow_traces``: install the kernel hook by hand."""
    from .kernel_hook import install

    install(ipython=ipython)


def unload_ipython_extension(ipython):
    """``%unload_ext jupyterlab_mlflow_traces``: restore MLflow's own display."""
    from .kernel_hook import uninstall

    uninstall()
