// @vitest-environment jsdom
/// <reference types="node" />
/**
 * Renders every trace fixture (hostile hand-written cases and, when
 * present, the real MLflow SDK fixtures) through the model and the
 * components: nothing may crash, and nothing from the trace may become
 * markup, a handler attribute or a javascript: URL.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, within } from '@testing-library/react';
import { parseMimeBundle, traceFromJson, type ParseResult } from '../../model';
import { TraceErrorCard } from '../TraceErrorCard';
import { TraceReferenceCard } from '../TraceReferenceCard';
import { TraceViewer } from '../TraceViewer';

afterEach(cleanup);

const FIXTURES = resolve(__dirname, '../../../fixtures');

function listJson(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...listJson(path));
    } else if (name.endsWith('.json')) {
      out.push(path);
    }
  }
  return out;
}

interface ICase {
  name: string;
  kind: string;
  payload: unknown;
}

function casesOf(path: string): ICase[] {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  const label = relative(FIXTURES, path);
  if (Array.isArray(data?.cases)) {
    return data.cases.map((c: ICase) => ({
      ...c,
      name: `${label}: ${c.name}`
    }));
  }
  if (data && typeof data === 'object' && 'kind' in data && 'payload' in data) {
    return [{ name: label, kind: data.kind, payload: data.payload }];
  }
  return [];
}

function toResult(c: ICase): ParseResult | null {
  if (c.kind === 'bundle') {
    return parseMimeBundle(c.payload as Record<string, unknown>);
  }
  if (c.kind === 'trace') {
    try {
      return {
        kind: 'traces',
        traces: [traceFromJson(c.payload)],
        mimeType: 'test'
      };
    } catch (err) {
      return {
        kind: 'error',
        error: {
          code: 'invalid-json',
          message: err instanceof Error ? err.message : String(err)
        }
      };
    }
  }
  return null; // REST payloads are covered by the model's own tests.
}

function expectNoInjection(container: HTMLElement): void {
  expect(
    container.querySelector('script, img, iframe, object, embed, style')
  ).toBeNull();
  for (const el of Array.from(container.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(
        false
      );
      expect(
        /^\s*javascript:/i.test(attr.value),
        `${el.tagName} ${attr.name}`
      ).toBe(false);
    }
  }
  for (const a of Array.from(container.querySelectorAll('a'))) {
    expect(/^https?:\/\//.test(a.getAttribute('href') ?? '')).toBe(true);
  }
}

const cases = listJson(FIXTURES).flatMap(casesOf);

describe('fixtures render safely', () => {
  it('found fixtures', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(c.name, () => {
      const result = toResult(c);
      if (!result || result.kind === 'not-a-trace') {
        return;
      }
      if (result.kind === 'error') {
        const { container } = render(
          <TraceErrorCard error={result.error} raw={c.payload} />
        );
        fireEvent.click(
          within(container).getByRole('button', { name: 'Show raw payload' })
        );
        expectNoInjection(container);
        return;
      }
      if (result.kind === 'references') {
        const { container } = render(
          <TraceReferenceCard
            references={result.references}
            state={{
              kind: 'other-host',
              trackingUri: result.trackingUri ?? '',
              host: result.trackingUri ?? '',
              fetchOrigin: result.trackingUri ?? null
            }}
            onFetch={() => undefined}
          />
        );
        expectNoInjection(container);
        return;
      }
      const { container } = render(
        <TraceViewer
          traces={result.traces}
          trackingUri={result.trackingUri ?? 'http://127.0.0.1:5000'}
          defaultExpandDepth={100}
          renderMarkdown={async () => undefined}
        />
      );
      result.traces.forEach((trace, k) => {
        if (result.traces.length > 1) {
          fireEvent.click(
            within(container.querySelector('nav')!).getAllByRole('button')[k]
          );
        }
        const tree = within(container).queryByRole('tree');
        const rendered = tree ? within(tree).getAllByRole('treeitem') : [];
        // Virtualized: small traces show every span, large ones a window of rows.
        if (trace.spans.length <= 15) {
          expect(rendered.length).toBe(trace.spans.length);
        } else {
          expect(rendered.length).toBeGreaterThan(10);
          expect(rendered.length).toBeLessThan(200);
        }
        const rows = rendered.slice(0, 40);
        for (const r of rows) {
          fireEvent.click(r);
          // The span's own tabs (the Summary tab would unmount them).
          const detail = container.querySelector<HTMLElement>(
            '.jp-MlflowTrace-detail'
          );
          for (const tab of detail
            ? within(detail).queryAllByRole('tab')
            : []) {
            fireEvent.click(tab);
          }
        }
        fireEvent.click(
          within(container).getByRole('button', { name: 'Show raw trace JSON' })
        );
        expectNoInjection(container);
        fireEvent.click(
          within(container).getByRole('button', { name: 'Show raw trace JSON' })
        );
      });
      expectNoInjection(container);
    });
  }
});
