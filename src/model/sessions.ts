/**
 * Sessions: the traces of one conversation, grouped by the session id MLflow
 * records in trace metadata (`mlflow.trace.session`, set with
 * `mlflow.update_current_trace(metadata=...)`).
 *
 * Light module (no span parsing): the sidebar groups its listed summaries.
 */
import type { ITraceSummary } from './types';

export const SESSION_METADATA_KEY = 'mlflow.trace.session';
export const USER_METADATA_KEY = 'mlflow.trace.user';

/** One conversation: its traces as turns, oldest first. */
export interface ISession {
  id: string;
  /** `mlflow.trace.user` of its turns, when they agree on one. */
  user?: string;
  turns: ITraceSummary[];
  /** Start of the first turn and of the last (null when no turn has a start). */
  firstMs: number | null;
  lastMs: number | null;
}

/** One row of a list grouped by session, in the list's own order. */
export type SessionGroupRow =
  | { kind: 'session'; session: ISession }
  | { kind: 'trace'; trace: ITraceSummary };

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The session id a trace carries, or null. */
export function sessionIdOf(summary: ITraceSummary): string | null {
  return textOf(summary.metadata[SESSION_METADATA_KEY]);
}

/** Turn order: by start time, traces without one last, ties by id (stable). */
function byStart(a: ITraceSummary, b: ITraceSummary): number {
  const sa = a.startMs ?? Infinity;
  const sb = b.startMs ?? Infinity;
  if (sa !== sb) {
    return sa < sb ? -1 : 1;
  }
  return a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0;
}

function sessionOf(id: string, traces: ITraceSummary[]): ISession {
  const turns = [...traces].sort(byStart);
  const users = new Set(
    turns.map(t => textOf(t.metadata[USER_METADATA_KEY])).filter(u => u)
  );
  const starts = turns
    .map(t => t.startMs)
    .filter((s): s is number => s !== null);
  return {
    id,
    user: users.size === 1 ? [...users][0]! : undefined,
    turns,
    firstMs: starts.length ? Math.min(...starts) : null,
    lastMs: starts.length ? Math.max(...starts) : null
  };
}

/**
 * The list grouped: each session once, where its first listed trace was;
 * traces without a session stay single rows in place.
 */
export function groupBySession(summaries: ITraceSummary[]): SessionGroupRow[] {
  const members = new Map<string, ITraceSummary[]>();
  for (const s of summaries) {
    const id = sessionIdOf(s);
    if (id !== null) {
      const list = members.get(id);
      if (list) {
        list.push(s);
      } else {
        members.set(id, [s]);
      }
    }
  }
  const rows: SessionGroupRow[] = [];
  const placed = new Set<string>();
  for (const s of summaries) {
    const id = sessionIdOf(s);
    if (id === null) {
      rows.push({ kind: 'trace', trace: s });
    } else if (!placed.has(id)) {
      placed.add(id);
      rows.push({ kind: 'session', session: sessionOf(id, members.get(id)!) });
    }
  }
  return rows;
}
