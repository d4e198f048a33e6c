import { Token } from '@lumino/coreutils';

import type { TraceServices } from './context';

/** Shared access to settings and the server extension, provided by the renderers plugin. */
export const ITraceServices = new Token<TraceServices>(
  'jupyterlab-mlflow-traces:ITraceServices',
  'Settings and server access of the MLflow trace viewer.'
);
