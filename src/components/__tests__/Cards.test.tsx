// @vitest-environment jsdom
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import TraceErrorCardDefault, { TraceErrorCard } from '../TraceErrorCard';
import TraceReferenceCardDefault, {
  TraceReferenceCard
} from '../TraceReferenceCard';

afterEach(cleanup);

describe('TraceErrorCard', () => {
  it('shows title, code and the specific reason; raw payload on demand', () => {
    expect(TraceErrorCardDefault).toBe(TraceErrorCard);
    const onCopy = vi.fn();
    render(
      <TraceErrorCard
        error={{
          code: 'unsupported-version',
          message: 'Envelope version 7 is newer than this extension (1).'
        }}
        raw={{ version: 7, traces: [] }}
        onCopy={onCopy}
      />
    );
    const card = screen.getByRole('group', {
      name: 'Could not display this MLflow trace'
    });
    expect(card.hasAttribute('data-lm-suppress-shortcuts')).toBe(true);
    expect(
      screen.getByText('Could not display this MLflow trace')
    ).toBeTruthy();
    expect(screen.getByText('unsupported-version')).toBeTruthy();
    expect(
      screen.getByText('Envelope version 7 is newer than this extension (1).')
    ).toBeTruthy();
    expect(document.querySelector('pre')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show raw payload' }));
    expect(document.querySelector('pre')!.textContent).toBe(
      '{\n  "version": 7,\n  "traces": []\n}'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy raw payload' }));
    expect(onCopy).toHaveBeenCalledWith(
      '{\n  "version": 7,\n  "traces": []\n}'
    );
    fireEvent.click(screen.getByRole('button', { name: 'Hide raw payload' }));
    expect(document.querySelector('pre')).toBeNull();
  });

  it('shows hostile raw text literally and caps huge payloads', () => {
    const raw =
      '<script>alert(1)</script><img src=x onerror=alert(1)>' +
      'y'.repeat(60_000);
    const { container } = render(
      <TraceErrorCard
        title="Invalid trace JSON"
        message="Unexpected token < at position 0"
        raw={raw}
      />
    );
    expect(screen.getByText('Invalid trace JSON')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show raw payload' }));
    const pre = container.querySelector('pre')!;
    expect(pre.textContent!.startsWith('<script>alert(1)</script><img')).toBe(
      true
    );
    expect(pre.textContent!.length).toBe(50_000);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/more characters/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show all' }));
    expect(container.querySelector('pre')!.textContent!.length).toBe(
      raw.length
    );
  });

  it('works without a raw payload', () => {
    render(<TraceErrorCard message="Empty output" />);
    expect(screen.getByText('Empty output')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('TraceReferenceCard', () => {
  const refs = [
    { traceId: 'tr-aaa', experimentId: '12' },
    { traceId: 'trace:/cat.schema.tbl/abc', sqlWarehouseId: 'wh-1' }
  ];

  it('loading: ids and a spinner status', () => {
    expect(TraceReferenceCardDefault).toBe(TraceReferenceCard);
    render(
      <TraceReferenceCard
        references={refs}
        state={{ kind: 'loading', host: 'mlflow:5000' }}
      />
    );
    expect(screen.getByText('tr-aaa')).toBeTruthy();
    expect(screen.getByText('trace:/cat.schema.tbl/abc')).toBeTruthy();
    expect(screen.getByText('12')).toBeTruthy();
    expect(screen.getByText('wh-1')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Loading from mlflow:5000…'
    );
  });

  it('error: message and retry', () => {
    const onRetry = vi.fn();
    render(
      <TraceReferenceCard
        references={refs.slice(0, 1)}
        state={{ kind: 'error', message: 'Trace not found (404)' }}
        onRetry={onRetry}
      />
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'Trace not found (404)'
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Retry fetching the trace' })
    );
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('confirm-host: asks before fetching from an unknown host', () => {
    const onConfirm = vi.fn();
    const { container } = render(
      <TraceReferenceCard
        references={refs}
        state={{
          kind: 'confirm-host',
          host: 'evil.example.com<img src=x onerror=alert(1)>'
        }}
        onConfirm={onConfirm}
      />
    );
    const button = screen.getByRole('button', {
      name: 'Fetch from evil.example.com<img src=x onerror=alert(1)>'
    });
    expect(container.querySelector('img')).toBeNull();
    expect(
      screen.getByText(/is not a configured tracking server/)
    ).toBeTruthy();
    fireEvent.click(button);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('lists at most 20 ids', () => {
    const many = Array.from({ length: 25 }, (_, k) => ({ traceId: `tr-${k}` }));
    render(
      <TraceReferenceCard references={many} state={{ kind: 'loading' }} />
    );
    expect(screen.getByText('tr-19')).toBeTruthy();
    expect(screen.queryByText('tr-20')).toBeNull();
    expect(screen.getByText('and 5 more')).toBeTruthy();
    expect(screen.getByText('Loading trace…')).toBeTruthy();
  });
});
