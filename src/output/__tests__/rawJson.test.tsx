// @vitest-environment jsdom
/**
 * "Raw JSON" shows the trace as MLflow wrote it, for embedded and fetched
 * traces, with real MLflow payloads (fixtures/mlflow-3.17.2); only the
 * Jupyter server is a stand-in.
 */
import * as fs from 'fs';
import * as path from 'path';
import React from 'react';
import { Signal } from '@lumino/signaling';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';

import { IRawTrace, IServerStatus } from '../../api';
import {
  DATABRICKS_TRACE_MIME,
  MLFLOW_TRACE_MIME,
  parseMimeBundle
} from '../../model';
import { DEFAULT_SETTINGS } from '../../settings';
import type { IConnectionChange } from '../../tokens';
import { TraceOutput } from '../TraceOutput';
import type { ITraceOutputServices } from '../useReferenceFetch';

afterEach(cleanup);

const FIXTURES = path.join(__dirname, '../../../fixtures/mlflow-3.17.2');
function fixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'));
}

const CONFIGURED = 'http://127.0.0.1:5000';

function services(answer?: IRawTrace): ITraceOutputServices {
  return {
    status: async () =>
      ({
        tracking_uri: CONFIGURED,
        allowed_tracking_uris: []
      }) as unknown as IServerStatus,
    fetchTrace: async () => {
      if (!answer) {
        throw new Error('nothing to fetch in this test');
      }
      return answer;
    },
    connectionChanged: new Signal<any, IConnectionChange>({})
  };
}

async function rawJsonShown(
  data: Record<string, unknown>,
  answer?: IRawTrace
): Promise<unknown> {
  render(
    <TraceOutput
      result={parseMimeBundle(data)}
      data={data}
      services={services(answer)}
      settings={DEFAULT_SETTINGS}
      renderMarkdown={async () => undefined}
    />
  );
  await screen.findByRole('tree', { name: 'Spans' });
  fireEvent.click(screen.getByRole('button', { name: 'Show raw trace JSON' }));
  const pre = screen.getByLabelText('Raw trace JSON');
  return JSON.parse(pre.textContent ?? '');
}

describe('Raw JSON is the trace as MLflow wrote it', () => {
  const trace = fixture('decorated.trace.json').payload;

  it("MLflow's own notebook MIME type (Trace.to_json text)", async () => {
    const shown = await rawJsonShown({
      [DATABRICKS_TRACE_MIME]: JSON.stringify(trace)
    });
    expect(shown).toEqual(trace);
    expect(Object.keys(shown as object)).toEqual(['info', 'data']);
  });

  it("the extension's envelope", async () => {
    const shown = await rawJsonShown({
      [MLFLOW_TRACE_MIME]: { version: 1, traces: [trace] }
    });
    expect(shown).toEqual(trace);
  });

  it('a trace fetched from the tracking server: {info, data: {spans}}, no envelopes', async () => {
    const rest = fixture('decorated.rest.json').payload;
    const shown = await rawJsonShown(
      {
        [DATABRICKS_TRACE_MIME]: JSON.stringify(trace.info.trace_id)
      },
      { info: rest.info, spans: rest.artifact, tracking_uri: CONFIGURED }
    );
    expect(shown).toEqual({
      info: rest.info.trace.trace_info,
      data: { spans: rest.artifact.spans }
    });
  });
});
