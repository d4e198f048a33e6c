/**
 * The trace files' lazy chunk, reached only through `loadTraceFiles()`
 * (viewerLoader.ts): a file's content widget and the export, fetched the
 * first time a trace file opens or a trace is exported.
 */
export { TraceFileContent } from './widget';
export { exportTab, exportTrace } from './export';
