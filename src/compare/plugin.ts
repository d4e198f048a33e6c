/**
 * Trace comparison, start-up part: the commands and the "Compare with…"
 * context-menu item on trace outputs. Everything else (reading the traces,
 * the picker, matching, the views) comes through `loadCompare()`.
 *
 * Commands:
 * - `mlflow-traces:compare-with`: the right-clicked trace output (else the
 *   active cell's) against a trace the user picks;
 * - `mlflow-traces:compare` `{ traceIdA, traceIdB? }`: two traces by id
 *   (open notebooks' embedded copies first, else the tracking server); without
 *   `traceIdB` the user picks it. For the sidebar's rows; without arguments
 *   it does what `compare-with` does for the active cell.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import type { TranslationBundle } from '../components/i18n';
import { mlflowTraceIcon } from '../icons';
import { loadTrans } from '../translation';
import { loadCompare } from '../viewerLoader';
import { compareStrings } from './strings';

export namespace CommandIDs {
  export const compare = 'mlflow-traces:compare';
  export const compareWith = 'mlflow-traces:compare-with';
}

/** The lazy chunk, or null after telling the user why it did not load. */
async function lazy(trans: TranslationBundle) {
  try {
    return await loadCompare();
  } catch (error) {
    Notification.error(
      compareStrings(trans).failedToLoad((error as Error).message),
      { autoClose: false }
    );
    return null;
  }
}

const text = (args: ReadonlyPartialJSONObject, key: string) =>
  typeof args[key] === 'string' && args[key]
    ? (args[key] as string)
    : undefined;

export const comparePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mlflow-traces:compare',
  description: 'Compare two MLflow traces side by side.',
  autoStart: true,
  optional: [INotebookTracker, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = loadTrans(translator);
    const S = compareStrings(trans);
    const ctx = { shell: app.shell, notebooks, trans };
    app.commands.addCommand(CommandIDs.compareWith, {
      label: S.compareWith,
      caption: S.compareWithCaption,
      describedBy: { args: { type: 'object', properties: {} } },
      icon: mlflowTraceIcon,
      execute: async () => {
        const node =
          app.contextMenuHitTest(el =>
            el.classList.contains('jp-OutputArea-child')
          ) ?? null;
        await (await lazy(trans))?.compareWithOutput(ctx, node);
      }
    });
    app.commands.addCommand(CommandIDs.compare, {
      label: S.compareTraces,
      caption: S.compareTracesCaption,
      describedBy: {
        args: {
          type: 'object',
          properties: {
            traceIdA: {
              type: 'string',
              description:
                'Trace shown as A (before); without it, pick from an output'
            },
            traceIdB: {
              type: 'string',
              description: 'Trace shown as B (after); without it, pick B'
            }
          }
        }
      },
      icon: mlflowTraceIcon,
      execute: async args => {
        const traceIdA = text(args, 'traceIdA');
        const module = await lazy(trans);
        if (!module) {
          return;
        }
        if (traceIdA) {
          await module.compareByIds(ctx, traceIdA, text(args, 'traceIdB'));
        } else {
          await module.compareWithOutput(ctx, null);
        }
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.compareWith,
      // Outputs the extension renders as traces (its renderer and MLflow's iframe).
      selector: '.jp-Notebook .jp-OutputArea-child .jp-MlflowTraceOutput',
      rank: 41
    });
    palette?.addItem({
      command: CommandIDs.compare,
      category: S.category
    });
  }
};
