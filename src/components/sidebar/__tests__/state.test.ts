import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';

import { FRONTEND_VERSION, versionMismatch } from '../../../sidebar/version';
import {
  connectionAdvice,
  formatExactTime,
  formatRelativeTime,
  formatTokens,
  mergeNewestFirst,
  nextActiveIndex,
  oneLine,
  scrollToShow,
  summaryTokens,
  traceLabel,
  visibleRange
} from '../state';
import { englishBundle } from '../../i18n';
import { summary } from './fixtures';

describe('virtualization window', () => {
  it('renders the rows in view plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 300, 30, 100_000, 8)).toEqual({ start: 0, end: 19 });
    expect(visibleRange(30_000, 300, 30, 100_000, 8)).toEqual({
      start: 992,
      end: 1019
    });
    expect(visibleRange(3_000_000, 300, 30, 100_000, 8)).toEqual({
      start: 99_991,
      end: 100_000
    });
    expect(visibleRange(0, 300, 30, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-50, 300, 30, 5, 8)).toEqual({ start: 0, end: 5 });
  });

  it('scrolls just enough to show the active row', () => {
    expect(scrollToShow(0, 0, 300, 30)).toBeNull();
    expect(scrollToShow(10, 0, 300, 30)).toBe(30);
    expect(scrollToShow(2, 120, 300, 30)).toBe(60);
    expect(scrollToShow(5, 120, 300, 30)).toBeNull();
  });

  it('moves the active row with the keyboard', () => {
    expect(nextActiveIndex('ArrowDown', -1, 10, 5)).toBe(0);
    expect(nextActiveIndex('ArrowDown', 9, 10, 5)).toBe(9);
    expect(nextActiveIndex('ArrowUp', 0, 10, 5)).toBe(0);
    expect(nextActiveIndex('PageDown', 0, 10, 5)).toBe(4);
    expect(nextActiveIndex('PageUp', 8, 10, 5)).toBe(4);
    expect(nextActiveIndex('End', 0, 10, 5)).toBe(9);
    expect(nextActiveIndex('Home', 7, 10, 5)).toBe(0);
    expect(nextActiveIndex('a', 7, 10, 5)).toBeNull();
    expect(nextActiveIndex('ArrowDown', -1, 0, 5)).toBeNull();
  });
});

describe('formatting', () => {
  const now = Date.UTC(2026, 10, 21, 12, 0, 0);
  it('gives relative start times', () => {
    expect(formatRelativeTime(englishBundle, now - 3_000, now)).toBe(
      'just now'
    );
    expect(formatRelativeTime(englishBundle, now - 42_000, now)).toBe(
      '42 s ago'
    );
    expect(formatRelativeTime(englishBundle, now - 5 * 60_000, now)).toBe(
      '5 min ago'
    );
    expect(formatRelativeTime(englishBundle, now - 3 * 3_600_000, now)).toBe(
      '3 h ago'
    );
    expect(formatRelativeTime(englishBundle, now - 2 * 86_400_000, now)).toBe(
      '2 d ago'
    );
    expect(
      formatRelativeTime(englishBundle, now - 400 * 86_400_000, now)
    ).toMatch(/2025/);
    expect(formatRelativeTime(englishBundle, null, now)).toBe('—');
  });

  it('gives the exact time on hover, with UTC', () => {
    expect(formatExactTime(englishBundle, now)).toContain(
      '2026-11-21T12:00:00.000Z'
    );
    expect(formatExactTime(englishBundle, undefined)).toBe(
      'start time unknown'
    );
  });

  it('compacts token counts', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1200)).toBe('1.2k');
    expect(formatTokens(34_400)).toBe('34k');
    expect(formatTokens(1_500_000)).toBe('1.5M');
    expect(formatTokens(null)).toBe('');
    expect(
      summaryTokens(summary('a', { tokenUsage: { totalTokens: 7 } }))
    ).toBe(7);
    expect(
      summaryTokens(
        summary('a', { tokenUsage: { inputTokens: 3, outputTokens: 4 } })
      )
    ).toBe(7);
    expect(summaryTokens(summary('a'))).toBeNull();
  });

  it('labels a trace by name, else by its request preview', () => {
    expect(
      traceLabel(
        englishBundle,
        summary('a', { requestPreview: '{"q":\n "hi"}' })
      )
    ).toEqual({
      title: 'name-a',
      preview: '{"q": "hi"}'
    });
    expect(
      traceLabel(
        englishBundle,
        summary('tr-x', { name: 'tr-x', requestPreview: 'hello' })
      )
    ).toEqual({
      title: 'hello',
      preview: ''
    });
    expect(traceLabel(englishBundle, summary('tr-y', { name: '' }))).toEqual({
      title: 'tr-y',
      preview: ''
    });
    expect(oneLine('x'.repeat(500), 10)).toBe('xxxxxxxxx…');
  });

  it('says what to do for each connection problem', () => {
    expect(
      connectionAdvice(
        englishBundle,
        'unreachable',
        true,
        'http://127.0.0.1:5000'
      )
    ).toMatch(/mlflow server --port 5000/);
    expect(connectionAdvice(englishBundle, 'unauthorized', true)).toMatch(
      /MLFLOW_TRACKING_USERNAME/
    );
    expect(connectionAdvice(englishBundle, 'forbidden-host', true)).toMatch(
      /--allowed-hosts/
    );
    expect(connectionAdvice(englishBundle, 'missing-mlflow', false)).toMatch(
      /Install mlflow/
    );
    expect(connectionAdvice(englishBundle, undefined, true)).toMatch(/retry/);
  });

  it("advises the configured URI's port, and no command for other hosts", () => {
    const advice = (uri: string) =>
      connectionAdvice(englishBundle, 'unreachable', true, uri);
    expect(advice('http://127.0.0.1:5001')).toMatch(
      /\(for example: mlflow server --port 5001\)/
    );
    expect(advice('http://localhost')).toMatch(/mlflow server --port 80\)/);
    expect(advice('https://[::1]:8443/mlflow')).toMatch(
      /mlflow server --host ::1 --port 8443\)/
    );
    expect(advice('http://mlflow.internal:8080')).toBe(
      'Check that the MLflow tracking server at http://mlflow.internal:8080 is up and reachable from the Jupyter server, or set the Tracking URI in Settings → MLflow traces, then retry.'
    );
    expect(advice('http://mlflow.internal:8080')).not.toMatch(/5000/);
  });

  it("says what to do when a notebook kernel's store cannot be read", () => {
    expect(
      connectionAdvice(
        englishBundle,
        'not-found',
        false,
        'sqlite:////x.db',
        true
      )
    ).toMatch(/remote kernel's store is not there/);
    expect(
      connectionAdvice(
        englishBundle,
        'store-not-allowed',
        false,
        'sqlite:////x.db',
        true
      )
    ).toMatch(/kernel_store_roots/);
  });
});

describe('newest-first refresh', () => {
  const loaded = ['c', 'b', 'a'].map(id => summary(id));
  it('puts new traces on top and keeps the loaded ones', () => {
    const fresh = [
      summary('e'),
      summary('d'),
      summary('c', { state: 'ERROR' })
    ];
    const merged = mergeNewestFirst(loaded, fresh);
    expect(merged.items.map(t => t.traceId)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(merged.added).toBe(2);
    expect(merged.replaced).toBe(false);
    // The updated info replaces the old one.
    expect(merged.items[2].state).toBe('ERROR');
  });

  it('replaces the list when the fresh page does not reach the loaded one', () => {
    const merged = mergeNewestFirst(loaded, [summary('z'), summary('y')]);
    expect(merged.items.map(t => t.traceId)).toEqual(['z', 'y']);
    expect(merged.replaced).toBe(true);
  });

  it('keeps the list for an unchanged or empty fresh page', () => {
    expect(mergeNewestFirst(loaded, loaded).added).toBe(0);
    expect(mergeNewestFirst(loaded, []).items).toHaveLength(3);
  });
});

describe('version check', () => {
  it('accepts the same version in npm and Python spellings', () => {
    expect(versionMismatch('0.1.0', { extension_version: '0.1.0' })).toBeNull();
    expect(
      versionMismatch('0.2.0-alpha.1', { extension_version: '0.2.0a1' })
    ).toBeNull();
    expect(
      versionMismatch('0.2.0-rc.1', { extension_version: '0.2.0rc1' })
    ).toBeNull();
  });

  it('names both versions and the fix when they differ', () => {
    const message = versionMismatch('0.2.0', { extension_version: '0.1.0' });
    expect(message).toContain('frontend (0.2.0)');
    expect(message).toContain('server extension (0.1.0)');
    expect(message).toContain('reinstall jupyterlab-mlflow-traces');
    expect(
      versionMismatch('0.2.0', { extension_version: '0.2.0a1' })
    ).not.toBeNull();
  });

  it('knows the version of package.json', () => {
    const pkg = JSON.parse(
      readFileSync(join(__dirname, '../../../../package.json'), 'utf-8')
    );
    expect(FRONTEND_VERSION).toBe(pkg.version);
  });
});
