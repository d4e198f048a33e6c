/**
 * Where the traces to compare come from: the outputs of the open notebooks
 * (embedded traces are read from the output's own data, so a comparison of
 * them works offline; outputs holding only ids are fetched), and the traces
 * of the current experiment on the configured tracking server, fetched by id
 * through the Jupyter server when picked. Lazy (`loadCompare()`).
 */
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { fetchTrace, searchTraces } from '../api';
import { parseMimeBundle } from '../model/bundle';
import { summariesFromSearch } from '../model/info';
import type { ITrace, TraceState } from '../model/types';
import { englishBundle, type TranslationBundle } from '../components/i18n';
import { fetchReferencedTraces } from '../output/fetchTraces';
import { sourceNames } from './strings';

/** A trace the user may pick, with what the picker shows of it. */
export interface ICandidate {
  traceId: string;
  name: string;
  state: TraceState;
  startMs: number | null;
  /** "cell [3]" or "experiment 1". */
  source: string;
  group: 'notebook' | 'experiment';
  experimentId: string | null;
  /** The trace itself, when the output embeds it. */
  trace?: ITrace;
}

/** Output data of a cell, in output order. */
function outputsOf(cellModel: unknown): Record<string, unknown>[] {
  const outputs = (cellModel as any)?.outputs;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < (outputs?.length ?? 0); i++) {
    out.push(outputs.get(i).data);
  }
  return out;
}

/** The traces (embedded) and trace ids (referenced) of one output's data. */
export function candidatesOfOutput(
  data: Record<string, unknown>,
  source: string
): ICandidate[] {
  const parsed = parseMimeBundle(data);
  if (parsed.kind === 'traces') {
    return parsed.traces.map(trace => ({
      traceId: trace.traceId,
      name: trace.name,
      state: trace.state,
      startMs: trace.startMs,
      source,
      group: 'notebook' as const,
      experimentId: trace.experimentId,
      trace
    }));
  }
  if (parsed.kind === 'references') {
    return parsed.references.map(ref => ({
      traceId: ref.traceId,
      name: ref.traceId,
      state: 'UNSPECIFIED' as const,
      startMs: null,
      source,
      group: 'notebook' as const,
      experimentId: ref.experimentId ?? null
    }));
  }
  return [];
}

/** Every trace shown in a notebook's outputs, each id once, in cell order. */
export function notebookCandidates(
  panel: NotebookPanel,
  trans: TranslationBundle = englishBundle
): ICandidate[] {
  const seen = new Set<string>();
  const out: ICandidate[] = [];
  const names = sourceNames(trans);
  panel.content.widgets.forEach((cell, index) => {
    const source = names.cell((cell.model as any).executionCount, index);
    for (const data of outputsOf(cell.model)) {
      for (const c of candidatesOfOutput(data, source)) {
        if (!seen.has(c.traceId)) {
          seen.add(c.traceId);
          out.push(c);
        }
      }
    }
  });
  return out;
}

/** The traces of every open notebook (for a comparison asked for by id). */
export function openNotebookCandidates(
  notebooks: INotebookTracker | null,
  trans: TranslationBundle = englishBundle
): ICandidate[] {
  const out: ICandidate[] = [];
  notebooks?.forEach(panel => out.push(...notebookCandidates(panel, trans)));
  return out;
}

/**
 * The latest traces of an experiment on the configured tracking server;
 * the error's message, specific, when the server cannot list them.
 */
export async function experimentCandidates(
  experimentId: string,
  trans: TranslationBundle = englishBundle
): Promise<ICandidate[]> {
  const body = await searchTraces(experimentId, {
    maxResults: 50,
    orderBy: 'timestamp_ms DESC'
  });
  return summariesFromSearch(body).map(s => ({
    traceId: s.traceId,
    name: s.name || s.traceId,
    state: s.state,
    startMs: s.startMs,
    source: sourceNames(trans).experiment(experimentId),
    group: 'experiment' as const,
    experimentId: s.experimentId
  }));
}

/** The candidate's trace: its embedded copy, else fetched by id. */
export async function traceOf(
  candidate: ICandidate,
  trans: TranslationBundle = englishBundle
): Promise<ITrace> {
  if (candidate.trace) {
    return candidate.trace;
  }
  const fetched = await fetchReferencedTraces(
    [
      {
        traceId: candidate.traceId,
        experimentId: candidate.experimentId ?? undefined
      }
    ],
    (id, signal) => fetchTrace(id, { signal })
  );
  const trace = fetched.traces[0];
  if (!trace) {
    throw new Error(sourceNames(trans).noSuchTrace(candidate.traceId));
  }
  return trace;
}
