/**
 * Keeping the trace list current while MLflow is still writing: after a
 * notebook cell produced traces, look for them now and again with backoff
 * until they are listed with their final info; while listed traces are not
 * final (IN_PROGRESS, or listed from their spans before the client's info
 * with its session metadata: model/traceFinal.ts), look again every few
 * seconds for a while. A refresh replaces listed rows by their fresh infos
 * (mergeNewestFirst), so grouping by session picks the turns up. Both are
 * `Repeat`s (Poll), so they stand by while the browser tab is hidden.
 */
import { hasFinalInfo } from '../../model/traceFinal';
import type { ITraceSummary } from '../../model/types';
import { Repeat } from '../query/repeat';

export interface ILookAgainOptions {
  /** First delay after the immediate look, in ms; it grows (Poll's backoff) up to `max`. */
  interval: number;
  max: number;
  /** Looks after the immediate one. */
  attempts: number;
}

/** About 11 s in all: MLflow's asynchronous export usually takes under a second. */
export const LOOK_AGAIN: ILookAgainOptions = {
  interval: 700,
  max: 6000,
  attempts: 4
};

/** Looks at traces not final yet: every 5 s, for at most 2 minutes per list. */
export const IN_PROGRESS_POLL_MS = 5000;
export const MAX_IN_PROGRESS_POLLS = 24;

export interface ITraceWatchOptions {
  /** Refresh keeping the list (newest first: new traces merged on top). */
  refresh(): Promise<void>;
  traces(): readonly ITraceSummary[];
  onWaiting(waiting: boolean): void;
  lookAgain?: Partial<ILookAgainOptions>;
}

export class TraceWatch {
  constructor(options: ITraceWatchOptions) {
    this._options = options;
    this._lookAgain = { ...LOOK_AGAIN, ...options.lookAgain };
  }

  /**
   * A cell produced traces: look now and again until every id in `traceIds`
   * is listed and finished, or, without ids, until the first row changed.
   */
  lookFor(traceIds: string[]): void {
    this.stop();
    const before = this._options.traces()[0]?.traceId ?? null;
    const wanted = new Set(traceIds);
    const done = (): boolean => {
      const listed = this._options.traces();
      if (wanted.size > 0) {
        const byId = new Map(listed.map(t => [t.traceId, t]));
        return [...wanted].every(
          id => byId.has(id) && hasFinalInfo(byId.get(id)!)
        );
      }
      const first = listed[0];
      return (
        (first?.traceId ?? null) !== before &&
        (first === undefined || hasFinalInfo(first))
      );
    };
    this._options.onWaiting(true);
    const look = new Repeat({
      name: 'mlflow-traces:look-for-new-traces',
      step: async () => {
        await this._options.refresh();
        return done();
      },
      immediate: true,
      interval: this._lookAgain.interval,
      max: this._lookAgain.max,
      backoff: 2,
      attempts: this._lookAgain.attempts,
      onEnd: () => {
        this._looking = null;
        this._options.onWaiting(false);
        this.pollInProgress();
      }
    });
    // `onEnd` may have run already (nothing to wait for).
    this._looking = look.isDisposed ? null : look;
  }

  /** Start looking at traces not final yet, unless already looking or done for this list. */
  pollInProgress(): void {
    if (this._looking || this._polling) {
      return;
    }
    const left = MAX_IN_PROGRESS_POLLS - this._polls;
    if (left <= 0 || !this._running()) {
      return;
    }
    this._polling = new Repeat({
      name: 'mlflow-traces:in-progress-traces',
      step: async () => {
        this._polls++;
        await this._options.refresh();
        return !this._running();
      },
      interval: IN_PROGRESS_POLL_MS,
      backoff: false,
      attempts: left,
      onEnd: () => {
        this._polling = null;
      }
    });
  }

  /** Another list (store, experiment, filters): stop looking, count afresh. */
  stop(): void {
    const wasLooking = this._looking !== null;
    this._looking?.dispose();
    this._looking = null;
    this._polling?.dispose();
    this._polling = null;
    this._polls = 0;
    if (wasLooking) {
      this._options.onWaiting(false);
    }
  }

  dispose(): void {
    this.stop();
  }

  private _running(): boolean {
    return this._options
      .traces()
      .slice(0, 200)
      .some(t => !hasFinalInfo(t));
  }

  private readonly _options: ITraceWatchOptions;
  private readonly _lookAgain: ILookAgainOptions;
  private _looking: Repeat | null = null;
  private _polling: Repeat | null = null;
  private _polls = 0;
}
