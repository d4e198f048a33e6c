// @vitest-environment jsdom
/**
 * The viewer's Feedback panel: shown only with a logger, thumbs and comment,
 * expectation, busy / success / specific error in place, the new assessment in
 * the trace without reopening, the reasons it is disabled, the keyboard.
 * The logger's answers are MLflow's real ones (fixtures/assessments/).
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';

import { parseAssessment } from '../../../model/info';
import type { IAssessment } from '../../../model/types';
import { TraceViewer } from '../../TraceViewer';
import type { ServerCopyState } from '../../serverCopy';
import { sampleTrace } from '../../__tests__/helpers';
import type { LogAssessmentFn } from '../context';

afterEach(cleanup);

const FIXTURES = resolve(__dirname, '../../../../fixtures/assessments');
function created(name: string): IAssessment {
  const body = JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf-8'));
  return parseAssessment(body.assessment)!;
}
const FEEDBACK = created('create-feedback.json');
const EXPECTATION = created('create-expectation.json');
const TRACE_ID = 'tr-under-test';

function renderViewer(
  log?: LogAssessmentFn,
  serverCopy?: ServerCopyState
): void {
  render(
    <TraceViewer
      traces={[sampleTrace({ traceId: TRACE_ID })]}
      onLogAssessment={log}
      serverCopies={serverCopy ? [serverCopy] : undefined}
    />
  );
}

const feedbackButton = () => screen.getByRole('button', { name: /^Feedback/ });
const panel = () =>
  screen.getByRole('dialog', { name: 'Feedback on this trace' });

describe('Feedback in the viewer', () => {
  it('is not offered without a logger (offline, never-stored or other-server traces)', () => {
    renderViewer();
    expect(screen.queryByRole('button', { name: /^Feedback/ })).toBeNull();
  });

  it('logs a thumbs up with the comment, says where, and shows it on the trace', async () => {
    let resolveLog: () => void = () => undefined;
    const log = vi.fn<LogAssessmentFn>(
      () =>
        new Promise(res => {
          resolveLog = () =>
            res({ assessment: FEEDBACK, trackingUri: 'http://127.0.0.1:5000' });
        })
    );
    renderViewer(log);
    fireEvent.click(feedbackButton());
    const comment = within(panel()).getByLabelText('Comment (optional)');
    expect(document.activeElement).toBe(comment);
    fireEvent.change(comment, {
      target: { value: '  Right city, right weather.  ' }
    });
    fireEvent.click(within(panel()).getByRole('button', { name: /Good/ }));
    expect(log).toHaveBeenCalledWith(TRACE_ID, {
      kind: 'feedback',
      name: 'user_feedback',
      value: true,
      rationale: 'Right city, right weather.'
    });
    expect(within(panel()).getByRole('status').textContent).toBe('Logging…');
    expect(
      within(panel()).getByRole('button', { name: /Good/ })
    ).toHaveProperty('disabled', true);
    resolveLog();
    await waitFor(() =>
      expect(within(panel()).getByRole('status').textContent).toBe(
        'Feedback logged to http://127.0.0.1:5000.'
      )
    );
    expect((comment as HTMLTextAreaElement).value).toBe('');
    const list = within(panel()).getByRole('list', {
      name: 'Assessments of this trace'
    });
    expect(list.textContent).toContain('user_feedback');
    expect(list.textContent).toContain('👍');
    expect(list.textContent).toContain('Right city, right weather.');
    expect(feedbackButton().textContent).toBe('Feedback (1)');
    // The root span's details have it too, without reopening the trace.
    expect(screen.getByRole('tab', { name: /Assessments/ })).toBeTruthy();
  });

  it('a thumbs down without a comment sends no rationale', async () => {
    const log = vi.fn<LogAssessmentFn>(async () => ({
      assessment: { ...FEEDBACK, value: false, rationale: undefined },
      trackingUri: 'sqlite:///mlflow.db'
    }));
    renderViewer(log);
    fireEvent.click(feedbackButton());
    fireEvent.click(within(panel()).getByRole('button', { name: /Bad/ }));
    expect(log).toHaveBeenCalledWith(TRACE_ID, {
      kind: 'feedback',
      name: 'user_feedback',
      value: false
    });
    await waitFor(() =>
      expect(within(panel()).getByRole('list').textContent).toContain('👎')
    );
  });

  it('shows the specific error in place and keeps the comment for another try', async () => {
    const message =
      'assessments need MLflow 3; the tracking server at http://127.0.0.1:5000 runs 2.22.5';
    const log = vi.fn<LogAssessmentFn>(async () => {
      throw new Error(message);
    });
    renderViewer(log);
    fireEvent.click(feedbackButton());
    const comment = within(panel()).getByLabelText('Comment (optional)');
    fireEvent.change(comment, { target: { value: 'wrong city' } });
    fireEvent.click(within(panel()).getByRole('button', { name: /Bad/ }));
    await waitFor(() =>
      expect(within(panel()).getByRole('alert').textContent).toBe(
        `Feedback not logged: ${message}`
      )
    );
    expect((comment as HTMLTextAreaElement).value).toBe('wrong city');
    expect(within(panel()).getByRole('button', { name: /Bad/ })).toHaveProperty(
      'disabled',
      false
    );
    expect(feedbackButton().textContent).toBe('Feedback');
  });

  it('adds an expectation with Enter in its form', async () => {
    const log = vi.fn<LogAssessmentFn>(async () => ({
      assessment: EXPECTATION,
      trackingUri: 'http://127.0.0.1:5000'
    }));
    renderViewer(log);
    fireEvent.click(feedbackButton());
    const form = within(panel()).getByRole('form', { name: 'Add expectation' });
    const add = within(form).getByRole('button', { name: 'Add expectation' });
    expect(add).toHaveProperty('disabled', true);
    fireEvent.change(within(form).getByLabelText('Name'), {
      target: { value: ' expected_response ' }
    });
    fireEvent.change(within(form).getByLabelText('Expected value'), {
      target: { value: 'Kyoto is sunny' }
    });
    expect(add).toHaveProperty('disabled', false);
    fireEvent.submit(form);
    expect(log).toHaveBeenCalledWith(TRACE_ID, {
      kind: 'expectation',
      name: 'expected_response',
      value: 'Kyoto is sunny'
    });
    await waitFor(() =>
      expect(within(form).getByRole('status').textContent).toBe(
        'Expectation logged to http://127.0.0.1:5000.'
      )
    );
    expect(within(panel()).getByRole('list').textContent).toContain(
      'Kyoto is sunny'
    );
  });

  it.each<[ServerCopyState, string]>([
    [
      { kind: 'not-stored', host: 'http://127.0.0.1:5000' },
      'Feedback needs the trace on the tracking server: http://127.0.0.1:5000 has no trace with this id.'
    ],
    [
      { kind: 'checking', host: 'http://127.0.0.1:5000' },
      'Checking whether http://127.0.0.1:5000 stored this trace; feedback can be logged once it has.'
    ]
  ])(
    'is disabled with the reason while the server copy is %j',
    (copy, reason) => {
      const log = vi.fn<LogAssessmentFn>();
      renderViewer(log, copy);
      fireEvent.click(feedbackButton());
      expect(within(panel()).getByRole('note').textContent).toBe(reason);
      for (const name of [/Good/, /Bad/]) {
        expect(within(panel()).getByRole('button', { name })).toHaveProperty(
          'disabled',
          true
        );
      }
      expect(
        within(panel()).getByLabelText('Comment (optional)')
      ).toHaveProperty('disabled', true);
    }
  );

  it('Escape closes the panel and gives the keyboard back to the button', () => {
    renderViewer(vi.fn<LogAssessmentFn>());
    fireEvent.click(feedbackButton());
    const notCancelled = fireEvent.keyDown(
      within(panel()).getByLabelText('Comment (optional)'),
      { key: 'Escape' }
    );
    // Kept by the panel: the notebook does not see it.
    expect(notCancelled).toBe(false);
    expect(
      screen.queryByRole('dialog', { name: 'Feedback on this trace' })
    ).toBeNull();
    expect(document.activeElement).toBe(feedbackButton());
    expect(feedbackButton().getAttribute('aria-expanded')).toBe('false');
  });

  it('shows names and comments from the trace as text, invisible characters as codes', () => {
    const hostile: IAssessment = {
      ...FEEDBACK,
      name: 'evil\u202Ename',
      rationale: '<img src=x onerror=alert(1)>'
    };
    render(
      <TraceViewer
        traces={[sampleTrace({ traceId: TRACE_ID, assessments: [hostile] })]}
        onLogAssessment={vi.fn<LogAssessmentFn>()}
      />
    );
    fireEvent.click(feedbackButton());
    const list = within(panel()).getByRole('list');
    expect(list.textContent).toContain('evil⟨U+202E⟩name');
    expect(list.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(list.querySelector('img')).toBeNull();
  });
});
