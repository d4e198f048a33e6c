/**
 * Icons drawn by CSS (style/icons.css), no icon library, no JupyterLab
 * imports. All icons draw with currentColor or their span type's colour so
 * CSS decides colours per theme.
 */
import React from 'react';

/** Known span types: each has an icon and a CSS colour class. */
export const KNOWN_SPAN_TYPES = [
  'LLM',
  'CHAT_MODEL',
  'CHAIN',
  'AGENT',
  'TOOL',
  'RETRIEVER',
  'EMBEDDING',
  'RERANKER',
  'PARSER',
  'MEMORY',
  'FUNCTION',
  'UNKNOWN'
] as const;

const KNOWN = new Set<string>(KNOWN_SPAN_TYPES);

/**
 * CSS class suffix for a span type. Custom types map to `other`: class
 * names are never built from trace content.
 */
export function typeClass(spanType: string): string {
  const t = (spanType || 'UNKNOWN').toUpperCase();
  return `jp-MlflowTrace-type-${KNOWN.has(t) ? t.replace('_', '-').toLowerCase() : 'other'}`;
}

/**
 * One element per icon: a span that style/icons.css paints in currentColor
 * through a mask of the icon's shape. A tree row or JSON row then costs one
 * node for its icon, not an SVG with its shapes.
 */
function Icon(props: { name: string; className?: string }): JSX.Element {
  const extra = props.className ? ` ${props.className}` : '';
  return (
    <span
      className={`jp-MlflowTrace-icon jp-MlflowTrace-icon-${props.name}${extra}`}
      aria-hidden="true"
    />
  );
}

/** The span type's icon in its colour (both from its type class, icons.css). */
export function SpanTypeIcon(props: { spanType: string }): JSX.Element {
  return (
    <span
      className={`jp-MlflowTrace-typeIcon ${typeClass(props.spanType)}`}
      aria-hidden="true"
    />
  );
}

export function ChevronIcon(props: { open: boolean }): JSX.Element {
  return (
    <Icon
      name="chevron"
      className={`jp-MlflowTrace-chevronIcon${props.open ? ' jp-mod-open' : ''}`}
    />
  );
}

export function ErrorIcon(): JSX.Element {
  return <Icon name="error" className="jp-MlflowTrace-errorIcon" />;
}

export function CopyIcon(): JSX.Element {
  return <Icon name="copy" />;
}

export function ExternalIcon(): JSX.Element {
  return <Icon name="external" />;
}

/** Push pin: keeps the chosen detail tab when another span is selected. */
export function PinIcon(): JSX.Element {
  return <Icon name="pin" />;
}
