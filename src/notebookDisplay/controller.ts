import type { ISessionContext } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { DISPLAY_OFF_CLASS } from '../renderer';
import { FRONTEND_VERSION } from '../sidebar/version';
import { loadHookFiles } from './hookLoader';
import {
  bareSwitchCode,
  configureCode,
  IHookOptions,
  IKernelDisplayState,
  installCode,
  KERNEL_API_VERSION,
  parseStateReply,
  STATE_EXPRESSIONS
} from './kernelCode';
import type { IDisplaySwitchSettings } from './settings';
import { INotebookTraceContextArgs, METADATA_KEY } from './tokens';

/** What the controllers need from the plugin. */
export interface IControllerHost {
  /** Resolved once the settings are known: nothing is sent to kernels before. */
  readonly ready: Promise<void>;
  settings(): IDisplaySwitchSettings;
  /** How many clients (notebooks, consoles, other windows) use this kernel. */
  clientsOfKernel(kernelId: string): number;
  /** A controller read its kernel's state: report it and tell the other panels on that kernel. */
  stateRead(controller: DisplaySwitchController): void;
}

type KernelKind = 'none' | 'pending' | 'python' | 'other';

/** What the toolbar button and the command show. */
export interface ISwitchView {
  on: boolean;
  tooltip: string;
}

/**
 * The display switch of one notebook: its metadata, its kernel's real state,
 * the collapse class on the panel.
 */
export class DisplaySwitchController {
  constructor(
    readonly panel: NotebookPanel,
    private readonly _host: IControllerHost
  ) {
    const ctx = panel.sessionContext;
    ctx.kernelChanged.connect(this._onKernelChanged, this);
    ctx.statusChanged.connect(this._onStatusChanged, this);
    panel.model?.metadataChanged.connect(this._onMetadataChanged, this);
    panel.disposed.connect(() => this.dispose());
    // Fetch the hook's source while the kernel starts, so that the install is
    // sent the moment the kernel is known, ahead of a quick "Run All" (the
    // chunk is fetched once per page; a failure is retried at install time).
    loadHookFiles().catch(() => undefined);
    void Promise.all([panel.context.ready, _host.ready]).then(() => {
      if (this._disposed) {
        return;
      }
      this._ready = true;
      this._lastDesired = this.desired();
      this._setKernel(ctx.session?.kernel ?? null);
    });
    this._update();
  }

  /** Emitted whenever what the switch shows may have changed. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  notifyChanged(): void {
    this._changed.emit();
  }

  get kernelId(): string | null {
    return this._kernel && !this._kernel.isDisposed ? this._kernel.id : null;
  }

  get kernelState(): IKernelDisplayState | null {
    return this._state;
  }

  /** The notebook's own choice: its metadata, else the default setting. */
  desired(): boolean {
    const meta = this.panel.model?.getMetadata(METADATA_KEY) as
      { display?: unknown } | undefined;
    if (meta && typeof meta === 'object' && typeof meta.display === 'boolean') {
      return meta.display;
    }
    return this._host.settings().displayByDefault;
  }

  /** What the button shows: the kernel's real state when it has one, else the notebook's choice. */
  isOn(): boolean {
    const real = this._kind === 'python' ? this._state?.displayEnabled : null;
    return typeof real === 'boolean' ? real : this.desired();
  }

  /** For `INotebookTraceContext`. */
  report(): INotebookTraceContextArgs {
    return {
      panel: this.panel,
      trackingUri: this._state?.trackingUri ?? null,
      experimentId: this._state?.experimentId ?? null,
      mlflowImported: this._state?.mlflowImported ?? false,
      displayEnabled: this.isOn()
    };
  }

  view(): ISwitchView {
    const on = this.isOn();
    const lines = [
      on
        ? 'MLflow trace display is on for this notebook. Click to turn it off: the kernel gets mlflow.tracing.disable_notebook_display() and trace outputs fold to one line.'
        : 'MLflow trace display is off for this notebook. Click to turn it on: the kernel gets mlflow.tracing.enable_notebook_display() and trace outputs unfold.'
    ];
    const state = this._state;
    switch (this._kind) {
      case 'none':
        lines.push(
          'No kernel: the choice is saved in the notebook and applied when a Python kernel starts.'
        );
        break;
      case 'pending':
        lines.push('Waiting for the kernel.');
        break;
      case 'other':
        lines.push(
          'The kernel is not Python: only the outputs are folded; the choice is saved in the notebook.'
        );
        break;
      case 'python':
        if (!state) {
          lines.push('Reading the kernel state…');
        } else {
          lines.push(...this._kernelLines(state, on));
        }
        break;
    }
    const id = this.kernelId;
    const clients = id ? this._host.clientsOfKernel(id) : 0;
    if (clients > 1) {
      lines.push(
        `This kernel is shared by ${clients} clients (notebooks, consoles or other windows): MLflow's display flag belongs to the kernel, so the switch applies to all of them.`
      );
    }
    return { on, tooltip: lines.join('\n') };
  }

  /** What the kernel will do with traces, as far as its report tells. */
  private _kernelLines(state: IKernelDisplayState, on: boolean): string[] {
    const lines: string[] = [];
    if (state.otherHookApi !== null) {
      lines.push(
        `This kernel already has an MLflow traces hook of API version ${state.otherHookApi} ` +
          '(e.g. another version of jupyterlab_mlflow_traces loaded with %load_ext); this JupyterLab ' +
          `speaks version ${KERNEL_API_VERSION}, so it leaves that hook alone and the switch only calls ` +
          "MLflow's enable/disable_notebook_display(). Restart the kernel without loading that package to get this JupyterLab's hook."
      );
    } else if (!state.hook && this._hookError) {
      lines.push(
        `The kernel hook could not be loaded: ${this._hookError}. MLflow's own display applies (nothing for non-HTTP stores).`
      );
    } else if (!state.hook) {
      lines.push(
        this._host.settings().autoLoadKernelHook
          ? 'The kernel hook is not loaded: traces are not embedded in outputs.'
          : 'The kernel hook is not loaded (automatic loading is off in Settings; %load_ext jupyterlab_mlflow_traces loads it): traces are not embedded in outputs, and MLflow shows nothing for non-HTTP stores.'
      );
    }
    if (!state.mlflowImported) {
      lines.push(
        state.hook
          ? 'mlflow is not imported yet: the switch is applied when your code imports it.'
          : 'mlflow is not imported yet: the switch is applied after the cell that imports it.'
      );
      if (state.hook && on) {
        lines.push(
          state.nonHttp
            ? 'Traces will be displayed with the full trace embedded, whatever the tracking store (http, sqlite, file).'
            : 'Traces will be displayed only with an http(s) tracking server: non-HTTP stores are off in Settings (MLflow traces: notebook display switch).'
        );
      }
      return lines;
    }
    const version = state.mlflowVersion ? ` ${state.mlflowVersion}` : '';
    lines.push(
      `Kernel: mlflow${version}, display ${state.displayEnabled === false ? 'disabled' : 'enabled'}` +
        (state.trackingUri ? `, tracking URI ${state.trackingUri}` : '') +
        (state.experimentId ? `, experiment ${state.experimentId}` : '') +
        '.'
    );
    if (state.displayEnabled === false) {
      return lines;
    }
    const uri = state.trackingUri ?? '';
    const http = /^https?:/i.test(uri);
    const databricks = /^databricks/i.test(uri);
    if (state.hook && !state.patched) {
      lines.push(`Traces are not embedded: ${state.patchStatus}.`);
    } else if (state.hook && databricks) {
      lines.push('Databricks displays its own trace outputs.');
    } else if (state.hook && (http || state.nonHttp)) {
      lines.push(
        'Traces are displayed inline with the full trace embedded' +
          (http ? '.' : ' (MLflow alone shows nothing for a non-HTTP store).')
      );
    } else if (state.hook) {
      lines.push(
        "Traces of this store are not displayed: MLflow displays only with an http(s) tracking server. Turn on 'Display traces with non-HTTP tracking stores too' in Settings (MLflow traces: notebook display switch)."
      );
    } else if (uri && !http && !databricks) {
      lines.push('MLflow displays nothing for this non-HTTP store.');
    }
    return lines;
  }

  /** Flip the switch: metadata, kernel, outputs. */
  async toggle(): Promise<void> {
    await this.setDisplay(!this.isOn());
  }

  async setDisplay(on: boolean): Promise<void> {
    this._switchSeq++;
    this._writeMetadata(on);
    this._lastDesired = on;
    if (this._state && this._kind === 'python') {
      this._state = { ...this._state, displayEnabled: on };
    }
    this._update();
    await this._sendSwitch(on);
    await this.refresh(false);
  }

  /** Settings changed: push them to the kernel; a changed default applies to notebooks without metadata. */
  settingsChanged(): void {
    const desired = this.desired();
    const switchChanged = this._ready && desired !== this._lastDesired;
    this._lastDesired = desired;
    this._update();
    if (this._kind !== 'python') {
      return;
    }
    const options = this._options(switchChanged ? desired : null);
    if (this._host.settings().autoLoadKernelHook) {
      void this._runInstall(options).then(() => this.refresh(false));
    } else {
      void this._run(configureCode(options)).then(() => this.refresh(false));
    }
  }

  /** Another panel on the same kernel read its state. */
  adoptPeerState(state: IKernelDisplayState | null): void {
    if (this._kind !== 'python') {
      return;
    }
    this._state = state;
    this._update();
  }

  /** Read the kernel's real state (silent execute with user_expressions). */
  refresh(ownExecution: boolean): Promise<void> {
    if (this._kind !== 'python') {
      return Promise.resolve();
    }
    // Coalesce: "Run All" asks after every cell; one queued read answers them all.
    this._refreshOwn ||= ownExecution;
    if (this._queuedRefresh) {
      return this._queuedRefresh;
    }
    const seq = this._switchSeq;
    this._queuedRefresh = this._enqueue(async () => {
      this._queuedRefresh = null;
      const ownExecution = this._refreshOwn;
      this._refreshOwn = false;
      const reply = await this._execute('', STATE_EXPRESSIONS);
      if (!reply || this._disposed) {
        return;
      }
      const state = parseStateReply(reply.user_expressions);
      this._state = state;
      if (state) {
        await this._adopt(state);
        // User code in this notebook flipped MLflow's flag itself: follow it.
        if (
          ownExecution &&
          seq === this._switchSeq &&
          state.mlflowImported &&
          typeof this._state?.displayEnabled === 'boolean' &&
          (state.hook ? state.configured : this._adopted) &&
          this._state.displayEnabled !== this.desired()
        ) {
          this._writeMetadata(this._state.displayEnabled);
          this._lastDesired = this._state.displayEnabled;
        }
      }
      this._update();
      this._host.stateRead(this);
    });
    return this._queuedRefresh;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._setKernel(null);
    Signal.clearData(this);
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  // -------------------------------------------------------------------------

  /**
   * A kernel whose hook was loaded by hand (not configured) or that has no
   * hook but just imported mlflow gets this notebook's "off" once. "On" is
   * MLflow's default, so it is not forced (user code may have chosen off).
   */
  private async _adopt(state: IKernelDisplayState): Promise<void> {
    if (
      this._adopted ||
      (state.hook ? state.configured : !state.mlflowImported)
    ) {
      return;
    }
    this._adopted = true;
    if (this.desired() === false && state.displayEnabled !== false) {
      await this._sendSwitchNow(false);
      const again = await this._execute('', STATE_EXPRESSIONS);
      this._state =
        (again && parseStateReply(again.user_expressions)) || this._state;
    }
  }

  private _options(displayEnabled: boolean | null): IHookOptions {
    const s = this._host.settings();
    return {
      displayEnabled,
      nonHttp: s.displayWithNonHttpStores,
      maxBytes: s.maxOutputBytes
    };
  }

  private _sendSwitch(on: boolean): Promise<void> {
    return this._enqueue(() => this._sendSwitchNow(on));
  }

  private async _sendSwitchNow(on: boolean): Promise<void> {
    if (this._kind !== 'python') {
      return;
    }
    // The hook (if loaded) applies it now or at import; the bare call covers kernels without it.
    await this._execute(configureCode(this._options(on)) + bareSwitchCode(on));
  }

  private _writeMetadata(on: boolean): void {
    const model = this.panel.model;
    if (!model) {
      return;
    }
    const current = model.getMetadata(METADATA_KEY);
    const base =
      current && typeof current === 'object' && !Array.isArray(current)
        ? current
        : {};
    if ((base as { display?: unknown }).display === on) {
      return;
    }
    this._writing = true;
    try {
      model.setMetadata(METADATA_KEY, { ...base, display: on });
    } finally {
      this._writing = false;
    }
  }

  private _onMetadataChanged(_: unknown, change: { key: string }): void {
    if (this._writing || !this._ready || change.key !== METADATA_KEY) {
      return;
    }
    // Edited elsewhere (metadata editor, collaborator, file reload): apply it.
    const desired = this.desired();
    if (desired === this._lastDesired) {
      return;
    }
    this._lastDesired = desired;
    this._switchSeq++;
    this._update();
    void this._sendSwitch(desired).then(() => this.refresh(false));
  }

  private _onKernelChanged(
    _: ISessionContext,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void {
    if (this._ready) {
      this._setKernel(change.newValue);
    }
  }

  private _setKernel(kernel: Kernel.IKernelConnection | null): void {
    if (kernel === this._kernel && kernel !== null) {
      return;
    }
    this._kernel?.iopubMessage.disconnect(this._onIopub, this);
    this._kernel = kernel;
    this._state = null;
    this._adopted = false;
    this._dirty = false;
    this._ownExecution = false;
    if (!kernel || this._disposed) {
      this._kind = 'none';
      this._update();
      return;
    }
    this._kind = 'pending';
    kernel.iopubMessage.connect(this._onIopub, this);
    this._update();
    // The spec usually knows the language already: loading the hook without
    // waiting for the kernel's info queues it ahead of a quick "Run All".
    const specs = this.panel.sessionContext.specsManager?.specs;
    const specLanguage = specs?.kernelspecs[kernel.name]?.language;
    if (specLanguage) {
      this._kind = specLanguage.toLowerCase() === 'python' ? 'python' : 'other';
      this._update();
      if (this._kind === 'python') {
        void this._setup();
      }
      return;
    }
    kernel.info
      .then(info => {
        if (kernel !== this._kernel || this._disposed) {
          return;
        }
        const language = (info.language_info?.name ?? '').toLowerCase();
        this._kind = language === 'python' ? 'python' : 'other';
        this._update();
        if (this._kind === 'python') {
          void this._setup();
        }
      })
      .catch(() => {
        if (kernel === this._kernel) {
          this._kind = 'none';
          this._update();
        }
      });
  }

  /** Kernel start, restart or change: load the hook with this notebook's switch. */
  private async _setup(): Promise<void> {
    this._state = null;
    this._adopted = false;
    this._hookError = null;
    if (this._host.settings().autoLoadKernelHook) {
      await this._runInstall(this._options(this.desired()));
    }
    await this.refresh(false);
  }

  private _onStatusChanged(_: ISessionContext, status: Kernel.Status): void {
    if (status === 'restarting' || status === 'autorestarting') {
      this._needsSetup = true;
      this._state = null;
      this._adopted = false;
      this._dirty = false;
      this._update();
      return;
    }
    if (status !== 'idle' || this._kind !== 'python') {
      return;
    }
    if (this._needsSetup) {
      this._needsSetup = false;
      void this._setup();
    } else if (this._dirty) {
      const own = this._ownExecution;
      this._dirty = false;
      this._ownExecution = false;
      void this.refresh(own);
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

  /** Send the hook's source with the options (see installCode); remember why it failed. */
  private _runInstall(options: IHookOptions): Promise<void> {
    return this._enqueue(async () => {
      let files;
      try {
        files = await loadHookFiles();
      } catch (error) {
        this._hookError = `its source could not be fetched (${(error as Error).message})`;
        return;
      }
      const reply = await this._execute(
        installCode(files, options, FRONTEND_VERSION)
      );
      this._hookError =
        reply?.status === 'error'
          ? `${reply.ename ?? 'error'}: ${reply.evalue ?? ''}`
          : null;
    });
  }

  private _run(code: string): Promise<void> {
    return this._enqueue(async () => {
      await this._execute(code);
    });
  }

  private _enqueue(task: () => Promise<void>): Promise<void> {
    const next = this._queue.then(task).catch(error => {
      console.warn(
        `MLflow traces: kernel request failed: ${(error as Error).message}`
      );
    });
    this._queue = next;
    return next;
  }

  private async _execute(
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
      return reply.content as IExecuteReply;
    } catch {
      return null; // restarted or disposed meanwhile
    }
  }

  private _update(): void {
    if (this._disposed) {
      return;
    }
    this.panel.toggleClass(DISPLAY_OFF_CLASS, !this.isOn());
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
  private _kernel: Kernel.IKernelConnection | null = null;
  private _kind: KernelKind = 'none';
  private _state: IKernelDisplayState | null = null;
  private _queue: Promise<void> = Promise.resolve();
  private _ready = false;
  private _disposed = false;
  private _writing = false;
  private _dirty = false;
  private _ownExecution = false;
  private _needsSetup = false;
  private _adopted = false;
  private _switchSeq = 0;
  private _queuedRefresh: Promise<void> | null = null;
  private _refreshOwn = false;
  private _lastDesired = true;
  /** Why sending the hook failed in this kernel (its reply's error), if it did. */
  private _hookError: string | null = null;
}

/** What the controller reads of an execute reply. */
interface IExecuteReply {
  status: string;
  user_expressions?: unknown;
  ename?: string;
  evalue?: string;
}
