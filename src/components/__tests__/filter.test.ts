/**
 * The span filters of MLflow's trace UI (minimum log level, show parents,
 * show exceptions) on a REAL trace: fixtures/loglevel, made by
 * generate_loglevel.py under mlflow 3.17.2:
 *
 *   agent (INFO)
 *     prepare (DEBUG)
 *       normalize (DEBUG)
 *       draft (INFO)
 *     fetch_quota (WARNING)
 *     flaky_lookup (ERROR: raised, status ERROR)
 *     cache_read (ERROR: exception event, status OK)
 *     audit (CRITICAL)
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import { traceFromJson } from '../../model';
import {
  computeFilter,
  EMPTY_FILTER,
  IFilterState,
  isFilterActive,
  isFilterChanged,
  logLevelCounts
} from '../state/filter';
import { SpanSearchIndex } from '../state/search';
import {
  ANCESTOR,
  computeVisibleRows,
  expandAll,
  isShown,
  LIFTED
} from '../state/tree';

const trace = traceFromJson(
  JSON.parse(
    readFileSync(
      resolve(__dirname, '../../../fixtures/loglevel/levels.trace.json'),
      'utf8'
    )
  ).payload
);
const at = (name: string) => trace.spans.find(s => s.name === name)!.index;

/** Rows of the fully expanded tree under the filter, as "name@depth". */
function rows(f: Partial<IFilterState>): string[] {
  const mask = computeFilter(trace, { ...EMPTY_FILTER, ...f });
  return computeVisibleRows(trace, expandAll(trace), mask).map(i => {
    const depth = mask?.depth ? mask.depth[i] : trace.spans[i].depth;
    return `${trace.spans[i].name}@${depth}`;
  });
}

describe('minimum log level', () => {
  it('INFO hides DEBUG spans and keeps a DEBUG parent of an INFO span, dimmed', () => {
    expect(rows({ minLogLevel: 20 })).toEqual([
      'agent@0',
      'prepare@1',
      'draft@2',
      'fetch_quota@1',
      'flaky_lookup@1',
      'cache_read@1',
      'audit@1'
    ]);
    const mask = computeFilter(trace, { ...EMPTY_FILTER, minLogLevel: 20 })!;
    expect(mask.keep[at('prepare')]).toBe(ANCESTOR);
    expect(mask.matchCount).toBe(6);
  });

  it('WARNING keeps WARNING and above; the INFO root stays as their parent', () => {
    expect(rows({ minLogLevel: 30 })).toEqual([
      'agent@0',
      'fetch_quota@1',
      'flaky_lookup@1',
      'cache_read@1',
      'audit@1'
    ]);
  });

  it('CRITICAL keeps spans with exceptions unless "show exceptions" is off', () => {
    expect(rows({ minLogLevel: 50 })).toEqual([
      'agent@0',
      'flaky_lookup@1',
      'cache_read@1',
      'audit@1'
    ]);
    expect(rows({ minLogLevel: 50, showExceptions: false })).toEqual([
      'agent@0',
      'audit@1'
    ]);
  });

  it('counts the spans each level keeps', () => {
    const counts = logLevelCounts(trace);
    expect([10, 20, 30, 40, 50].map(counts.atOrAbove)).toEqual([8, 6, 4, 3, 1]);
    expect(counts.recorded).toBe(8);
    expect(counts.exceptions).toBe(2);
  });
});

describe('show parents', () => {
  it('off: ancestors of kept spans leave the tree and their kept children move up', () => {
    expect(rows({ minLogLevel: 20, showParents: false })).toEqual([
      'agent@0',
      'draft@1',
      'fetch_quota@1',
      'flaky_lookup@1',
      'cache_read@1',
      'audit@1'
    ]);
    const mask = computeFilter(trace, {
      ...EMPTY_FILTER,
      minLogLevel: 20,
      showParents: false
    })!;
    expect(mask.keep[at('prepare')]).toBe(LIFTED);
    expect(isShown(mask, at('prepare'))).toBe(false);
    // The agent's chevron still opens draft, now its child in the view.
    expect(mask.hasKeptChild[at('agent')]).toBe(1);
  });

  it('off with the root filtered out: the kept spans become roots', () => {
    expect(rows({ minLogLevel: 30, showParents: false })).toEqual([
      'fetch_quota@0',
      'flaky_lookup@0',
      'cache_read@0',
      'audit@0'
    ]);
  });

  it('collapsing a shown parent hides its lifted-up children', () => {
    const mask = computeFilter(trace, {
      ...EMPTY_FILTER,
      minLogLevel: 20,
      showParents: false
    });
    const names = computeVisibleRows(trace, new Set(), mask).map(
      i => trace.spans[i].name
    );
    expect(names).toEqual(['agent']);
  });

  it('search finds only spans that are rows', () => {
    const mask = computeFilter(trace, {
      ...EMPTY_FILTER,
      minLogLevel: 20,
      showParents: false
    });
    const index = new SpanSearchIndex(trace);
    expect(index.find('prepare')).toContain(at('prepare'));
    expect(index.find('prepare', mask)).not.toContain(at('prepare'));
  });
});

describe('errors only and exceptions', () => {
  it('errors only is the ERROR status; show exceptions adds handled exceptions', () => {
    expect(rows({ errorsOnly: true, showExceptions: false })).toEqual([
      'agent@0',
      'flaky_lookup@1'
    ]);
    expect(rows({ errorsOnly: true })).toEqual([
      'agent@0',
      'flaky_lookup@1',
      'cache_read@1'
    ]);
  });

  it('the settings alone filter nothing; reset knows they changed', () => {
    const settings = {
      ...EMPTY_FILTER,
      showParents: false,
      showExceptions: false
    };
    expect(isFilterActive(settings)).toBe(false);
    expect(computeFilter(trace, settings)).toBeNull();
    expect(isFilterChanged(settings)).toBe(true);
    expect(isFilterChanged(EMPTY_FILTER)).toBe(false);
  });
});
