// @vitest-environment jsdom
/// <reference types="node" />
/**
 * Span links and linked prompts in the viewer, on REAL traces
 * (fixtures/links, made by generate_links.py under mlflow 3.17.2 against a
 * real tracking server).
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { traceFromJson } from '../../model/trace';
import { exactly } from '../../model/__tests__/fixtureFiles';
import { TraceViewer } from '../TraceViewer';

afterEach(cleanup);

const read = (name: string) =>
  traceFromJson(
    exactly(
      readFileSync(resolve(__dirname, '../../../fixtures/links', name), 'utf8')
    ).payload
  );
const linked = read('span-links.trace.json');
const upstream = read('upstream.trace.json');
const prompted = read('linked-prompts.trace.json');

const row = (name: string) =>
  screen
    .getAllByRole('treeitem')
    .find(
      r => r.querySelector('.jp-MlflowTrace-rowLabel')!.textContent === name
    )!;
const linksSection = () => screen.queryByRole('region', { name: 'Links' });

function selectRow(name: string): void {
  fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
  fireEvent.click(row(name));
}

describe('span links', () => {
  it('a link to a span of the same trace selects that span', () => {
    render(<TraceViewer traces={[linked]} />);
    selectRow('reserve');
    const section = linksSection()!;
    expect(section.textContent).toContain('uses');
    expect(section.textContent).toContain('results');
    fireEvent.click(screen.getByRole('button', { name: 'search' }));
    expect(row('search').getAttribute('aria-selected')).toBe('true');
    expect(row('reserve').getAttribute('aria-selected')).toBe('false');
    expect(
      document.querySelector('.jp-MlflowTrace-detailName')!.textContent
    ).toBe('search');
  });

  it('a link to another trace shows its id, and opens it where the glue can', () => {
    const onOpenTrace = vi.fn();
    const { unmount } = render(<TraceViewer traces={[linked]} />);
    selectRow('executor');
    expect(linksSection()!.textContent).toContain(upstream.traceId);
    expect(screen.queryByRole('button', { name: 'Open trace' })).toBeNull();
    unmount();

    render(<TraceViewer traces={[linked]} onOpenTrace={onOpenTrace} />);
    selectRow('executor');
    fireEvent.click(screen.getByRole('button', { name: 'Open trace' }));
    expect(onOpenTrace).toHaveBeenCalledWith(upstream.traceId);
  });

  it('hostile link ids and attributes are text, never markup (hand-written link on the real trace)', () => {
    const payload = structuredClone(
      exactly(
        readFileSync(
          resolve(__dirname, '../../../fixtures/links/span-links.trace.json'),
          'utf8'
        )
      ).payload
    );
    const executor = payload.data.spans.find(
      (s: { name: string }) => s.name === 'executor'
    );
    executor.links.push({
      trace_id: '<img src=x onerror="window.__pwned=1">',
      span_id: '<b>bold</b>',
      attributes: { '<i>key</i>': '<script>window.__pwned=1</script>' }
    });
    render(<TraceViewer traces={[traceFromJson(payload)]} />);
    selectRow('executor');
    const section = linksSection()!;
    expect(section.querySelector('img, script, b, i')).toBeNull();
    expect(section.textContent).toContain(
      '<img src=x onerror="window.__pwned=1">'
    );
    expect(section.textContent).toContain('<b>bold</b>');
    expect(section.textContent).toContain('<script>window.__pwned=1</script>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('spans and traces without links show no Links section', () => {
    render(<TraceViewer traces={[upstream]} />);
    selectRow('plan');
    expect(linksSection()).toBeNull();
    expect(document.querySelector('.jp-MlflowTrace-prompts')).toBeNull();
  });
});

describe('linked prompts', () => {
  it('the header names each prompt with its version', () => {
    render(<TraceViewer traces={[prompted]} />);
    const fact = document.querySelector('.jp-MlflowTrace-prompts')!;
    expect([...fact.querySelectorAll('code')].map(c => c.textContent)).toEqual([
      'summarize@2',
      'tone@1'
    ]);
  });

  it('the Summary lists them', () => {
    render(<TraceViewer traces={[prompted]} initialView="summary" />);
    const section = screen.getByRole('region', { name: 'Prompts' });
    expect(section.textContent).toContain('summarize@2');
    expect(section.textContent).toContain('version 2');
    expect(section.textContent).toContain('tone@1');
  });

  it('a trace without prompts has no Prompts section in the Summary', () => {
    render(<TraceViewer traces={[upstream]} initialView="summary" />);
    expect(screen.queryByRole('region', { name: 'Prompts' })).toBeNull();
  });
});
