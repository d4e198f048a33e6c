/**
 * Raw trace JSON, pretty-printed lazily (only while shown), with huge
 * strings cut for display. Copy always copies the full JSON.
 */
import React from 'react';
import { useCopyFeedback } from './hooks';
import { useTrans } from './i18n';
import { CopyIcon } from './icons';
import { cappedPrettyJson } from './state/json';
import { escapeInvisibleInJson, formatCount } from './state/format';

export const RAW_STRING_CAP = 2_000;
export const RAW_TOTAL_CAP = 500_000;

export interface IRawJsonViewProps {
  value: unknown;
  getFullJson: () => string;
}

export function RawJsonView(props: IRawJsonViewProps): JSX.Element {
  const trans = useTrans();
  const [totalCap, setTotalCap] = React.useState(RAW_TOTAL_CAP);
  const [copied, copy] = useCopyFeedback();
  const printed = React.useMemo(
    () =>
      cappedPrettyJson(props.value, RAW_STRING_CAP, totalCap, rest =>
        trans.__('… (%1 more characters)', formatCount(rest))
      ),
    [props.value, totalCap, trans]
  );
  return (
    <div className="jp-MlflowTrace-raw">
      <div className="jp-MlflowTrace-rawBar">
        <span className="jp-MlflowTrace-note">
          {trans.__(
            'Strings longer than %1 characters are shortened here; copy gives the full JSON.',
            formatCount(RAW_STRING_CAP)
          )}
        </span>
        <button
          type="button"
          className="jp-MlflowTrace-miniButton"
          aria-label={trans.__('Copy trace JSON')}
          title={trans.__('Copy the full trace JSON')}
          onClick={() => copy(props.getFullJson())}
        >
          <CopyIcon />
          <span>
            {copied ? trans.__('Copied') : trans.__('Copy trace JSON')}
          </span>
        </button>
      </div>
      <pre
        className="jp-MlflowTrace-rawText"
        tabIndex={0}
        aria-label={trans.__('Raw trace JSON')}
      >
        {escapeInvisibleInJson(printed.text)}
      </pre>
      {printed.truncated && (
        <div className="jp-MlflowTrace-more">
          <span>
            {trans.__(
              'Output stopped at %1 characters.',
              formatCount(totalCap)
            )}
          </span>
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => setTotalCap(c => c * 4)}
          >
            {trans.__('Show more')}
          </button>
        </div>
      )}
    </div>
  );
}
