/**
 * Every string the comparison shows, in one place, translated with the
 * views' bundle (`useCompareStrings()` in a view).
 */
import React from 'react';
import { TranslationBundle, useTrans } from '../i18n';

export function compareStrings(trans: TranslationBundle) {
  return {
    title: trans.__('Trace comparison'),
    sideA: trans.__('A (before)'),
    sideB: trans.__('B (after)'),
    delta: trans.__('Δ (B − A)'),
    metric: trans.__('Measure'),
    state: trans.__('Status'),
    latency: trans.__('Latency'),
    tokens: trans.__('Tokens'),
    cost: trans.__('Cost'),
    spans: trans.__('Spans'),
    errors: trans.__('Errors'),
    totals: trans.__('Totals'),
    onlyDifferences: trans.__('Only differences'),
    onlyDifferencesHint: trans.__(
      'Show only spans added, removed, or with changed status, inputs or outputs'
    ),
    noDifferences: trans.__('No span was added, removed or changed.'),
    added: trans.__('added'),
    removed: trans.__('removed'),
    changed: trans.__('changed'),
    statusChanged: trans.__('status changed'),
    inputs: trans.__('Inputs'),
    outputs: trans.__('Outputs'),
    unchanged: trans.__('Unchanged'),
    onlyInA: trans.__('Only in A (removed in B)'),
    onlyInB: trans.__('Only in B (added)'),
    noValue: trans.__('(none)'),
    selectSpan: trans.__('Select a span to see what changed.'),
    swap: trans.__('Swap A and B'),
    spanTable: trans.__(
      'Spans, matched by path (↑/↓ to move, Home/End, Enter to show details)'
    ),
    counts: (m: number, a: number, r: number, c: number): string =>
      trans.__('%1 matched · %2 added · %3 removed · %4 changed', m, a, r, c),
    path: trans.__('Path:'),
    statusLine: (status: string): string => trans.__('Status: %1', status)
  };
}

export type CompareStrings = ReturnType<typeof compareStrings>;

/** The comparison's strings in the bundle of the nearest provider. */
export function useCompareStrings(): CompareStrings {
  const trans = useTrans();
  return React.useMemo(() => compareStrings(trans), [trans]);
}
