/**
 * The display switch of one notebook: the notebook's choice (its metadata,
 * else the default setting), the kernel's real state as last read, the
 * collapse class on the panel, and the `changed` signal the button and the
 * command follow. Talks to the kernel only through its `KernelChannel`; the
 * words it shows are in switchView.ts.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import { DISPLAY_OFF_CLASS } from '../renderer';
import { loadHookFiles } from './hookLoader';
import { KernelChannel, KernelEvent } from './kernelChannel';
import type { IHookOptions, IKernelDisplayState } from './kernelCode';
import type { IDisplaySwitchSettings } from './settings';
import type { ISwitchFacts } from './switchView';
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

export class DisplaySwitchController {
  constructor(
    readonly panel: NotebookPanel,
    private readonly _host: IControllerHost
  ) {
    this._channel = new KernelChannel(panel.sessionContext);
    this._channel.events.connect(this._onKernelEvent, this);
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
      this._channel.start();
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
    return this._channel.kernelId;
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
    const real = this._python ? this._state?.displayEnabled : null;
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

  /** What the button words (switchView.ts). */
  facts(): ISwitchFacts {
    const id = this.kernelId;
    return {
      on: this.isOn(),
      kind: this._channel.kind,
      state: this._state,
      hookFailure: this._channel.hookFailure,
      noAnswer: this._channel.noAnswer,
      autoLoadKernelHook: this._host.settings().autoLoadKernelHook,
      clients: id ? this._host.clientsOfKernel(id) : 0
    };
  }

  /** Flip the switch: metadata, kernel, outputs. */
  async toggle(): Promise<void> {
    await this.setDisplay(!this.isOn());
  }

  async setDisplay(on: boolean): Promise<void> {
    this._switchSeq++;
    this._writeMetadata(on);
    this._lastDesired = on;
    if (this._state && this._python) {
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
    if (!this._python) {
      return;
    }
    const options = this._options(switchChanged ? desired : null);
    const channel = this._channel;
    const send = this._host.settings().autoLoadKernelHook
      ? () => channel.install(options)
      : () => channel.configure(options);
    void channel.enqueue(send).then(() => this.refresh(false));
  }

  /** Another panel on the same kernel read its state. */
  adoptPeerState(state: IKernelDisplayState | null): void {
    if (!this._python) {
      return;
    }
    this._state = state;
    this._update();
  }

  /** Read the kernel's real state (silent execute with user_expressions). */
  refresh(ownExecution: boolean): Promise<void> {
    if (!this._python) {
      return Promise.resolve();
    }
    // Coalesce: "Run All" asks after every cell; one queued read answers them all.
    this._refreshOwn ||= ownExecution;
    if (this._queuedRefresh) {
      return this._queuedRefresh;
    }
    const seq = this._switchSeq;
    this._queuedRefresh = this._channel.enqueue(async () => {
      this._queuedRefresh = null;
      const ownExecution = this._refreshOwn;
      this._refreshOwn = false;
      const read = await this._channel.readState();
      if (this._disposed) {
        return;
      }
      if (!read) {
        this._update(); // the tooltip says why the kernel did not answer
        return;
      }
      const state = read.state;
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
    this._channel.dispose();
    Signal.clearData(this);
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  // -------------------------------------------------------------------------

  private get _python(): boolean {
    return this._channel.kind === 'python';
  }

  private _onKernelEvent(_: KernelChannel, event: KernelEvent): void {
    switch (event.type) {
      case 'reset':
        this._state = null;
        this._adopted = false;
        this._update();
        break;
      case 'setup':
        void this._setup();
        break;
      case 'executed':
        void this.refresh(event.own);
        break;
    }
  }

  /** Kernel start, restart or change: load the hook with this notebook's switch. */
  private async _setup(): Promise<void> {
    this._state = null;
    this._adopted = false;
    if (this._host.settings().autoLoadKernelHook) {
      const options = this._options(this.desired());
      await this._channel.enqueue(() => this._channel.install(options));
    }
    await this.refresh(false);
  }

  /**
   * A kernel whose hook was loaded by hand (not configured) or that has no
   * hook but just imported mlflow gets this notebook's "off" once. "On" is
   * MLflow's default, so it is not forced (user code may have chosen off).
   * Runs inside a queued read, so it sends at once.
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
      await this._channel.sendSwitch({
        ...this._options(false),
        displayEnabled: false
      });
      this._state = (await this._channel.readState())?.state ?? this._state;
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
    return this._channel.enqueue(async () => {
      if (this._python) {
        await this._channel.sendSwitch({
          ...this._options(on),
          displayEnabled: on
        });
      }
    });
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

  private _update(): void {
    if (this._disposed) {
      return;
    }
    this.panel.toggleClass(DISPLAY_OFF_CLASS, !this.isOn());
    this._changed.emit();
  }

  private readonly _channel: KernelChannel;
  private _changed = new Signal<this, void>(this);
  private _state: IKernelDisplayState | null = null;
  private _ready = false;
  private _disposed = false;
  private _writing = false;
  private _adopted = false;
  private _switchSeq = 0;
  private _queuedRefresh: Promise<void> | null = null;
  private _refreshOwn = false;
  private _lastDesired = true;
}
