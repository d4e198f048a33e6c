/**
 * How the viewer logs assessments: one callback from the glue, handed down
 * with the viewer's services (`ViewerContext.logAssessment`; only the
 * header's Feedback control uses it), and the assessments logged since the
 * viewer opened, merged into their trace so they show without reopening it.
 */
import React from 'react';

import type {
  AssessmentRequest,
  ILoggedAssessment
} from '../../assessments/api';
import type { IAssessment, ITrace } from '../../model/types';

export type { AssessmentRequest, ILoggedAssessment };

/** Log one assessment on a trace of the configured tracking store. */
export type LogAssessmentFn = (
  traceId: string,
  request: AssessmentRequest
) => Promise<ILoggedAssessment>;

/**
 * The glue's logger, wrapped to keep what it logged (by trace id), and the
 * assessments logged so far.
 */
export function useLoggedAssessments(log?: LogAssessmentFn): {
  log: LogAssessmentFn | null;
  logged: Readonly<Record<string, IAssessment[]>>;
} {
  const [logged, setLogged] = React.useState<Record<string, IAssessment[]>>({});
  const keeping = React.useMemo<LogAssessmentFn | null>(
    () =>
      log
        ? async (traceId, request) => {
            const result = await log(traceId, request);
            setLogged(all => ({
              ...all,
              [traceId]: [...(all[traceId] ?? []), result.assessment]
            }));
            return result;
          }
        : null,
    [log]
  );
  return { log: keeping, logged };
}

/**
 * The trace with the assessments logged on it since the viewer opened (those
 * it does not hold yet: a fresh copy from the server already has them). The
 * same object while nothing was logged, so nothing derived is recomputed.
 */
export function useTraceWithLogged(
  trace: ITrace | undefined,
  logged: Readonly<Record<string, IAssessment[]>>
): ITrace | undefined {
  const added = trace ? logged[trace.traceId] : undefined;
  return React.useMemo(() => {
    if (!trace || !added?.length) {
      return trace;
    }
    const known = new Set(trace.assessments.map(a => a.id).filter(Boolean));
    const fresh = added.filter(a => !a.id || !known.has(a.id));
    return fresh.length
      ? { ...trace, assessments: [...trace.assessments, ...fresh] }
      : trace;
  }, [trace, added]);
}
