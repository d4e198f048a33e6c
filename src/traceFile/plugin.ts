/**
 * Trace files: a `.json` file holding an MLflow trace opens in the viewer
 * ("Open With → MLflow Trace"; `.mlflow-trace.json` opens there by default),
 * and a command writes the trace of a notebook output to such a file next to
 * the notebook, then opens it.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { Contents } from '@jupyterlab/services';

import type { RenderMarkdownFn } from '../components/hooks';
import { mlflowTraceIcon } from '../icons';
import { ITraceServices } from '../tokens';
import { lazyInertMarkdown } from '../viewerLoader';
import {
  embeddedTraces,
  TRACE_FILE_EXTENSION,
  traceFileName,
  traceFileText
} from './payload';
import { TRACE_FILE_FACTORY, TraceFileFactory } from './widget';

const FILE_TYPE = 'mlflow-trace';

export namespace CommandIDs {
  export const exportTrace = 'mlflow-traces:export-trace-file';
}

/** The notebook and output data under `node` (a right-clicked output), if any. */
function outputAt(
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

export const traceFilePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mlflow-traces:trace-file',
  description:
    'Open JSON files holding an MLflow trace in the viewer, and export traces to such files.',
  autoStart: true,
  optional: [
    IRenderMimeRegistry,
    ITraceServices,
    INotebookTracker,
    ICommandPalette
  ],
  activate: (
    app: JupyterFrontEnd,
    rendermime: IRenderMimeRegistry | null,
    services: ITraceServices | null,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null
  ) => {
    const { commands, docRegistry } = app;
    // Trace markdown renders inert, as in outputs (see markdown/render.ts).
    const renderMarkdown: RenderMarkdownFn | undefined = rendermime
      ? lazyInertMarkdown(rendermime)
      : undefined;

    docRegistry.addFileType({
      name: FILE_TYPE,
      displayName: 'MLflow Trace',
      extensions: [TRACE_FILE_EXTENSION],
      mimeTypes: ['application/json'],
      contentType: 'file',
      fileFormat: 'text',
      // The same LabIcon; @jupyterlab/application types it from its own copy of ui-components.
      icon: mlflowTraceIcon as any
    });
    docRegistry.addWidgetFactory(
      new TraceFileFactory(
        {
          name: TRACE_FILE_FACTORY,
          label: 'MLflow Trace',
          fileTypes: ['json', FILE_TYPE],
          defaultFor: [FILE_TYPE],
          readOnly: true
        },
        {
          renderMarkdown,
          defaultExpandDepth: () => services?.settings.defaultExpandDepth
        }
      )
    );

    if (!notebooks) {
      return;
    }
    commands.addCommand(CommandIDs.exportTrace, {
      label: 'Export MLflow Trace to File',
      caption:
        'Save the trace of this output as a .mlflow-trace.json file next to the notebook, and open it',
      icon: mlflowTraceIcon,
      execute: async () => {
        const hit = outputAt(
          notebooks,
          app.contextMenuHitTest(el =>
            el.classList.contains('jp-OutputArea-child')
          ) ?? null
        );
        const source = hit
          ? { panel: hit.panel, traces: embeddedTraces(hit.data) }
          : activeCellTraces(notebooks);
        if (!source || source.traces.length === 0) {
          Notification.warning(
            hit
              ? 'MLflow traces: this output holds no trace to export (only trace ids, or no trace); open the trace from the MLflow sidebar instead'
              : 'MLflow traces: the active cell has no output holding a trace to export',
            { autoClose: 8000 }
          );
          return;
        }
        const contents = app.serviceManager.contents;
        const dir = PathExt.dirname(source.panel.context.path);
        try {
          const path = await freePath(
            contents,
            dir,
            traceFileName(source.traces)
          );
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
            `MLflow traces: the trace file could not be saved in ${dir || 'the notebook folder'}: ${(error as Error).message}`,
            { autoClose: false }
          );
        }
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.exportTrace,
      selector: '.jp-Notebook .jp-OutputArea-child',
      rank: 40
    });
    palette?.addItem({
      command: CommandIDs.exportTrace,
      category: 'MLflow Traces'
    });
  }
};
