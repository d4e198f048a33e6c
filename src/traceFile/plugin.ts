/**
 * Trace files: a `.json` file holding an MLflow trace opens in the viewer
 * ("Open With → MLflow Trace"; `.mlflow-trace.json` opens there by default),
 * and a command writes the trace of a notebook output (next to the notebook)
 * or of a trace tab (in the Jupyter root) to such a file, then opens it.
 * Only registrations load at start-up; the content and the export come
 * through `loadTraceFiles()`.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  Notification
} from '@jupyterlab/apputils';
import {
  ABCWidgetFactory,
  DocumentRegistry,
  DocumentWidget
} from '@jupyterlab/docregistry';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator } from '@jupyterlab/translation';
import { BoxPanel, Widget } from '@lumino/widgets';

import { mlflowTraceIcon } from '../icons';
import type { TranslationBundle } from '../components/i18n';
import type { TraceTabContent } from '../sidebar/traceTab';
import { ITraceServices } from '../tokens';
import { loadTrans } from '../translation';
import { lazyInertMarkdown, loadTraceFiles } from '../viewerLoader';
import { TRACE_FILE_EXTENSION, TRACE_FILE_FACTORY } from './names';
import type { ITraceFileOptions } from './widget';

const FILE_TYPE = 'mlflow-trace';

export namespace CommandIDs {
  export const exportTrace = 'mlflow-traces:export-trace-file';
}

/** "Open With → MLflow Trace" for JSON files, the default for `.mlflow-trace.json`. */
class TraceFileFactory extends ABCWidgetFactory<DocumentWidget<BoxPanel>> {
  constructor(
    options: DocumentRegistry.IWidgetFactoryOptions,
    private readonly _viewerOptions: ITraceFileOptions & {
      trans: TranslationBundle;
    }
  ) {
    super(options);
  }

  protected createNewWidget(
    context: DocumentRegistry.Context
  ): DocumentWidget<BoxPanel> {
    const content = new BoxPanel();
    content.addClass('jp-MlflowTraceFile-host');
    void loadTraceFiles().then(
      lazy => {
        if (!content.isDisposed) {
          content.addWidget(
            new lazy.TraceFileContent(context, this._viewerOptions)
          );
        }
      },
      (error: Error) => {
        content.node.textContent = this._viewerOptions.trans.__(
          'MLflow trace viewer failed to load: %1',
          error.message
        );
      }
    );
    const widget = new DocumentWidget({ content, context });
    widget.addClass('jp-MlflowTraceTab-panel');
    widget.title.icon = mlflowTraceIcon;
    return widget;
  }
}

/** Class of a trace tab's content (sidebar/traceTab.tsx), the tab's context-menu target. */
const TRACE_TAB_CLASS = 'jp-MlflowTraceTab';

/**
 * The trace tab (main area) holding `node`, else the current widget when it
 * is one; null otherwise.
 */
function traceTabOf(
  app: JupyterFrontEnd,
  node: HTMLElement | null
): TraceTabContent | null {
  const isTab = (w: Widget | null): w is MainAreaWidget<TraceTabContent> =>
    w instanceof MainAreaWidget && w.content.hasClass(TRACE_TAB_CLASS);
  if (node) {
    for (const widget of app.shell.widgets('main')) {
      if (isTab(widget) && widget.node.contains(node)) {
        return widget.content;
      }
    }
    return null;
  }
  const current = app.shell.currentWidget;
  return isTab(current) ? current.content : null;
}

export const traceFilePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mlflow-traces:trace-file',
  description: 'MLflow trace files: open and export.',
  autoStart: true,
  optional: [
    IRenderMimeRegistry,
    ITraceServices,
    INotebookTracker,
    ICommandPalette,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    rendermime: IRenderMimeRegistry | null,
    services: ITraceServices | null,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = loadTrans(translator);
    const { commands, docRegistry } = app;
    docRegistry.addFileType({
      name: FILE_TYPE,
      displayName: trans.__('MLflow Trace'),
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
          label: trans.__('MLflow Trace'),
          fileTypes: ['json', FILE_TYPE],
          defaultFor: [FILE_TYPE],
          readOnly: true
        },
        {
          // Trace markdown renders inert, as in outputs (see markdown/render.ts).
          renderMarkdown: rendermime
            ? lazyInertMarkdown(rendermime)
            : undefined,
          defaultExpandDepth: () => services?.settings.defaultExpandDepth,
          trans
        }
      )
    );

    if (!notebooks) {
      return;
    }
    commands.addCommand(CommandIDs.exportTrace, {
      label: trans.__('Export MLflow Trace to File'),
      caption: trans.__(
        'Save the trace of this output (next to the notebook) or of this trace tab (in the Jupyter root) and open it'
      ),
      describedBy: { args: { type: 'object', properties: {} } },
      icon: mlflowTraceIcon,
      execute: async () => {
        const output =
          app.contextMenuHitTest(el =>
            el.classList.contains('jp-OutputArea-child')
          ) ?? null;
        const tabNode =
          app.contextMenuHitTest(el =>
            el.classList.contains(TRACE_TAB_CLASS)
          ) ?? null;
        const tab = output ? null : traceTabOf(app, tabNode);
        const lazy = await loadTraceFiles().catch((error: Error) => {
          Notification.error(
            trans.__(
              'MLflow traces: the export failed to load: %1',
              error.message
            ),
            { autoClose: false }
          );
          return null;
        });
        if (!lazy) {
          return;
        }
        const context = {
          contents: app.serviceManager.contents,
          commands,
          fetchTrace: services
            ? (traceId: string) => services.fetchTrace(traceId)
            : null,
          trans
        };
        await (tab
          ? lazy.exportTab(tab, context)
          : lazy.exportTrace(notebooks, output, context));
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.exportTrace,
      selector: '.jp-Notebook .jp-OutputArea-child',
      rank: 40
    });
    app.contextMenu.addItem({
      command: CommandIDs.exportTrace,
      selector: `.${TRACE_TAB_CLASS}`,
      rank: 40
    });
    palette?.addItem({
      command: CommandIDs.exportTrace,
      category: trans.__('MLflow Traces')
    });
  }
};
