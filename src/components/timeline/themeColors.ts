/**
 * CSS colours for a <canvas>, which cannot use var(): read once from the
 * element's computed style and again whenever JupyterLab switches theme
 * (it marks the new theme on <body> after the theme's CSS has loaded; its
 * own web components watch the same attributes).
 */
import React from 'react';

const THEME_ATTRIBUTES = ['data-jp-theme-name', 'data-jp-theme-light'];

/** The values of the CSS custom properties `names` on `el`, by name. */
export function useThemeColors<K extends string>(
  el: Element | null,
  names: readonly K[],
  fallback: string
): Record<K, string> {
  const read = React.useCallback((): Record<K, string> => {
    const style = el ? getComputedStyle(el) : null;
    const out = {} as Record<K, string>;
    for (const name of names) {
      out[name] = style?.getPropertyValue(name).trim() || fallback;
    }
    return out;
    // The names are a constant list at every call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on purpose (above)
  }, [el, fallback]);
  const [colors, setColors] = React.useState(read);
  React.useLayoutEffect(() => {
    setColors(read());
    if (typeof MutationObserver === 'undefined') {
      return;
    }
    const observer = new MutationObserver(() => setColors(read()));
    observer.observe(document.body, {
      attributes: true,
      attributeFilter: THEME_ATTRIBUTES
    });
    return () => observer.disconnect();
  }, [read]);
  return colors;
}
