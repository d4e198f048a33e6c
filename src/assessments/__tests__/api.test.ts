/**
 * logAssessment against Jupyter's answers: the request it sends (path, verb,
 * body) and what it makes of the answer. Success bodies are MLflow's real
 * answers (fixtures/assessments/, generator beside them) with the server
 * extension's `tracking_uri`.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api';
import { assessmentsPath, logAssessment } from '../api';

const FIXTURES = resolve(__dirname, '../../../fixtures/assessments');
const mlflowAnswer = (name: string) =>
  JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf-8'));

function answering(status: number, body: unknown) {
  const seen: { url: string; method: string; body: string }[] = [];
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://127.0.0.1:8888/',
    fetch: async (request: RequestInfo) => {
      const r = request as Request;
      seen.push({ url: r.url, method: r.method, body: await r.text() });
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' }
      });
    }
  } as Partial<ServerConnection.ISettings>);
  return { settings, seen };
}

describe('logAssessment', () => {
  it('POSTs the request to traces/<id>/assessments and reads the created feedback', async () => {
    const answer = {
      ...mlflowAnswer('create-feedback.json'),
      tracking_uri: 'http://127.0.0.1:5000'
    };
    const { settings, seen } = answering(200, answer);
    const request = {
      kind: 'feedback' as const,
      name: 'user_feedback',
      value: true,
      rationale: 'Right city, right weather.'
    };
    const logged = await logAssessment(
      answer.assessment.trace_id,
      request,
      settings
    );
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    // (JupyterLab appends a cache-busting query.)
    expect(seen[0].url.split('?')[0]).toBe(
      `http://127.0.0.1:8888/jupyterlab-mlflow-traces/traces/${answer.assessment.trace_id}/assessments`
    );
    expect(JSON.parse(seen[0].body)).toEqual(request);
    expect(logged.trackingUri).toBe('http://127.0.0.1:5000');
    expect(logged.assessment).toMatchObject({
      id: answer.assessment.assessment_id,
      name: 'user_feedback',
      kind: 'feedback',
      value: true,
      rationale: 'Right city, right weather.',
      sourceType: 'HUMAN'
    });
  });

  it('reads a created expectation', async () => {
    const answer = {
      ...mlflowAnswer('create-expectation.json'),
      tracking_uri: 'sqlite:///mlflow.db'
    };
    const { settings } = answering(200, answer);
    const logged = await logAssessment(
      answer.assessment.trace_id,
      {
        kind: 'expectation',
        name: 'expected_response',
        value: 'Kyoto is sunny'
      },
      settings
    );
    expect(logged.assessment).toMatchObject({
      kind: 'expectation',
      name: 'expected_response',
      value: 'Kyoto is sunny'
    });
  });

  it('encodes the id into one path segment', () => {
    expect(assessmentsPath('trace:/cat.schema/abc')).toBe(
      'traces/trace%3A%2Fcat.schema%2Fabc/assessments'
    );
  });

  it("rejects with the server's specific message and kind", async () => {
    const message =
      'assessments need MLflow 3; the tracking server at http://127.0.0.1:5000 runs 2.22.5';
    const { settings } = answering(501, {
      error: { kind: 'unsupported', message }
    });
    const error = await logAssessment(
      'tr-1',
      { kind: 'feedback', name: 'user_feedback', value: false },
      settings
    ).catch(e => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(message);
    expect(error.kind).toBe('unsupported');
  });

  it('an answer without an assessment is malformed, not a success', async () => {
    const { settings } = answering(200, { tracking_uri: 'http://x' });
    const error = await logAssessment(
      'tr-1',
      { kind: 'feedback', name: 'user_feedback', value: true },
      settings
    ).catch(e => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('malformed');
  });
});
