/**
 * A long or multi-line string: shown as plain text (capped, with "show
 * more"), with an optional "Markdown" toggle that hands the text to the
 * host's sanitizing markdown renderer. Never sets HTML itself.
 */
import React from 'react';
import { ViewerContext, useCopyFeedback } from './hooks';
import { Highlighted, SearchQueryContext } from './Highlighted';
import { useTrans } from './i18n';
import { CopyIcon } from './icons';
import { capText, formatCount } from './state/format';

/** Characters shown before "Show more". */
export const TEXT_PAGE = 10_000;
/** Markdown gets at most this much text (rendering 10 MB would freeze). */
export const MARKDOWN_CAP = 200_000;

export interface ITextBlockProps {
  text: string;
  /** Start in markdown mode (when a renderer is available). */
  defaultMarkdown?: boolean;
  /** Optional accessible name for the block's buttons, e.g. "assistant message". */
  label?: string;
  className?: string;
}

export function TextBlock(props: ITextBlockProps): JSX.Element {
  const trans = useTrans();
  const { renderMarkdown } = React.useContext(ViewerContext);
  const query = React.useContext(SearchQueryContext);
  const [limit, setLimit] = React.useState(TEXT_PAGE);
  const [markdown, setMarkdown] = React.useState(
    !!props.defaultMarkdown && !!renderMarkdown
  );
  const [mdError, setMdError] = React.useState<string | null>(null);
  const [copied, copy] = useCopyFeedback();
  const hostRef = React.useRef<HTMLDivElement>(null);

  const mdSource = React.useMemo(
    () => capText(props.text, MARKDOWN_CAP),
    [props.text]
  );

  React.useEffect(() => {
    const host = hostRef.current;
    if (!markdown || !renderMarkdown || !host) {
      return;
    }
    let cancelled = false;
    renderMarkdown(host, mdSource.text).catch((err: unknown) => {
      if (!cancelled) {
        setMdError(err instanceof Error ? err.message : String(err));
      }
    });
    return () => {
      cancelled = true;
    };
  }, [markdown, renderMarkdown, mdSource]);

  const shown = capText(props.text, limit);
  const showMarkdown = markdown && !!renderMarkdown && mdError === null;

  return (
    <div className={`jp-MlflowTrace-textBlock ${props.className ?? ''}`}>
      <div className="jp-MlflowTrace-textBlockBar">
        {renderMarkdown && (
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            aria-pressed={markdown}
            aria-label={
              props.label
                ? trans.__('Render %1 as markdown', props.label)
                : trans.__('Render as markdown')
            }
            title={trans.__('Render as markdown')}
            onClick={() => {
              setMdError(null);
              setMarkdown(m => !m);
            }}
          >
            {trans.__('Markdown')}
          </button>
        )}
        <button
          type="button"
          className="jp-MlflowTrace-miniButton"
          aria-label={
            props.label
              ? trans.__('Copy %1 text', props.label)
              : trans.__('Copy text')
          }
          title={trans.__('Copy text')}
          onClick={() => copy(props.text)}
        >
          <CopyIcon />
          <span>{copied ? trans.__('Copied') : trans.__('Copy')}</span>
        </button>
      </div>
      {showMarkdown ? (
        <>
          {/* The host's renderer owns this element's children. */}
          <div className="jp-MlflowTrace-markdown" ref={hostRef} />
          {mdSource.rest > 0 && (
            <div className="jp-MlflowTrace-note">
              {trans.__(
                'Markdown shows the first %1 characters (%2 more characters not rendered).',
                formatCount(MARKDOWN_CAP),
                formatCount(mdSource.rest)
              )}
            </div>
          )}
        </>
      ) : (
        <>
          {mdError !== null && (
            <div className="jp-MlflowTrace-note" role="status">
              {trans.__('Markdown could not be rendered: %1', mdError)}
            </div>
          )}
          <div className="jp-MlflowTrace-text">
            <Highlighted text={shown.text} query={query} plain />
          </div>
          {shown.rest > 0 && (
            <div className="jp-MlflowTrace-more">
              <span>
                {trans.__('… (%1 more characters)', formatCount(shown.rest))}
              </span>
              <button
                type="button"
                className="jp-MlflowTrace-miniButton"
                onClick={() => setLimit(l => l * 10)}
              >
                {trans.__('Show more')}
              </button>
              <button
                type="button"
                className="jp-MlflowTrace-miniButton"
                onClick={() => setLimit(Infinity)}
              >
                {trans.__('Show all')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
