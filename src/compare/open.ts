/**
 * Opening a comparison: from a trace output ("Compare with…": this trace
 * and one the user picks), or from two trace ids (the command's arguments,
 * e.g. two sidebar rows). Problems are shown as notifications, never thrown.
 * Lazy (`loadCompare()`).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, Notification } from '@jupyterlab/apputils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { outputAt } from '../traceFile/export';
import { pickTrace } from './picker';
import {
  candidatesOfOutput,
  experimentCandidates,
  ICandidate,
  notebookCandidates,
  openNotebookCandidates,
  traceOf
} from './sources';
import type { TranslationBundle } from '../components/i18n';
import { compareStrings, pickerStrings, sourceNames } from './strings';
import { CompareContent, compareTabId, createCompareTab } from './tab';
// The comparison's styles come with its code, not in JupyterLab's start-up CSS.
import '../../style/compare.css';

export interface ICompareContext {
  shell: JupyterFrontEnd.IShell;
  notebooks: INotebookTracker | null;
  trans: TranslationBundle;
}

const openTabs = new Map<string, MainAreaWidget<CompareContent>>();

/** The trace output under `node`, else the active cell's first trace output. */
function sourceTraces(
  notebooks: INotebookTracker,
  node: HTMLElement | null,
  trans: TranslationBundle
): { panel: NotebookPanel; traces: ICandidate[] } | null {
  const names = sourceNames(trans);
  const hit = outputAt(notebooks, node);
  if (hit) {
    return {
      panel: hit.panel,
      traces: candidatesOfOutput(hit.data, names.thisOutput)
    };
  }
  const panel = notebooks.currentWidget;
  const outputs = (panel?.content.activeCell?.model as any)?.outputs;
  for (let i = 0; panel && i < (outputs?.length ?? 0); i++) {
    const traces = candidatesOfOutput(outputs.get(i).data, names.activeCell);
    if (traces.length > 0) {
      return { panel, traces };
    }
  }
  return null;
}

/** The notebook's other traces, then the experiment's, and why those are missing. */
async function choices(
  panel: NotebookPanel | null,
  self: ICandidate,
  trans: TranslationBundle
): Promise<{ candidates: ICandidate[]; note: string | null }> {
  const fromNotebook = panel ? notebookCandidates(panel, trans) : [];
  const listed = new Set(fromNotebook.map(c => c.traceId));
  let fromExperiment: ICandidate[] = [];
  let note: string | null = null;
  if (self.experimentId) {
    try {
      fromExperiment = (
        await experimentCandidates(self.experimentId, trans)
      ).filter(c => !listed.has(c.traceId));
    } catch (error) {
      note = pickerStrings(trans).experimentUnavailable(
        self.experimentId,
        (error as Error).message
      );
    }
  }
  return {
    candidates: [...fromNotebook, ...fromExperiment].filter(
      c => c.traceId !== self.traceId
    ),
    note
  };
}

/** Read both traces (embedded copies first) and show them in a tab. */
async function openComparison(
  ctx: ICompareContext,
  a: ICandidate,
  b: ICandidate,
  keepOrder: boolean
): Promise<void> {
  const traces = [];
  for (const c of [a, b]) {
    try {
      traces.push({ trace: await traceOf(c, ctx.trans), source: c.source });
    } catch (error) {
      Notification.error(
        compareStrings(ctx.trans).traceUnavailable(
          c.traceId,
          (error as Error).message
        ),
        { autoClose: false }
      );
      return;
    }
  }
  let [first, second] = traces;
  // Before on the left: the earlier trace is A unless the caller said which is which.
  const startA = first.trace.startMs;
  const startB = second.trace.startMs;
  if (!keepOrder && startA !== null && startB !== null && startB < startA) {
    [first, second] = [second, first];
  }
  const id = compareTabId(first.trace.traceId, second.trace.traceId);
  const existing = openTabs.get(id);
  if (existing && !existing.isDisposed) {
    ctx.shell.activateById(id);
    return;
  }
  const widget = createCompareTab(first, second, ctx.trans);
  openTabs.set(id, widget);
  widget.disposed.connect(() => openTabs.delete(id));
  ctx.shell.add(widget, 'main', { mode: 'split-right' });
  ctx.shell.activateById(id);
}

/** "Compare with…" on a trace output (or the active cell's). */
export async function compareWithOutput(
  ctx: ICompareContext,
  node: HTMLElement | null
): Promise<void> {
  const S = compareStrings(ctx.trans);
  const source = ctx.notebooks
    ? sourceTraces(ctx.notebooks, node, ctx.trans)
    : null;
  if (!source || source.traces.length === 0) {
    Notification.warning(node ? S.noTraceHere : S.noActiveTrace, {
      autoClose: 8000
    });
    return;
  }
  // Named by its cell ("cell [2]") as the notebook's list names it.
  const first = source.traces[0];
  const self =
    notebookCandidates(source.panel, ctx.trans).find(
      c => c.traceId === first.traceId
    ) ?? first;
  const { candidates, note } = await choices(source.panel, self, ctx.trans);
  const picked = await pickTrace(self.name, candidates, note, ctx.trans);
  const other = candidates.find(c => c.traceId === picked);
  if (other) {
    await openComparison(ctx, self, other, false);
  }
}

/** A trace by id: an open notebook's copy when there is one, else the server's. */
function candidateById(ctx: ICompareContext, traceId: string): ICandidate {
  return (
    openNotebookCandidates(ctx.notebooks, ctx.trans).find(
      c => c.traceId === traceId
    ) ?? {
      traceId,
      name: traceId,
      state: 'UNSPECIFIED',
      startMs: null,
      source: sourceNames(ctx.trans).trackingServer,
      group: 'experiment',
      experimentId: null
    }
  );
}

/**
 * Compare `traceIdA` (before) with `traceIdB` (after); without B, the user
 * picks it among the active notebook's and A's experiment's traces.
 */
export async function compareByIds(
  ctx: ICompareContext,
  traceIdA: string,
  traceIdB?: string
): Promise<void> {
  let a = candidateById(ctx, traceIdA);
  if (traceIdB) {
    await openComparison(ctx, a, candidateById(ctx, traceIdB), true);
    return;
  }
  if (!a.trace) {
    // Its experiment is known once it is read: the picker lists that experiment.
    try {
      const trace = await traceOf(a, ctx.trans);
      a = { ...a, trace, name: trace.name, experimentId: trace.experimentId };
    } catch (error) {
      Notification.error(
        compareStrings(ctx.trans).traceUnavailable(
          a.traceId,
          (error as Error).message
        ),
        { autoClose: false }
      );
      return;
    }
  }
  const { candidates, note } = await choices(
    ctx.notebooks?.currentWidget ?? null,
    a,
    ctx.trans
  );
  const picked = await pickTrace(a.name, candidates, note, ctx.trans);
  const other = candidates.find(c => c.traceId === picked);
  if (other) {
    await openComparison(ctx, a, other, false);
  }
}
