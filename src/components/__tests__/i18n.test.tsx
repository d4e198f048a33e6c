// @vitest-environment jsdom
import React from 'react';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TranslationContext, TranslationBundle, useTrans } from '../i18n';

function Label(): JSX.Element {
  const trans = useTrans();
  return <span>{trans.__('Spans: %1', 3)}</span>;
}

describe('useTrans', () => {
  it('shows the English source, arguments filled in, without a provider', () => {
    const { container } = render(<Label />);
    expect(container.textContent).toBe('Spans: 3');
  });

  it('shows what the provided bundle translates', () => {
    const upper = {
      __: (s: string, ...args: unknown[]) =>
        s.toUpperCase().replace('%1', String(args[0]))
    } as unknown as TranslationBundle;
    const { container } = render(
      <TranslationContext.Provider value={upper}>
        <Label />
      </TranslationContext.Provider>
    );
    expect(container.textContent).toBe('SPANS: 3');
  });
});
