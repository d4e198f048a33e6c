/**
 * Linked prompts on a REAL trace (fixtures/links/linked-prompts.trace.json:
 * a traced function loaded prompts registered in a real tracking server's
 * prompt registry, mlflow 3.17.2). Hand-written hostile values are labelled.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { describe, expect, it } from 'vitest';

import {
  LINKED_PROMPTS_KEY,
  parseLinkedPrompts,
  tracePrompts
} from '../prompts';
import { traceFromJson } from '../trace';
import { exactly } from './fixtureFiles';

const read = (name: string) =>
  exactly(
    readFileSync(resolve(__dirname, '../../../fixtures/links', name), 'utf8')
  );
const trace = traceFromJson(read('linked-prompts.trace.json').payload);

describe('linked prompts', () => {
  it('lists the prompts the trace loaded, with their versions, in order', () => {
    expect(tracePrompts(trace)).toEqual([
      { name: 'summarize', version: '2' },
      { name: 'tone', version: '1' }
    ]);
  });

  it('reads the span attribute when the trace tag is missing', () => {
    const { [LINKED_PROMPTS_KEY]: _tag, ...tags } = trace.tags;
    expect(_tag).toBeDefined();
    expect(tracePrompts({ ...trace, tags })).toEqual([
      { name: 'summarize', version: '2' },
      { name: 'tone', version: '1' }
    ]);
  });

  it('a trace without prompts lists none', () => {
    expect(
      tracePrompts(traceFromJson(read('upstream.trace.json').payload))
    ).toEqual([]);
  });

  it('drops garbage and keeps hostile names as text (hand-written)', () => {
    expect(parseLinkedPrompts('not json')).toEqual([]);
    expect(parseLinkedPrompts('{"name": "a"}')).toEqual([]);
    expect(
      parseLinkedPrompts(
        JSON.stringify([
          null,
          { name: '' },
          { name: 5 },
          { name: '<script>x</script>', version: 3 },
          { name: 'no-version' }
        ])
      )
    ).toEqual([
      { name: '<script>x</script>', version: '3' },
      { name: 'no-version', version: '' }
    ]);
  });
});
