/**
 * The glue's side of translation: the bundle a plugin loads from the optional
 * `ITranslator`, and the provider every React mount wraps its tree in, so the
 * views' `useTrans()` gets the same bundle (components/i18n.ts).
 */
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import React from 'react';

import {
  TRANSLATION_DOMAIN,
  TranslationBundle,
  TranslationContext
} from './components/i18n';

/** This extension's bundle of `translator` (English without one). */
export function loadTrans(
  translator: ITranslator | null | undefined
): TranslationBundle {
  return (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
}

/** `children` under the provider of `trans`. */
export function Translated(props: {
  trans: TranslationBundle;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <TranslationContext.Provider value={props.trans}>
      {props.children}
    </TranslationContext.Provider>
  );
}
