// @vitest-environment jsdom
/**
 * The switch's kernel channel and its controller against a fake kernel and
 * session (jupyterlab-git style: the JupyterLab objects the glue touches,
 * answering as a kernel does). The replies are hand-written in the shape the
 * hook's `state_json()` and IPython's `user_expressions` give (kernelCode.test
 * runs the real hook source in Python); what is asserted is what the user
 * sees: the toolbar button's label and tooltip, the notebook's metadata.
 */
import '../../__tests__/jsdomShims'; // before any JupyterLab widget module
import { PromiseDelegate } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';
import { describe, expect, it } from 'vitest';

import { englishBundle } from '../../components/i18n';
import { DisplaySwitchController, IControllerHost } from '../controller';
import { KernelChannel, KernelEvent } from '../kernelChannel';
import { bareSwitchCode } from '../kernelCode';
import { DEFAULT_SWITCH_SETTINGS } from '../settings';
import { switchView } from '../switchView';
import { METADATA_KEY } from '../tokens';
import { HOOK_STATE, ok } from './replies';

/** The hook's report with mlflow imported and its display on. */
const ON_STATE = { ...HOOK_STATE, disabled: false, display_enabled: true };

function expression(value: unknown) {
  return ok(JSON.stringify(value));
}

interface ISent {
  code: string;
  user_expressions: Record<string, string>;
}

type Answer = (request: ISent) => Record<string, unknown> | Error;

/** Answers silent executes with `answer`; `dead` makes it throw as a dead kernel does. */
class FakeKernel {
  constructor(public answer: Answer) {}
  readonly id = 'kernel-1';
  readonly name = 'python3';
  readonly clientId = 'this-client';
  isDisposed = false;
  dead = false;
  readonly iopubMessage = new Signal<FakeKernel, any>(this);
  readonly info = Promise.resolve({ language_info: { name: 'python' } });
  readonly sent: ISent[] = [];

  requestExecute(content: ISent) {
    if (this.dead) {
      throw new Error('Kernel is dead');
    }
    this.sent.push(content);
    const answer = this.answer(content);
    return {
      done:
        answer instanceof Error
          ? Promise.reject(answer)
          : Promise.resolve({ content: answer })
    };
  }

  /** A cell run by a client: IPython publishes its execute_input. */
  publishExecuteInput(session: string): void {
    this.iopubMessage.emit({
      header: { msg_type: 'execute_input' },
      parent_header: { session }
    });
  }
}

class FakeSession {
  constructor(kernel: FakeKernel | null, language = 'python') {
    this.session = { kernel };
    this.specsManager = {
      specs: { kernelspecs: { python3: { language } } }
    };
  }
  session: { kernel: FakeKernel | null };
  specsManager: unknown;
  readonly kernelChanged = new Signal<FakeSession, any>(this);
  readonly statusChanged = new Signal<FakeSession, string>(this);
}

/** A kernel with the hook (API 2) and `state` as its report; installs succeed. */
function hookKernel(state: Record<string, unknown> = ON_STATE): FakeKernel {
  return new FakeKernel(request =>
    request.user_expressions.hook
      ? {
          status: 'ok',
          user_expressions: {
            hook: expression(state),
            bare: expression({})
          }
        }
      : { status: 'ok' }
  );
}

function channelOf(kernel: FakeKernel, language = 'python') {
  const session = new FakeSession(kernel, language);
  const channel = new KernelChannel(session as any);
  const events: KernelEvent[] = [];
  channel.events.connect((_, event) => events.push(event));
  channel.start();
  return { channel, session, events };
}

function tooltip(
  channel: KernelChannel,
  state: ReturnType<typeof stateOf>,
  on = true
): string {
  return switchView(englishBundle, {
    on,
    kind: channel.kind,
    state,
    hookFailure: channel.hookFailure,
    noAnswer: channel.noAnswer,
    autoLoadKernelHook: true,
    clients: 1
  }).tooltip;
}

function stateOf(read: Awaited<ReturnType<KernelChannel['readState']>>) {
  return read?.state ?? null;
}

const OPTIONS = { displayEnabled: true, nonHttp: true, maxBytes: 1000000 };

describe('KernelChannel', () => {
  it('a Python kernel is set up at once; another language is left alone', async () => {
    const python = channelOf(hookKernel());
    expect(python.channel.kind).toBe('python');
    expect(python.events).toContainEqual({ type: 'setup' });

    const r = channelOf(hookKernel(), 'R');
    expect(r.channel.kind).toBe('other');
    expect(r.events).not.toContainEqual({ type: 'setup' });
    expect(await r.channel.readState()).toBeNull();
    expect(
      switchView(englishBundle, {
        on: true,
        kind: r.channel.kind,
        state: null,
        hookFailure: null,
        noAnswer: null,
        autoLoadKernelHook: true,
        clients: 1
      }).tooltip
    ).toContain('The kernel is not Python: only the outputs are folded');
  });

  it("the kernel's report is what the tooltip tells", async () => {
    const { channel } = channelOf(hookKernel());
    const state = stateOf(await channel.readState());
    expect(tooltip(channel, state)).toContain(
      'Kernel: mlflow 3.17.2, display enabled, tracking URI http://127.0.0.1:5000, experiment 7.\n' +
        'Traces are displayed inline with the full trace embedded.'
    );
  });

  it('a hook of another API version is named, with this frontend’s version', async () => {
    // Hand-written: what an older package's hook (API 1) answers, beside MLflow's own flag.
    const kernel = new FakeKernel(() => ({
      status: 'ok',
      user_expressions: {
        hook: expression({ ...HOOK_STATE, api: 1 }),
        bare: expression({
          mlflow_imported: true,
          mlflow_version: '3.17.2',
          disabled: false
        })
      }
    }));
    const { channel } = channelOf(kernel);
    const state = stateOf(await channel.readState());
    expect(tooltip(channel, state)).toContain(
      'This kernel already has an MLflow traces hook of API version 1 (e.g. another version of jupyterlab_mlflow_traces loaded with %load_ext); this JupyterLab speaks version 2'
    );
  });

  it("the hook's load error is said with the kernel's exception", async () => {
    const kernel = new FakeKernel(request =>
      request.code.includes('__mlflow_traces_loader__')
        ? {
            status: 'error',
            ename: 'SyntaxError',
            evalue: 'invalid syntax (kernel_hook, line 1)'
          }
        : {
            status: 'ok',
            user_expressions: {
              bare: expression({
                mlflow_imported: false,
                mlflow_version: null,
                disabled: null
              })
            }
          }
    );
    const { channel } = channelOf(kernel);
    await channel.install(OPTIONS);
    const state = stateOf(await channel.readState());
    expect(tooltip(channel, state)).toContain(
      "The kernel hook could not be loaded: SyntaxError: invalid syntax (kernel_hook, line 1). MLflow's own display applies"
    );
  });

  it('a dead kernel is said, not "Reading the kernel state…" for ever', async () => {
    const kernel = hookKernel();
    const { channel } = channelOf(kernel);
    kernel.dead = true;
    await channel.install(OPTIONS);
    expect(await channel.readState()).toBeNull();
    expect(tooltip(channel, null)).toContain(
      'The kernel did not answer (Kernel is dead): the choice is saved in the notebook'
    );
    expect(tooltip(channel, null)).not.toContain('Reading the kernel state');
    // It answers again (restarted): the message goes.
    kernel.dead = false;
    expect(stateOf(await channel.readState())).not.toBeNull();
    expect(channel.noAnswer).toBeNull();
  });

  it('queued requests reach the kernel one after another, in order', async () => {
    const kernel = hookKernel();
    const { channel } = channelOf(kernel);
    const slow = new PromiseDelegate<void>();
    const first = channel.enqueue(async () => {
      await slow.promise;
      await channel.execute('first');
    });
    const second = channel.enqueue(() =>
      channel.execute('second').then(() => undefined)
    );
    await Promise.resolve();
    expect(kernel.sent).toEqual([]);
    slow.resolve();
    await Promise.all([first, second]);
    expect(kernel.sent.map(r => r.code)).toEqual(['first', 'second']);
  });

  it('a failing task is logged and the queue goes on', async () => {
    const kernel = hookKernel();
    const { channel } = channelOf(kernel);
    await channel.enqueue(async () => {
      throw new Error('boom');
    });
    await channel.enqueue(() => channel.configure(OPTIONS));
    expect(kernel.sent).toHaveLength(1);
  });

  it('real executions (not its own silent ones) are reported when the kernel is idle, with whose they were', () => {
    const kernel = hookKernel();
    const { session, events } = channelOf(kernel);
    session.statusChanged.emit('idle');
    expect(events.filter(e => e.type === 'executed')).toEqual([]);
    kernel.publishExecuteInput('another-window');
    session.statusChanged.emit('idle');
    kernel.publishExecuteInput('this-client');
    session.statusChanged.emit('busy');
    session.statusChanged.emit('idle');
    expect(events.filter(e => e.type === 'executed')).toEqual([
      { type: 'executed', own: false },
      { type: 'executed', own: true }
    ]);
  });

  it('a restart resets what was read and sets the kernel up again once idle', () => {
    const { session, events } = channelOf(hookKernel());
    events.length = 0;
    session.statusChanged.emit('restarting');
    expect(events).toEqual([{ type: 'reset' }]);
    session.statusChanged.emit('starting');
    session.statusChanged.emit('idle');
    expect(events).toEqual([{ type: 'reset' }, { type: 'setup' }]);
  });
});

// ---------------------------------------------------------------- controller

class FakeNotebookModel {
  metadata: Record<string, unknown> = {};
  readonly metadataChanged = new Signal<FakeNotebookModel, { key: string }>(
    this
  );
  getMetadata(key: string) {
    return this.metadata[key];
  }
  setMetadata(key: string, value: unknown) {
    this.metadata[key] = value;
    this.metadataChanged.emit({ key });
  }
}

function panelOf(session: FakeSession, model: FakeNotebookModel) {
  const classes = new Set<string>();
  return {
    panel: {
      sessionContext: session,
      model,
      context: { ready: Promise.resolve() },
      disposed: new Signal<unknown, void>({}),
      toggleClass: (name: string, on: boolean) =>
        on ? classes.add(name) : classes.delete(name)
    },
    classes
  };
}

function host(): IControllerHost {
  return {
    ready: Promise.resolve(),
    settings: () => DEFAULT_SWITCH_SETTINGS,
    clientsOfKernel: () => 1,
    stateRead: () => undefined
  };
}

/** Until the controller's queued kernel requests have all been answered. */
async function settled(kernel: FakeKernel): Promise<void> {
  let count = -1;
  while (count !== kernel.sent.length) {
    count = kernel.sent.length;
    for (let i = 0; i < 20; i++) {
      await new Promise(resolve => setTimeout(resolve, 0));
    }
  }
}

describe('DisplaySwitchController', () => {
  it("a notebook saved with the display off sends its kernel the hook with display off, and the button says 'Traces off'", async () => {
    const kernel = hookKernel(HOOK_STATE);
    const model = new FakeNotebookModel();
    model.metadata[METADATA_KEY] = { display: false };
    const { panel, classes } = panelOf(new FakeSession(kernel), model);
    const controller = new DisplaySwitchController(panel as any, host());
    await settled(kernel);
    const install = kernel.sent.find(r =>
      r.code.includes('__mlflow_traces_loader__')
    );
    expect(install?.code).toContain("'display_enabled': False");
    const view = switchView(englishBundle, controller.facts());
    expect(view.label).toBe('Traces off');
    expect(view.tooltip).toContain('MLflow trace display is off');
    expect(classes.has('jp-MlflowTraces-displayOff')).toBe(true);
  });

  it('a click turns it on: the notebook remembers, the kernel is told', async () => {
    let displayEnabled = false;
    const kernel = new FakeKernel(request => {
      if (request.code.endsWith(bareSwitchCode(true))) {
        displayEnabled = true;
      }
      return request.user_expressions.hook
        ? {
            status: 'ok',
            user_expressions: {
              hook: expression({
                ...ON_STATE,
                disabled: !displayEnabled,
                display_enabled: displayEnabled
              })
            }
          }
        : { status: 'ok' };
    });
    const model = new FakeNotebookModel();
    model.metadata[METADATA_KEY] = { display: false };
    const { panel, classes } = panelOf(new FakeSession(kernel), model);
    const controller = new DisplaySwitchController(panel as any, host());
    await settled(kernel);
    await controller.toggle();
    expect(model.metadata[METADATA_KEY]).toEqual({ display: true });
    expect(displayEnabled).toBe(true);
    expect(switchView(englishBundle, controller.facts()).label).toBe('Traces');
    expect(classes.has('jp-MlflowTraces-displayOff')).toBe(false);
  });

  it('a kernel that died says so in the tooltip', async () => {
    const kernel = hookKernel();
    const { panel } = panelOf(new FakeSession(kernel), new FakeNotebookModel());
    const controller = new DisplaySwitchController(panel as any, host());
    await settled(kernel);
    kernel.dead = true;
    await controller.refresh(false);
    // The last report stays; a kernel never read shows why it is silent.
    expect(switchView(englishBundle, controller.facts()).tooltip).toContain(
      'Kernel: mlflow 3.17.2'
    );
    const fresh = hookKernel();
    fresh.dead = true;
    const other = panelOf(new FakeSession(fresh), new FakeNotebookModel());
    const silent = new DisplaySwitchController(other.panel as any, host());
    await settled(fresh);
    await silent.refresh(false);
    expect(switchView(englishBundle, silent.facts()).tooltip).toContain(
      'The kernel did not answer (Kernel is dead)'
    );
  });
});
