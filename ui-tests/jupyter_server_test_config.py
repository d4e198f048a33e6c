"""JupyterLab server configuration for the Galata tests."""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821

c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.port = int(os.environ.get("LAB_PORT", "8888"))  # noqa: F821
c.ServerApp.port_retries = 0  # noqa: F821
# "/" for the main server; a JupyterHub-like "/user/alice/" for base-url.spec.ts
# (see playwright.config.js).
c.ServerApp.base_url = os.environ.get("LAB_BASE_URL", "/")  # noqa: F821
# Notebook 7's pages (/tree, /notebooks/) on the same server, with its app in
# window.jupyterapp as JupyterLab's is (notebook7.spec.ts).
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
# MLFLOW_TRACKING_URI of this process names the test tracking server (see run.sh).
