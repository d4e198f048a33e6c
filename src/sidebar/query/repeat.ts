/**
 * "Look again until it is there": a step run again and again until it says it
 * is done or its attempts run out, on @lumino/polling's Poll, so the timing,
 * backoff (with Poll's jitter) and standby while the browser tab is hidden are
 * Poll's, not a hand-written loop.
 */
import { Poll } from '@lumino/polling';

export interface IRepeatOptions {
  /** One look; resolves true when nothing more is to be waited for. */
  step(): Promise<boolean>;
  /** Delay before the first repeat, in ms (and between repeats without backoff). */
  interval: number;
  /**
   * Growth of the delay while the step is not done (Poll's backoff: a random
   * delay between `interval` and the last delay times this), capped at `max`.
   * false: every `interval` ms.
   */
  backoff: number | false;
  max?: number;
  /** Repeats after the first look. */
  attempts: number;
  /** Look once at once, before the first delay. */
  immediate?: boolean;
  /** Called once when done (true) or out of attempts (false); not after dispose(). */
  onEnd?(done: boolean): void;
  name?: string;
}

/** Thrown by a step that is not done yet, so that Poll backs off. */
const NOT_YET = new Error('not yet');

export class Repeat {
  constructor(options: IRepeatOptions) {
    this._options = options;
    this._poll = new Poll({
      auto: false,
      name: options.name,
      factory: () => this._tick(),
      standby: 'when-hidden'
    });
    // Set after construction: the constructor raises `max` to Poll's default 30 s.
    this._poll.frequency = {
      interval: options.interval,
      backoff: options.backoff,
      max: Math.max(options.interval, options.max ?? options.interval)
    };
    if (options.immediate) {
      void this._options.step().then(
        done => this._after(done),
        () => this._after(false)
      );
    } else {
      this._after(false);
    }
  }

  /** Looks made after the first one. */
  get count(): number {
    return this._count;
  }

  get isDisposed(): boolean {
    return this._poll.isDisposed;
  }

  dispose(): void {
    this._poll.dispose();
  }

  /** After the immediate look: end, or wait `interval` before the first repeat. */
  private _after(done: boolean): void {
    if (this.isDisposed) {
      return;
    }
    if (done || this._options.attempts <= 0) {
      this._end(done);
      return;
    }
    void this._poll.schedule({
      interval: this._options.interval,
      phase: 'started'
    });
  }

  private async _tick(): Promise<void> {
    this._count++;
    const done = await this._options.step().catch(() => false);
    if (this.isDisposed) {
      return;
    }
    if (done || this._count >= this._options.attempts) {
      this._end(done);
      return;
    }
    if (this._options.backoff !== false) {
      throw NOT_YET;
    }
  }

  private _end(done: boolean): void {
    this._poll.dispose();
    this._options.onEnd?.(done);
  }

  private readonly _options: IRepeatOptions;
  private readonly _poll: Poll;
  private _count = 0;
}
