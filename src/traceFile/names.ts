/** Names the start-up plugin and the lazy trace-file code share (kept tiny: start-up pays for it). */

/** The file type trace files open with by default; any `.json` opens with "Open With". */
export const TRACE_FILE_EXTENSION = '.mlflow-trace.json';

/** The name of the widget factory in "Open With". */
export const TRACE_FILE_FACTORY = 'MLflow Trace';
