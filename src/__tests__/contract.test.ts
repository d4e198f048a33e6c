/**
 * The contract (contract/openapi.json) against the frontend's side: the committed
 * real payloads (fixtures/, made by the real SDKs, servers and kernel hook) follow
 * it, and the constants and readers the frontend uses agree with it.
 */
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

import contract from '../../contract/openapi.json';
import { MISSING_SERVER_EXTENSION_KIND } from '../api';
import {
  CLIENT_ERROR_KINDS,
  ERROR_KINDS,
  EXPERIMENT_ORDERS,
  MAX_PAGE_SIZE,
  MAX_SEARCH_TEXT,
  TEXT_FILTERS,
  TRACE_ORDERS,
  TRACE_SEARCH_APIS,
  TRACE_STATUSES,
  VIEW_TYPES
} from '../contract';
import { ENVELOPE_VERSION, MLFLOW_TRACE_MIME, parseMimeBundle } from '../model';
import { TRUNCATION_KEY } from '../model/truncation';
import { KERNEL_API_VERSION } from '../notebookDisplay/kernelCode';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'fixtures');
const VERSIONS = readdirSync(FIXTURES).filter(d => d.startsWith('mlflow-'));
const SCHEMAS = contract.components.schemas as Record<string, any>;

// strict: false, since the OpenAPI document around the schemas has keys
// (openapi, paths, x-…) that are not JSON Schema keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(contract, 'contract');

function validator(name: string): ValidateFunction {
  const validate = ajv.getSchema(`contract#/components/schemas/${name}`);
  if (!validate) {
    throw new Error(`no schema ${name} in contract/openapi.json`);
  }
  return validate;
}

/** Every way `value` breaks schema `name` (empty when it follows it). */
function problems(name: string, value: unknown): string[] {
  const validate = validator(name);
  return validate(value)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

function fixture(version: string, file: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, version, file), 'utf8'));
}

/** A fixture's payload: one item, or several (the `multi` scenario). */
function each(payload: unknown): any[] {
  return Array.isArray(payload) ? payload : [payload];
}

function fixtureNames(version: string, suffix: string): string[] {
  return readdirSync(join(FIXTURES, version)).filter(f => f.endsWith(suffix));
}

describe('the committed real payloads follow the contract', () => {
  for (const version of VERSIONS) {
    it(`${version}: every Trace.to_json() is an embedded trace`, () => {
      const files = fixtureNames(version, '.trace.json');
      expect(files.length).toBeGreaterThanOrEqual(5);
      for (const file of files) {
        const traces = each(fixture(version, file).payload);
        for (const trace of traces) {
          expect(problems('EmbeddedTrace', trace), file).toEqual([]);
        }
        // As numbers (version 1): a browser already rounded the nanosecond times.
        expect(problems('Envelope', { version: 1, traces }), file).toEqual([]);
      }
    });

    it(`${version}: the tracking server's answers the extension relays`, () => {
      const files = fixtureNames(version, '.rest.json');
      expect(files.length).toBeGreaterThanOrEqual(5);
      const api = version.startsWith('mlflow-2.') ? 'v2' : 'v3';
      const textFilter = api === 'v3' ? 'full-text' : 'exact-name';
      for (const file of files) {
        const rest = fixture(version, file).payload;
        // As the handlers compose them (tracking_http.py search_traces, get_trace).
        const page = { api, text_filter: textFilter, ...rest.search };
        expect(problems('TracesPage', page), file).toEqual([]);
        const spans = each(rest.artifact);
        each(rest.info).forEach((info, i) => {
          const body = {
            info,
            spans: spans[i],
            tracking_uri: 'http://127.0.0.1:5000'
          };
          expect(problems('TraceBody', body), file).toEqual([]);
        });
      }
      const experiments = fixture(version, 'experiments.search.json').payload;
      expect(problems('ExperimentsPage', experiments)).toEqual([]);
    });
  }

  it("the real kernel hook's structure-first envelope (version 2)", () => {
    const bundle = JSON.parse(
      readFileSync(
        join(
          ROOT,
          'jupyterlab_mlflow_traces/tests/fixtures/hook-structure.json'
        ),
        'utf8'
      )
    );
    const envelope = bundle[MLFLOW_TRACE_MIME];
    expect(envelope.version).toBe(2);
    expect(envelope.structure).toBe(true);
    expect(problems('Envelope', envelope)).toEqual([]);
  });
});

describe('the contract refuses what breaks it', () => {
  const trace = fixture('mlflow-3.17.2', 'decorated.trace.json').payload;

  it('a version 2 envelope with an integer a browser rounds', () => {
    // JSON.parse made the nanosecond times unsafe numbers: version 2 forbids them.
    expect(problems('Envelope', { version: 2, traces: [trace] })).not.toEqual(
      []
    );
    expect(problems('Envelope', { version: 3, traces: [trace] })).not.toEqual(
      []
    );
    expect(problems('Envelope', { version: 1, traces: [] })).not.toEqual([]);
  });

  it('an error of a kind the contract does not list', () => {
    const error = { error: { kind: 'not-found', message: 'no trace tr-1' } };
    expect(problems('Error', error)).toEqual([]);
    expect(
      problems('Error', { error: { ...error.error, kind: 'gone' } })
    ).not.toEqual([]);
    expect(
      problems('Error', { error: { ...error.error, error_code: 'a <b>' } })
    ).not.toEqual([]);
  });

  it('a traces page whose text filter is not its API’s', () => {
    expect(
      problems('TracesPage', { api: 'v2', text_filter: 'full-text' })
    ).not.toEqual([]);
  });
});

describe("the frontend's constants are the contract's", () => {
  const values = (name: string) => SCHEMAS[name].enum;

  it('sort orders, view types, statuses, text filters, search APIs', () => {
    expect([...EXPERIMENT_ORDERS]).toEqual(values('ExperimentOrder'));
    expect(EXPERIMENT_ORDERS[0]).toBe(SCHEMAS.ExperimentOrder.default);
    expect([...TRACE_ORDERS]).toEqual(values('TraceOrder'));
    expect(TRACE_ORDERS[0]).toBe(SCHEMAS.TraceOrder.default);
    expect([...VIEW_TYPES]).toEqual(values('ViewType'));
    expect([...TRACE_STATUSES]).toEqual(values('TraceStatus'));
    expect([...TEXT_FILTERS]).toEqual(values('TextFilter'));
    expect([...TRACE_SEARCH_APIS]).toEqual(values('TraceSearchApi'));
  });

  it('error kinds, the server’s and the frontend’s own', () => {
    expect([...ERROR_KINDS]).toEqual(values('ErrorKind'));
    expect([...CLIENT_ERROR_KINDS]).toEqual(values('ClientErrorKind'));
    expect(CLIENT_ERROR_KINDS).toContain(MISSING_SERVER_EXTENSION_KIND);
  });

  it('limits', () => {
    expect(MAX_PAGE_SIZE).toBe(SCHEMAS.PageSize.maximum);
    expect(MAX_SEARCH_TEXT).toBe(SCHEMAS.SearchText.maxLength);
  });

  it('the envelope: MIME type, versions the model reads, truncation marker', () => {
    expect(MLFLOW_TRACE_MIME).toBe(SCHEMAS.Envelope['x-mime-type']);
    const versions: number[] = SCHEMAS.Envelope.properties.version.enum;
    expect(ENVELOPE_VERSION).toBe(Math.max(...versions));
    expect(SCHEMAS.TruncationMarker.required).toContain(TRUNCATION_KEY);
    expect(KERNEL_API_VERSION).toBe(SCHEMAS.KernelState['x-api-version']);
    // The model reads every version the contract lists, and no later one.
    const trace = fixture('mlflow-2.22.5', 'decorated.trace.json').payload;
    for (const version of versions) {
      const parsed = parseMimeBundle({
        [MLFLOW_TRACE_MIME]: { version, traces: [trace] }
      });
      expect(parsed.kind).toBe('traces');
    }
    const later = parseMimeBundle({
      [MLFLOW_TRACE_MIME]: { version: ENVELOPE_VERSION + 1, traces: [trace] }
    });
    expect(later.kind === 'error' && later.error.code).toBe(
      'unsupported-version'
    );
  });
});
