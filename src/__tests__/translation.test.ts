// @vitest-environment jsdom
/**
 * Every string the glue shows goes through the application's translator.
 * The extension's plugins are activated, as JupyterLab does (their declared
 * `requires` and `optional` tokens, in order), against a fake application
 * and a marking translator that wraps each translated string in ‹…›: a
 * command label, caption or palette category left in plain English shows
 * up unmarked. The switch's tooltip is checked the same way.
 */
import './jsdomShims'; // before any JupyterLab widget module
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Token } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';
import { describe, expect, it } from 'vitest';

import { TRANSLATION_DOMAIN } from '../components/i18n';
import { switchView } from '../notebookDisplay/switchView';

/** `%1`… filled in, as JupyterLab's bundles do. */
function fill(text: string, args: unknown[]): string {
  return text.replace(/%(\d+)/g, (_, n) => String(args[Number(n) - 1]));
}

/** A bundle that marks what went through it: ‹text›. */
const markingBundle = {
  __: (msgid: string, ...args: unknown[]) => `‹${fill(msgid, args)}›`,
  _n: (one: string, many: string, n: number, ...args: unknown[]) =>
    `‹${fill(n === 1 ? one : many, [n, ...args])}›`
} as unknown as TranslationBundle;

const loadedDomains: string[] = [];
const markingTranslator = {
  languageCode: 'xx',
  load: (domain: string) => {
    loadedDomains.push(domain);
    return markingBundle;
  }
} as unknown as ITranslator;

const marked = (text: unknown) =>
  typeof text === 'string' && text.startsWith('‹') && text.endsWith('›');

/** The JupyterLab services the plugins ask for, as far as they touch them at activation. */
function fakeApp() {
  const commands = new CommandRegistry();
  const paletteItems: { command: string; category: string }[] = [];
  const shellWidgets: any[] = [];
  const never = new Promise<void>(() => undefined);
  const app = {
    commands,
    shell: {
      add: (widget: unknown) => void shellWidgets.push(widget),
      activateById: () => undefined,
      currentWidget: null
    },
    contextMenu: { addItem: () => undefined },
    contextMenuHitTest: () => undefined,
    docRegistry: {
      addFileType: () => undefined,
      addWidgetFactory: () => undefined
    },
    serviceManager: {
      sessions: { runningChanged: new Signal({}), running: () => [] },
      kernels: { runningChanged: new Signal({}), running: () => [] },
      contents: {}
    },
    // Nothing after start-up runs: activation alone is under test.
    restored: never
  };
  const tracker = {
    widgetAdded: new Signal({}),
    currentChanged: new Signal({}),
    currentWidget: null,
    forEach: () => undefined,
    find: () => undefined
  };
  const services = new Map<string, unknown>([
    [
      '@jupyterlab/rendermime:IRenderMimeRegistry',
      {
        addFactory: () => undefined,
        getFactory: () => undefined,
        getRank: () => 0
      }
    ],
    ['@jupyterlab/notebook:INotebookTracker', tracker],
    [
      '@jupyterlab/apputils:ICommandPalette',
      { addItem: (item: any) => paletteItems.push(item) }
    ],
    ['@jupyterlab/translation:ITranslator', markingTranslator]
  ]);
  return { app, commands, paletteItems, services, shellWidgets };
}

describe('translation of the glue', () => {
  it("every command's label and caption, every palette category, and the sidebar's title go through the translator", async () => {
    const { default: plugins } = await import('../index');
    const { app, commands, paletteItems, services, shellWidgets } = fakeApp();
    for (const plugin of plugins) {
      const tokens = [...(plugin.requires ?? []), ...(plugin.optional ?? [])];
      expect(
        tokens.map(t => (t as Token<unknown>).name),
        `${plugin.id} takes ITranslator`
      ).toContain('@jupyterlab/translation:ITranslator');
      const args = tokens.map(t => services.get((t as Token<unknown>).name));
      for (const [i, t] of (plugin.requires ?? []).entries()) {
        expect(args[i], `${plugin.id} requires ${t.name}`).toBeDefined();
      }
      const provided = await plugin.activate(
        app as any,
        ...args.map(a => a ?? null)
      );
      if (plugin.provides) {
        services.set(plugin.provides.name, provided);
      }
    }
    expect(loadedDomains).toContain(TRANSLATION_DOMAIN);

    const ids = commands.listCommands();
    expect(ids.length).toBeGreaterThanOrEqual(7);
    for (const id of ids) {
      for (const args of [{}, { traceId: 'tr-1' }]) {
        expect(commands.label(id, args), `label of ${id}`).toSatisfy(marked);
        expect(commands.caption(id, args), `caption of ${id}`).toSatisfy(
          marked
        );
      }
    }
    expect(commands.label('jupyterlab-mlflow-traces:open-trace', {})).toBe(
      '‹Open MLflow Trace by ID…›'
    );
    expect(paletteItems.length).toBeGreaterThan(0);
    for (const item of paletteItems) {
      expect(item.category, `category of ${item.command}`).toSatisfy(marked);
    }
    const [sidebar] = shellWidgets;
    expect(sidebar.title.caption).toBe('‹MLflow traces›');
    expect(sidebar.node.querySelector('h2').textContent).toBe(
      '‹MLflow Traces›'
    );
  });

  it("every line of the switch's tooltip, and its label, go through the bundle", () => {
    const kernelState = {
      hook: true,
      configured: true,
      mlflowImported: true,
      mlflowVersion: '3.17.2',
      disabled: false,
      displayEnabled: true,
      patched: false,
      patchStatus: 'display handler not found',
      trackingUri: 'sqlite:///mlflow.db',
      experimentId: '7',
      otherHookApi: null,
      nonHttp: true
    };
    const cases = [
      { kind: 'none' as const, state: null, noAnswer: null },
      { kind: 'pending' as const, state: null, noAnswer: null },
      { kind: 'other' as const, state: null, noAnswer: null },
      { kind: 'python' as const, state: null, noAnswer: null },
      { kind: 'python' as const, state: null, noAnswer: 'Kernel is dead' },
      { kind: 'python' as const, state: kernelState, noAnswer: null },
      {
        kind: 'python' as const,
        state: { ...kernelState, hook: false, otherHookApi: 1 },
        noAnswer: null
      },
      {
        kind: 'python' as const,
        state: { ...kernelState, hook: false, mlflowImported: false },
        noAnswer: null
      }
    ];
    for (const c of cases) {
      for (const on of [true, false]) {
        const view = switchView(markingBundle, {
          ...c,
          on,
          hookFailure: { kind: 'source', message: 'offline' },
          autoLoadKernelHook: false,
          clients: 3
        });
        expect(view.label).toSatisfy(marked);
        for (const line of view.tooltip.split('\n')) {
          expect(line, `${c.kind} ${on}`).toSatisfy(marked);
        }
      }
    }
  });
});
