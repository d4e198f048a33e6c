/**
 * Prompts of MLflow's prompt registry that a trace loaded
 * (model/prompts.ts), as `name@version`: one line in the trace header, a
 * section in the Summary. Shown only when the trace has some. Names are
 * hostile text: React text only, capped.
 */
import React from 'react';
import { ILinkedPrompt, tracePrompts } from '../model/prompts';
import type { ITrace } from '../model/types';
import { useTrans } from './i18n';
import { RevealedText } from './RevealedText';
import { capText } from './state/format';

/** How many prompts the header names before "+N more". */
const HEADER_PROMPTS = 3;

/** The trace's prompts, read again only when the trace changes. */
export function useTracePrompts(trace: ITrace): ILinkedPrompt[] {
  return React.useMemo(() => tracePrompts(trace), [trace]);
}

/** `name@version` (the name alone when MLflow gave no version). */
export function promptLabel(p: ILinkedPrompt): string {
  const name = capText(p.name, 200).text;
  return p.version ? `${name}@${capText(p.version, 40).text}` : name;
}

/** The header's line: "Prompts summarize@2 tone@1". */
export function PromptsFact(props: {
  prompts: readonly ILinkedPrompt[];
}): JSX.Element | null {
  const trans = useTrans();
  const { prompts } = props;
  if (prompts.length === 0) {
    return null;
  }
  const shown = prompts.slice(0, HEADER_PROMPTS);
  const more = prompts.length - shown.length;
  return (
    <span
      className="jp-MlflowTrace-prompts"
      title={trans.__(
        "Prompts from MLflow's prompt registry that this trace loaded"
      )}
    >
      <span className="jp-MlflowTrace-note">{trans.__('Prompts')}</span>
      {shown.map((p, k) => (
        <code key={k} className="jp-MlflowTrace-prompt">
          <RevealedText text={promptLabel(p)} />
        </code>
      ))}
      {more > 0 && (
        <span className="jp-MlflowTrace-note">
          {trans.__('+%1 more', more)}
        </span>
      )}
    </span>
  );
}

/** The Summary's section: every prompt, its name and version. */
export function PromptsSection(props: {
  prompts: readonly ILinkedPrompt[];
}): JSX.Element | null {
  const trans = useTrans();
  if (props.prompts.length === 0) {
    return null;
  }
  return (
    <section
      className="jp-MlflowTrace-section"
      aria-label={trans.__('Prompts')}
    >
      <h4>{trans.__('Prompts')}</h4>
      <ul className="jp-MlflowTrace-promptList">
        {props.prompts.map((p, k) => (
          <li key={k}>
            <code className="jp-MlflowTrace-prompt">
              <RevealedText text={promptLabel(p)} />
            </code>
            {p.version && (
              <span className="jp-MlflowTrace-note">
                {trans.__('version %1', capText(p.version, 40).text)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
