/**
 * Logging feedback and expectations on a trace, through the server extension
 * (`POST traces/<id>/assessments`). The server writes only to the configured
 * tracking store; nothing here names a host. JupyterLab's request helper adds
 * the XSRF token the server checks on every POST.
 */
import { ServerConnection } from '@jupyterlab/services';

import { ApiError, requestAPI } from '../api';
import { parseAssessment } from '../model/info';
import type { IAssessment } from '../model/types';

/** What the viewer asks to log (the server's `AssessmentRequest`). */
export type AssessmentRequest =
  | {
      kind: 'feedback';
      name: string;
      /** Thumbs up / down. */
      value: boolean;
      /** The user's comment. */
      rationale?: string;
    }
  | { kind: 'expectation'; name: string; value: string };

/** The assessment as the store created it, and where. */
export interface ILoggedAssessment {
  assessment: IAssessment;
  /** The tracking store it went to, credentials stripped. */
  trackingUri: string;
}

/** `traces/<id>/assessments`, the id encoded. */
export function assessmentsPath(traceId: string): string {
  return `traces/${encodeURIComponent(traceId)}/assessments`;
}

/**
 * Log one assessment on a trace of the configured tracking store. Rejects
 * with an `ApiError` whose message says what failed ("trace … not found on …",
 * "assessments need MLflow 3; …", "tracking server unreachable at …").
 */
export async function logAssessment(
  traceId: string,
  request: AssessmentRequest,
  settings?: ServerConnection.ISettings
): Promise<ILoggedAssessment> {
  const body = await requestAPI<{
    assessment?: unknown;
    tracking_uri?: unknown;
  }>(
    assessmentsPath(traceId),
    { method: 'POST', body: JSON.stringify(request) },
    settings
  );
  const assessment = parseAssessment(body.assessment);
  if (!assessment || typeof body.tracking_uri !== 'string') {
    throw new ApiError(
      'the server extension sent an answer without the logged assessment',
      'malformed',
      200
    );
  }
  return { assessment, trackingUri: body.tracking_uri };
}
