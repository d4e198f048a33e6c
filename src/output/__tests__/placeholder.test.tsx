// @vitest-environment jsdom
/**
 * The light placeholder of an embedded-trace output: the viewer's fitted
 * height until the output is in view or near it; trace ids and errors mount
 * at once. Payloads the real mlflow SDK wrote (fixtures/mlflow-3.17.2); the
 * browser's IntersectionObserver is a stand-in that reports what a test says.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Signal } from '@lumino/signaling';
import { act } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { IServerStatus } from '../../api';
import { parseMimeBundle } from '../../model';
import { DEFAULT_SETTINGS } from '../../settings';
import type { IConnectionChange } from '../../tokens';
import { fittedHeight } from '../fittedHeight';
import { mountTraceOutput, placeholderHeight, WAITING_CLASS } from '../mount';
import { NEAR_MARGIN, whenNearViewport } from '../nearViewport';
import type { ITraceOutputServices } from '../useReferenceFetch';

const FIXTURES = path.join(__dirname, '../../../fixtures/mlflow-3.17.2');
function payload(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'))
    .payload;
}
/** A full trace as an output carries it (Databricks' MIME type). */
function fullTrace(name: string): Record<string, unknown> {
  return {
    'application/databricks.mlflow.trace': JSON.stringify(payload(name))
  };
}

/** Stand-in observer: records its options and targets; tests report entries. */
class FakeObserver {
  static all: FakeObserver[] = [];
  targets: Element[] = [];
  disconnected = false;
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: IntersectionObserverInit = {}
  ) {
    FakeObserver.all.push(this);
  }
  observe(el: Element): void {
    this.targets.push(el);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** The browser reports the targets as (not) intersecting this observer's root. */
  report(isIntersecting: boolean): void {
    const entries = this.targets.map(
      target => ({ target, isIntersecting }) as IntersectionObserverEntry
    );
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

const services: ITraceOutputServices = {
  status: async () =>
    ({
      tracking_uri: 'http://127.0.0.1:5000',
      allowed_tracking_uris: []
    }) as unknown as IServerStatus,
  fetchTrace: () => new Promise(() => undefined),
  connectionChanged: new Signal<any, IConnectionChange>({})
};

function mountInto(host: HTMLElement, data: Record<string, unknown>) {
  let mounted: ReturnType<typeof mountTraceOutput> | undefined;
  act(() => {
    mounted = mountTraceOutput(host, {
      result: parseMimeBundle(data),
      data,
      settings: DEFAULT_SETTINGS,
      services,
      renderMarkdown: async () => undefined
    });
  });
  return mounted!;
}

/** A host inside a notebook's scrolling panel, as JupyterLab lays it out. */
function notebookHost(): { panel: HTMLElement; host: HTMLElement } {
  const panel = document.createElement('div');
  panel.className = 'jp-WindowedPanel-outer';
  const host = document.createElement('div');
  panel.append(host);
  document.body.append(panel);
  return { panel, host };
}

beforeEach(() => {
  FakeObserver.all = [];
  (globalThis as any).IntersectionObserver = FakeObserver;
  (globalThis as any).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(() => {
  delete (globalThis as any).IntersectionObserver;
  document.body.textContent = '';
});

describe('placeholderHeight', () => {
  it('is the height the viewer first takes, up to the setting', () => {
    const small = parseMimeBundle(fullTrace('decorated.trace.json'));
    const large = parseMimeBundle(fullTrace('large.trace.json'));
    if (small.kind !== 'traces' || large.kind !== 'traces') {
      throw new Error('the fixtures should parse as full traces');
    }
    const settings = { ...DEFAULT_SETTINGS, viewerHeight: 5000 };
    expect(placeholderHeight(small, settings)).toBe(
      fittedHeight(small.traces, 5000)
    );
    expect(placeholderHeight(large, settings)!).toBeGreaterThan(
      placeholderHeight(small, settings)!
    );
    expect(placeholderHeight(large, { ...settings, viewerHeight: 400 })).toBe(
      400
    );
  });
});

describe('mountTraceOutput', () => {
  it('shows embedded traces as a placeholder of the fitted height until near view', () => {
    const { host } = notebookHost();
    const data = fullTrace('large.trace.json');
    mountInto(host, data);
    const result = parseMimeBundle(data);
    expect(host.classList.contains(WAITING_CLASS)).toBe(true);
    expect(host.style.height).toBe(
      `${placeholderHeight(result, DEFAULT_SETTINGS)}px`
    );
    expect(host.querySelector('.jp-MlflowTrace')).toBe(null);
  });

  it('mounts an output in view at open, from the first report, without scrolling', () => {
    const { host } = notebookHost();
    mountInto(host, fullTrace('decorated.trace.json'));
    // The page's viewport, no root: what is on screen counts wherever it is.
    const inView = FakeObserver.all.find(o => !o.options.root)!;
    expect(inView.targets).toEqual([host]);
    act(() => inView.report(true));
    expect(host.classList.contains(WAITING_CLASS)).toBe(false);
    expect(host.style.height).toBe('');
    expect(host.querySelector('.jp-MlflowTrace')).not.toBe(null);
    // The placeholder's observers are done (the viewer may observe its own nodes).
    const watching = FakeObserver.all.filter(o => o.targets.includes(host));
    expect(watching.every(o => o.disconnected)).toBe(true);
  });

  it('mounts an output within a screen of the notebook panel’s view', () => {
    const { panel, host } = notebookHost();
    mountInto(host, fullTrace('decorated.trace.json'));
    // The panel clips its content: only an observer rooted there sees "near".
    const near = FakeObserver.all.find(o => o.options.root === panel)!;
    expect(near.options.rootMargin).toBe(NEAR_MARGIN);
    act(() => near.report(true));
    expect(host.querySelector('.jp-MlflowTrace')).not.toBe(null);
  });

  it('watches the output’s cell from the panel (a skipped cell hides its content)', () => {
    const { panel, host } = notebookHost();
    const cell = document.createElement('div');
    cell.className = 'jp-Cell';
    panel.append(cell);
    cell.append(host);
    mountInto(host, fullTrace('decorated.trace.json'));
    const near = FakeObserver.all.find(o => o.options.root === panel)!;
    expect(near.targets).toEqual([cell]);
    act(() => near.report(true));
    expect(host.querySelector('.jp-MlflowTrace')).not.toBe(null);
  });

  it('mounts trace ids and errors at once, with no observer', () => {
    const ids = document.createElement('div');
    const error = document.createElement('div');
    document.body.append(ids, error);
    mountInto(ids, payload('decorated.databricks.json'));
    mountInto(error, { 'application/databricks.mlflow.trace': '{not json' });
    expect(FakeObserver.all).toEqual([]);
    expect(ids.classList.contains(WAITING_CLASS)).toBe(false);
    expect(ids.textContent).not.toBe('');
    expect(error.textContent).not.toBe('');
  });

  it('stops waiting when unmounted before it was near', () => {
    const { host } = notebookHost();
    const mounted = mountInto(host, fullTrace('decorated.trace.json'));
    act(() => mounted.unmount());
    expect(FakeObserver.all.every(o => o.disconnected)).toBe(true);
    expect(host.classList.contains(WAITING_CLASS)).toBe(false);
    act(() => FakeObserver.all[0].report(true));
    expect(host.querySelector('.jp-MlflowTrace')).toBe(null);
  });
});

describe('whenNearViewport', () => {
  it('finds the panel once a host observed while detached is attached', () => {
    // The browser's observers say nothing when a detached output is attached
    // out of view: the frames that follow must find the panel by themselves.
    const frames: FrameRequestCallback[] = [];
    const realFrame = globalThis.requestAnimationFrame;
    globalThis.requestAnimationFrame = cb => frames.push(cb);
    try {
      const host = document.createElement('div');
      const near: boolean[] = [];
      whenNearViewport(host, inView => near.push(inView));
      expect(FakeObserver.all).toHaveLength(1); // no panel yet
      frames.splice(0).forEach(cb => cb(0)); // a frame, still detached
      expect(FakeObserver.all).toHaveLength(1);
      const panel = document.createElement('div');
      panel.className = 'jp-WindowedPanel-outer';
      panel.append(host);
      document.body.append(panel);
      frames.splice(0).forEach(cb => cb(0));
      const panelObserver = FakeObserver.all.find(
        o => o.options.root === panel
      );
      expect(panelObserver?.targets).toEqual([host]);
      expect(frames).toHaveLength(0); // no more frames once watching
      panelObserver!.report(true);
      panelObserver!.report(true);
      FakeObserver.all[0].report(true);
      // Once, and as near, not in view.
      expect(near).toEqual([false]);
    } finally {
      globalThis.requestAnimationFrame = realFrame;
    }
  });
});
