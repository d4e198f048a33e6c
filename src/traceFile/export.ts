/**
 * "Export MLflow Trace to File": the trace of an output or of a trace tab,
 * written to a `.mlflow-trace.json` file (never over an existing file), then
 * opened. An output's embedded traces are written as MLflow wrote them, next
 * to the notebook; an output that names traces by id only (or embeds a
 * shortened copy) is fetched from the configured tracking server first; a
 * tab's trace (already fetched) goes to the Jupyter root directory.
 * Lazy (`loadTraceFiles()`).
 */
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import type { CommandRegistry } from '@lumino/commands';

import type { IRawTrace } from '../api';
import { englishBundle, type TranslationBundle } from '../components/i18n';
import { mlflowTraceJson } from '../model/trace';

import { TRACE_FILE_EXTENSION, TRACE_FILE_FACTORY } from './names';
import {
  exportSource,
  traceFileName,
  traceFileText,
  type ExportSource
} from './payload';

/** The notebook and output data under `node` (a right-clicked output), if any. */
export function outputAt(
  tracker: INotebookTracker,
  node: HTMLElement | null
): { panel: NotebookPanel; data: Record<string, unknown> } | null {
  const child = node?.closest('.jp-OutputArea-child');
  if (!child || !child.parentElement) {
    return null;
  }
  const index = Array.from(child.parentElement.children)
    .filter(el => el.classList.contains('jp-OutputArea-child'))
    .indexOf(child);
  let found: { panel: NotebookPanel; data: Record<string, unknown> } | null =
    null;
  tracker.forEach(panel => {
    const cell = panel.content.widgets.find(c => c.node.contains(child));
    const outputs = (cell?.model as any)?.outputs;
    if (!found && outputs && index >= 0 && index < outputs.length) {
      found = { panel, data: outputs.get(index).data };
    }
  });
  return found;
}

/** What an export needs besides its source. */
export interface IExportContext {
  contents: Contents.IManager;
  commands: CommandRegistry;
  /**
   * One trace of the configured tracking server (`ITraceServices.fetchTrace`);
   * null without the server extension. Never another server: an output
   * naming one changes nothing.
   */
  fetchTrace: ((traceId: string) => Promise<IRawTrace>) | null;
  trans?: TranslationBundle;
}

/** A trace tab, as far as the export reads it (sidebar/traceTab.tsx). */
export interface IExportableTab {
  readonly traceId: string;
  /** The loaded trace as MLflow writes one (`{info, data: {spans}}`); null until loaded. */
  readonly rawTrace: unknown;
}

/** The first output of the active cell that has a trace to export. */
function activeCellSource(
  tracker: INotebookTracker
): { panel: NotebookPanel; source: ExportSource } | null {
  const panel = tracker.currentWidget;
  const outputs = (panel?.content.activeCell?.model as any)?.outputs;
  if (!panel || !outputs) {
    return null;
  }
  for (let i = 0; i < outputs.length; i++) {
    const source = exportSource(outputs.get(i).data);
    if (source.kind !== 'none') {
      return { panel, source };
    }
  }
  return null;
}

/** `dir/name`, or `dir/name-2…` when a file of that name exists (never overwritten). */
async function freePath(
  contents: Contents.IManager,
  dir: string,
  name: string
): Promise<string> {
  const stem = name.slice(0, -TRACE_FILE_EXTENSION.length);
  for (let n = 1; ; n++) {
    const candidate = PathExt.join(
      dir,
      n === 1 ? name : `${stem}-${n}${TRACE_FILE_EXTENSION}`
    );
    try {
      await contents.get(candidate, { content: false });
    } catch {
      return candidate;
    }
  }
}

/**
 * The traces `source` names, as MLflow writes one trace: embedded ones as
 * they are, the others fetched one by one from the configured server.
 * Null (after saying why) when the server cannot give them.
 */
async function tracesOf(
  source: Exclude<ExportSource, { kind: 'none' }>,
  context: IExportContext
): Promise<unknown[] | null> {
  if (source.kind === 'embedded') {
    return source.traces;
  }
  const trans = context.trans ?? englishBundle;
  if (!context.fetchTrace) {
    Notification.error(
      trans.__(
        'MLflow traces: this output names trace %1 but holds no full copy, and the server extension that fetches it from the tracking server is not available',
        source.traceIds[0]
      ),
      { autoClose: false }
    );
    return null;
  }
  const traces: unknown[] = [];
  for (const traceId of source.traceIds) {
    try {
      const raw = await context.fetchTrace(traceId);
      traces.push(mlflowTraceJson(raw.info, raw.spans));
    } catch (error) {
      Notification.error(
        trans.__(
          'MLflow traces: trace %1 could not be fetched from the tracking server for the export: %2',
          traceId,
          (error as Error).message
        ),
        { autoClose: false }
      );
      return null;
    }
  }
  return traces;
}

/** Save `traces` to a new trace file in `dir` and open it; failures as notifications. */
async function writeTraceFile(
  traces: unknown[],
  dir: string,
  context: IExportContext
): Promise<void> {
  const trans = context.trans ?? englishBundle;
  try {
    const path = await freePath(context.contents, dir, traceFileName(traces));
    await context.contents.save(path, {
      type: 'file',
      format: 'text',
      content: traceFileText(traces)
    });
    await context.commands.execute('docmanager:open', {
      path,
      factory: TRACE_FILE_FACTORY
    });
  } catch (error) {
    Notification.error(
      dir
        ? trans.__(
            'MLflow traces: the trace file could not be saved in %1: %2',
            dir,
            (error as Error).message
          )
        : trans.__(
            'MLflow traces: the trace file could not be saved in the Jupyter root folder: %1',
            (error as Error).message
          ),
      { autoClose: false }
    );
  }
}

/**
 * Export the traces of the output under `node` (a right-clicked output), else
 * of the active cell's first output that has one, next to the notebook.
 * Problems are shown as notifications, never thrown.
 */
export async function exportTrace(
  notebooks: INotebookTracker,
  node: HTMLElement | null,
  context: IExportContext
): Promise<void> {
  const trans = context.trans ?? englishBundle;
  const hit = outputAt(notebooks, node);
  const found = hit
    ? { panel: hit.panel, source: exportSource(hit.data) }
    : activeCellSource(notebooks);
  if (!found || found.source.kind === 'none') {
    Notification.warning(
      hit
        ? trans.__('MLflow traces: this output holds no MLflow trace to export')
        : trans.__(
            'MLflow traces: the active cell has no output holding an MLflow trace to export'
          ),
      { autoClose: 8000 }
    );
    return;
  }
  const traces = await tracesOf(found.source, context);
  if (traces) {
    await writeTraceFile(
      traces,
      PathExt.dirname(found.panel.context.path),
      context
    );
  }
}

/**
 * Export the trace a trace tab shows (as fetched, nothing asked again) to
 * the Jupyter root directory: a tab belongs to no folder, and the root is
 * where the file browser starts.
 */
export async function exportTab(
  tab: IExportableTab,
  context: IExportContext
): Promise<void> {
  const trans = context.trans ?? englishBundle;
  if (tab.rawTrace === null || tab.rawTrace === undefined) {
    Notification.warning(
      trans.__(
        'MLflow traces: trace %1 has not loaded in its tab yet; export it once it shows',
        tab.traceId
      ),
      { autoClose: 8000 }
    );
    return;
  }
  await writeTraceFile([tab.rawTrace], '', context);
}
