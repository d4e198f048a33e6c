/**
 * The trace's assessments in the Feedback panel, one line each: name, value
 * (thumbs for true / false feedback), who gave it, and the comment. Every
 * field is trace content: shown as text, capped, invisible characters as codes.
 */
import React from 'react';

import type { IAssessment } from '../../model/types';
import { useTrans } from '../i18n';
import { RevealedText } from '../RevealedText';
import { capText } from '../state/format';

/** More than this: the rest are counted, not listed. */
const SHOWN = 50;

function valueText(a: IAssessment): string {
  if (a.kind === 'feedback' && a.value === true) {
    return '👍';
  }
  if (a.kind === 'feedback' && a.value === false) {
    return '👎';
  }
  const text = typeof a.value === 'string' ? a.value : JSON.stringify(a.value);
  return capText(text ?? '', 200).text;
}

export function AssessmentList(props: {
  assessments: IAssessment[];
}): JSX.Element {
  const trans = useTrans();
  const { assessments } = props;
  if (assessments.length === 0) {
    return (
      <p className="jp-MlflowTrace-note">
        {trans.__('No feedback or expectations on this trace yet.')}
      </p>
    );
  }
  return (
    <>
      <ul
        className="jp-MlflowTrace-assessList"
        aria-label={trans.__('Assessments of this trace')}
      >
        {assessments.slice(0, SHOWN).map((a, k) => (
          <li key={a.id || k} className="jp-MlflowTrace-assessItem">
            <strong>
              <RevealedText text={capText(a.name, 200).text} />
            </strong>{' '}
            <span className="jp-MlflowTrace-assessValue">
              <RevealedText text={valueText(a)} />
            </span>
            {a.sourceType && (
              <span className="jp-MlflowTrace-note">
                {' '}
                <RevealedText text={capText(a.sourceType, 40).text} />
              </span>
            )}
            {a.rationale && (
              <div className="jp-MlflowTrace-assessRationale">
                <RevealedText text={capText(a.rationale, 500).text} />
              </div>
            )}
          </li>
        ))}
      </ul>
      {assessments.length > SHOWN && (
        <p className="jp-MlflowTrace-note">
          {trans.__(
            '%1 more in the span details (Assessments tab of the root span).',
            assessments.length - SHOWN
          )}
        </p>
      )}
    </>
  );
}
