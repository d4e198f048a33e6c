/**
 * Every string the comparison shows, in one place, so a translation layer
 * (ITranslator's `trans.__`) can take them over in one edit.
 */
export const STRINGS = {
  title: 'Trace comparison',
  sideA: 'A (before)',
  sideB: 'B (after)',
  delta: 'Δ (B − A)',
  metric: 'Measure',
  state: 'Status',
  latency: 'Latency',
  tokens: 'Tokens',
  cost: 'Cost',
  spans: 'Spans',
  errors: 'Errors',
  totals: 'Totals',
  spanTable: 'Spans, matched by path',
  onlyDifferences: 'Only differences',
  onlyDifferencesHint:
    'Show only spans added, removed, or with changed status, inputs or outputs',
  noDifferences: 'No span was added, removed or changed.',
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  statusChanged: 'status changed',
  inputs: 'Inputs',
  outputs: 'Outputs',
  unchanged: 'Unchanged',
  onlyInA: 'Only in A (removed in B)',
  onlyInB: 'Only in B (added)',
  noValue: '(none)',
  selectSpan: 'Select a span to see what changed.',
  swap: 'Swap A and B',
  keyboardHint: '↑/↓ to move, Home/End, Enter to show details',
  counts: (m: number, a: number, r: number, c: number): string =>
    `${m} matched · ${a} added · ${r} removed · ${c} changed`,
  path: 'Path'
} as const;
