/**
 * Translation for the views: one `TranslationBundle` handed down by React
 * context, the way JupyterLab's own views receive `trans`.
 *
 * Views call `useTrans()` and pass every user-visible string through
 * `trans.__('…')` (or `trans._n` for plurals, `%1` for arguments) so
 * `jupyterlab-translate` can extract them. The glue provides the bundle from
 * `ITranslator.load(TRANSLATION_DOMAIN)`; without a provider (unit tests,
 * a missing translator) `nullTranslator` returns the English source.
 *
 * Counts: `trans._n('%2 span', '%2 spans', n, formatCount(n))`. gettext
 * chooses the form by `n` and gives it as `%1`, unformatted; `%2` is the
 * count as the views show numbers (thousands separators).
 */
import React from 'react';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

/** The gettext domain: the Python package's name, as JupyterLab expects. */
export const TRANSLATION_DOMAIN = 'jupyterlab_mlflow_traces';

export type { TranslationBundle };

/**
 * The English bundle: what views use when no translator is provided. Only a
 * fallback value: no string is translated through this name (the extractor
 * reads `trans.__` calls), so the naming rule does not apply.
 */
// eslint-disable-next-line jupyter/incorrect-translator-usage
export const englishBundle: TranslationBundle =
  nullTranslator.load(TRANSLATION_DOMAIN);

export const TranslationContext =
  React.createContext<TranslationBundle>(englishBundle);

/** The bundle of the nearest provider, or English. */
export function useTrans(): TranslationBundle {
  return React.useContext(TranslationContext);
}

/**
 * A translated sentence with elements in its places. Pass each place's own
 * placeholder as the argument, `trans.__('Logs to %1.', '%1')`, so the
 * translation keeps it; `%1` is then filled with `elements[0]`, `%2` with
 * `elements[1]`. The sentence stays whole for translators.
 */
export function withElements(
  text: string,
  ...elements: React.ReactNode[]
): React.ReactElement {
  const parts = text.split(/%(\d)/);
  return React.createElement(
    React.Fragment,
    null,
    ...parts.map((part, k) =>
      k % 2 === 0
        ? part
        : React.createElement(
            React.Fragment,
            { key: k },
            elements[Number(part) - 1]
          )
    )
  );
}
