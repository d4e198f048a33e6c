/**
 * "Export MLflow Trace to File": the traces an output embeds, written as
 * MLflow wrote them to a `.mlflow-trace.json` file next to the notebook
 * (never over an existing file), then opened. Lazy (`loadTraceFiles()`).
 */
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import type { CommandRegistry } from '@lumino/commands';

import { englishBundle, type TranslationBundle } from '../components/i18n';

import { TRACE_FILE_EXTENSION, TRACE_FILE_FACTORY } from './names';
import { embeddedTraces, traceFileName, traceFileText } from './payload';

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

/** The first output of the active cell that embeds traces. */
function activeCellTraces(
  tracker: INotebookTracker
): { panel: NotebookPanel; traces: unknown[] } | null {
  const panel = tracker.currentWidget;
  const outputs = (panel?.content.activeCell?.model as any)?.outputs;
  if (!panel || !outputs) {
    return null;
  }
  for (let i = 0; i < outputs.length; i++) {
    const traces = embeddedTraces(outputs.get(i).data);
    if (traces.length > 0) {
      return { panel, traces };
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
 * Export the traces of the output under `node` (a right-clicked output), else
 * of the active cell's first output that embeds traces. Problems are shown
 * as notifications, never thrown.
 */
export async function exportTrace(
  notebooks: INotebookTracker,
  node: HTMLElement | null,
  contents: Contents.IManager,
  commands: CommandRegistry,
  trans: TranslationBundle = englishBundle
): Promise<void> {
  const hit = outputAt(notebooks, node);
  const source = hit
    ? { panel: hit.panel, traces: embeddedTraces(hit.data) }
    : activeCellTraces(notebooks);
  if (!source || source.traces.length === 0) {
    Notification.warning(
      hit
        ? trans.__(
            'MLflow traces: this output holds no trace to export (only trace ids, or no trace); open the trace from the MLflow sidebar instead'
          )
        : trans.__(
            'MLflow traces: the active cell has no output holding a trace to export'
          ),
      { autoClose: 8000 }
    );
    return;
  }
  const dir = PathExt.dirname(source.panel.context.path);
  try {
    const path = await freePath(contents, dir, traceFileName(source.traces));
    await contents.save(path, {
      type: 'file',
      format: 'text',
      content: traceFileText(source.traces)
    });
    await commands.execute('docmanager:open', {
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
            'MLflow traces: the trace file could not be saved in the notebook folder: %1',
            (error as Error).message
          ),
      { autoClose: false }
    );
  }
}
