// @vitest-environment jsdom
import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { TraceErrorCard } from '../TraceErrorCard';
import { TraceReferenceCard } from '../TraceReferenceCard';

afterEach(cleanup);

describe('TraceErrorCard', () => {
  it('shows title, code and the specific reason; raw payload on demand', () => {
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
    screen.getByRole('group', {
      name: 'Could not display this MLflow trace'
    });
    screen.getByText('Could not display this MLflow trace');
    screen.getByText('unsupported-version');
    screen.getByText('Envelope version 7 is newer than this extension (1).');
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
    screen.getByText('Invalid trace JSON');
    fireEvent.click(screen.getByRole('button', { name: 'Show raw payload' }));
    const pre = container.querySelector('pre')!;
    expect(pre.textContent!.startsWith('<script>alert(1)</script><img')).toBe(
      true
    );
    expect(pre.textContent!.length).toBe(50_000);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    screen.getByText(/more characters/);
    fireEvent.click(screen.getByRole('button', { name: 'Show all' }));
    expect(container.querySelector('pre')!.textContent!.length).toBe(
      raw.length
    );
  });

  it('works without a raw payload', () => {
    render(<TraceErrorCard message="Empty output" />);
    screen.getByText('Empty output');
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('TraceReferenceCard', () => {
  const refs = [
    { traceId: 'tr-aaa', experimentId: '12' },
    { traceId: 'trace:/cat.schema.tbl/abc', sqlWarehouseId: 'wh-1' }
  ];

  it('loading: ids and a spinner status', () => {
    render(
      <TraceReferenceCard
        references={refs}
        state={{ kind: 'loading', host: 'mlflow:5000' }}
      />
    );
    screen.getByText('tr-aaa');
    screen.getByText('trace:/cat.schema.tbl/abc');
    screen.getByText('12');
    screen.getByText('wh-1');
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

  const other = [
    { traceId: 'tr-aaa', experimentId: '12' },
    { traceId: 'tr-b&c', experimentId: '12' }
  ];

  it('other host: shows the host and a browser link per trace, and no fetch', () => {
    const onFetch = vi.fn();
    const { container } = render(
      <TraceReferenceCard
        references={other}
        state={{
          kind: 'other-host',
          trackingUri: 'https://user:pw@mlflow.example.com:8443/base/',
          host: 'https://mlflow.example.com:8443',
          fetchOrigin: null
        }}
        onFetch={onFetch}
      />
    );
    screen.getByText(
      /Logged to https:\/\/mlflow\.example\.com:8443, which is not the configured tracking server/
    );
    const links = screen.getAllByRole('link', { name: 'Open in MLflow UI' });
    expect(links.map(a => a.getAttribute('href'))).toEqual([
      'https://mlflow.example.com:8443/base/#/experiments/12?selectedTraceId=tr-aaa',
      'https://mlflow.example.com:8443/base/#/experiments/12?selectedTraceId=tr-b%26c'
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    // The output's credentials are in no text and no attribute.
    const attributes = [...container.querySelectorAll('*')].flatMap(el =>
      el.getAttributeNames().map(name => el.getAttribute(name) ?? '')
    );
    expect([container.textContent, ...attributes].join(' ')).not.toContain(
      'pw'
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('other host: no link for a base that is not http(s), shown as text', () => {
    const { container } = render(
      <TraceReferenceCard
        references={other.slice(0, 1)}
        state={{
          kind: 'other-host',
          trackingUri: '/mlflow<img src=x onerror=alert(1)>',
          host: '/mlflow<img src=x onerror=alert(1)>',
          fetchOrigin: null
        }}
      />
    );
    screen.getByText(/Logged to \/mlflow<img/);
    expect(screen.queryByRole('link')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
  });

  it('other host, allow-listed: the click asks for a one-shot fetch', () => {
    const onFetch = vi.fn();
    render(
      <TraceReferenceCard
        references={other}
        state={{
          kind: 'other-host',
          trackingUri: 'http://127.0.0.1:5001',
          host: 'http://127.0.0.1:5001',
          fetchOrigin: 'http://127.0.0.1:5001'
        }}
        onFetch={onFetch}
      />
    );
    expect(
      screen.getAllByRole('link', { name: 'Open in MLflow UI' })
    ).toHaveLength(2);
    fireEvent.click(
      screen.getByRole('button', { name: 'Fetch from http://127.0.0.1:5001' })
    );
    expect(onFetch).toHaveBeenCalledTimes(1);
  });

  it('waiting: automatic fetching is off, the click fetches', () => {
    const onFetch = vi.fn();
    render(
      <TraceReferenceCard
        references={refs}
        state={{ kind: 'waiting', host: 'http://127.0.0.1:5000' }}
        onFetch={onFetch}
      />
    );
    screen.getByText('Automatic fetching is off.');
    expect(screen.queryByRole('link')).toBeNull();
    fireEvent.click(
      screen.getByRole('button', { name: 'Fetch from http://127.0.0.1:5000' })
    );
    expect(onFetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'missing-server-extension',
      'the jupyterlab-mlflow-traces server extension is not installed or not enabled',
      'Server extension missing'
    ],
    ['bad-request', 'not a trace id: a/../b', 'Not a valid trace id'],
    [
      'host-not-allowed',
      'http://h:1 is not an allowed tracking server (MlflowTracesConfig.allowed_tracking_uris)',
      'Tracking server not allowed'
    ]
  ])('error %s: its own title, no retry', (errorKind, message, title) => {
    const onRetry = vi.fn();
    render(
      <TraceReferenceCard
        references={refs.slice(0, 1)}
        state={{ kind: 'error', errorKind, message }}
        onRetry={onRetry}
      />
    );
    expect(screen.getByRole('alert').textContent).toBe(`${title}: ${message}`);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('lists at most 20 ids', () => {
    const many = Array.from({ length: 25 }, (_, k) => ({ traceId: `tr-${k}` }));
    render(
      <TraceReferenceCard references={many} state={{ kind: 'loading' }} />
    );
    screen.getByText('tr-19');
    expect(screen.queryByText('tr-20')).toBeNull();
    screen.getByText('and 5 more');
    screen.getByText('Loading trace…');
  });
});
