/**
 * The switch's line to one notebook's kernel: which kernel and language it is,
 * when it (re)starts and runs code, and the silent executes the switch sends
 * (hook install, configure, switch, state read), one after another.
 *
 * Knows nothing of the notebook's metadata or the switch's on/off state
 * (controller.ts) and no prose (switchView.ts): it reports facts (the hook's
 * load error, why the kernel did not answer) that the view words.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { FRONTEND_VERSION } from '../sidebar/version';
import { loadHookFiles } from './hookLoader';
import {
  bareSwitchCode,
  configureCode,
  IHookOptions,
  IKernelDisplayState,
  installCode,
  parseStateReply,
  STATE_EXPRESSIONS
} from './kernelCode';

/** What is known of the kernel: none, not yet its language, Python, another language. */
export type KernelKind = 'none' | 'pending' | 'python' | 'other';

/** What happened on the channel. */
export type KernelEvent =
  /** Another kernel, its language now known, or a restart: what was read of it no longer holds. */
  | { type: 'reset' }
  /** A Python kernel is there, new or restarted: send it the hook. */
  | { type: 'setup' }
  /** The kernel went idle after real executions (any client); `own`: this client ran one. */
  | { type: 'executed'; own: boolean };

/** What the channel reads of an execute reply. */
export interface IExecuteReply {
  status: string;
  user_expressions?: unknown;
  ename?: string;
  evalue?: string;
}

/** Why the hook could not be loaded; the view words it. */
export type HookFailure =
  | { kind: 'source'; message: string }
  | { kind: 'error'; ename: string; evalue: string }
  | { kind: 'no-answer'; message: string };

export class KernelChannel {
  constructor(private readonly _session: ISessionContext) {
    _session.kernelChanged.connect(this._onKernelChanged, this);
    _session.statusChanged.connect(this._onStatusChanged, this);
  }

  /** Emitted for every `KernelEvent`. */
  get events(): ISignal<this, KernelEvent> {
    return this._events;
  }

  get kind(): KernelKind {
    return this._kind;
  }

  get kernelId(): string | null {
    return this._kernel && !this._kernel.isDisposed ? this._kernel.id : null;
  }

  /** Why loading the hook failed in this kernel, or null. */
  get hookFailure(): HookFailure | null {
    return this._hookFailure;
  }

  /** Why the last request got no reply (a dead kernel, a lost connection), or null after a reply. */
  get noAnswer(): string | null {
    return this._noAnswer;
  }

  /** Follow the session's kernel from now on (the switch waits for its settings). */
  start(): void {
    this._started = true;
    this._setKernel(this._session.session?.kernel ?? null);
  }

  /** Run `task` after every request queued before it; a failure is logged, never thrown. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const next = this._queue.then(task).catch(error => {
      console.warn(
        `MLflow traces: kernel request failed: ${(error as Error).message}`
      );
    });
    this._queue = next;
    return next;
  }

  // The requests below send at once: call them from a queued task, or through
  // `enqueue`, so they never interleave with another task's.

  /** Send the hook's source with the options (see installCode); remember why it failed. */
  async install(options: IHookOptions): Promise<void> {
    let files;
    try {
      files = await loadHookFiles();
    } catch (error) {
      this._hookFailure = { kind: 'source', message: (error as Error).message };
      return;
    }
    const reply = await this.execute(
      installCode(files, options, FRONTEND_VERSION)
    );
    if (!reply) {
      this._hookFailure =
        this._noAnswer === null
          ? null
          : { kind: 'no-answer', message: this._noAnswer };
    } else if (reply.status === 'error') {
      this._hookFailure = {
        kind: 'error',
        ename: reply.ename ?? 'error',
        evalue: reply.evalue ?? ''
      };
    } else {
      this._hookFailure = null;
    }
  }

  /** Change the options of a loaded hook (nothing without one). */
  async configure(options: IHookOptions): Promise<void> {
    await this.execute(configureCode(options));
  }

  /** The switch: the hook (if loaded) applies it now or at import; the bare call covers kernels without it. */
  async sendSwitch(options: IHookOptions & { displayEnabled: boolean }) {
    await this.execute(
      configureCode(options) + bareSwitchCode(options.displayEnabled)
    );
  }

  /**
   * The kernel's report (`state` null when it said nothing readable), or null
   * when no kernel answered.
   */
  async readState(): Promise<{ state: IKernelDisplayState | null } | null> {
    const reply = await this.execute('', STATE_EXPRESSIONS);
    return reply ? { state: parseStateReply(reply.user_expressions) } : null;
  }

  /** A silent execute; null without a Python kernel or when none answered (see `noAnswer`). */
  async execute(
    code: string,
    userExpressions: Record<string, string> = {}
  ): Promise<IExecuteReply | null> {
    const kernel = this._kernel;
    if (!kernel || kernel.isDisposed || this._kind !== 'python') {
      return null;
    }
    try {
      const future = kernel.requestExecute(
        {
          code,
          silent: true,
          store_history: false,
          allow_stdin: false,
          stop_on_error: false,
          user_expressions: userExpressions
        },
        true
      );
      const reply = await future.done;
      if (kernel === this._kernel) {
        this._noAnswer = null;
      }
      return reply.content as IExecuteReply;
    } catch (error) {
      // Dead, restarted or disposed meanwhile: said while this kernel stays.
      if (kernel === this._kernel) {
        this._noAnswer = (error as Error)?.message || String(error);
      }
      return null;
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._setKernel(null);
    Signal.clearData(this);
  }

  private _emit(event: KernelEvent): void {
    if (!this._disposed) {
      this._events.emit(event);
    }
  }

  private _onKernelChanged(
    _: ISessionContext,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void {
    if (this._started) {
      this._setKernel(change.newValue);
    }
  }

  private _setKernel(kernel: Kernel.IKernelConnection | null): void {
    if (kernel === this._kernel && kernel !== null) {
      return;
    }
    this._kernel?.iopubMessage.disconnect(this._onIopub, this);
    this._kernel = kernel;
    this._dirty = false;
    this._ownExecution = false;
    this._hookFailure = null;
    this._noAnswer = null;
    if (!kernel || this._disposed) {
      this._kind = 'none';
      this._emit({ type: 'reset' });
      return;
    }
    this._kind = 'pending';
    kernel.iopubMessage.connect(this._onIopub, this);
    this._emit({ type: 'reset' });
    // The spec usually knows the language already: loading the hook without
    // waiting for the kernel's info queues it ahead of a quick "Run All".
    const specs = this._session.specsManager?.specs;
    const specLanguage = specs?.kernelspecs[kernel.name]?.language;
    if (specLanguage) {
      this._setLanguage(specLanguage);
      return;
    }
    kernel.info
      .then(info => {
        if (kernel === this._kernel && !this._disposed) {
          this._setLanguage(info.language_info?.name ?? '');
        }
      })
      .catch(() => {
        if (kernel === this._kernel) {
          this._kind = 'none';
          this._emit({ type: 'reset' });
        }
      });
  }

  private _setLanguage(language: string): void {
    this._kind = language.toLowerCase() === 'python' ? 'python' : 'other';
    this._emit({ type: 'reset' });
    if (this._kind === 'python') {
      this._emit({ type: 'setup' });
    }
  }

  private _onStatusChanged(_: ISessionContext, status: Kernel.Status): void {
    if (status === 'restarting' || status === 'autorestarting') {
      this._needsSetup = true;
      this._dirty = false;
      this._hookFailure = null;
      this._emit({ type: 'reset' });
      return;
    }
    if (status !== 'idle' || this._kind !== 'python') {
      return;
    }
    if (this._needsSetup) {
      this._needsSetup = false;
      this._emit({ type: 'setup' });
    } else if (this._dirty) {
      const own = this._ownExecution;
      this._dirty = false;
      this._ownExecution = false;
      this._emit({ type: 'executed', own });
    }
  }

  /** Silent executes publish no execute_input: only real executions (any client) set dirty. */
  private _onIopub(
    kernel: Kernel.IKernelConnection,
    msg: KernelMessage.IIOPubMessage
  ): void {
    if (msg.header.msg_type !== 'execute_input') {
      return;
    }
    this._dirty = true;
    const parent = msg.parent_header as Partial<KernelMessage.IHeader>;
    if (parent.session === kernel.clientId) {
      this._ownExecution = true;
    }
  }

  private _events = new Signal<this, KernelEvent>(this);
  private _kernel: Kernel.IKernelConnection | null = null;
  private _kind: KernelKind = 'none';
  private _queue: Promise<void> = Promise.resolve();
  private _started = false;
  private _disposed = false;
  private _dirty = false;
  private _ownExecution = false;
  private _needsSetup = false;
  private _hookFailure: HookFailure | null = null;
  private _noAnswer: string | null = null;
}
