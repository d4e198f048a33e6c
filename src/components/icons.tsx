/**
 * Inline SVG icons (no icon library, no JupyterLab imports). All icons
 * draw with currentColor so CSS decides colours per theme.
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

const PATHS: Record<string, React.ReactNode> = {
  // Sparkle
  LLM: <path d="M8 1.5l1.6 4.1 4.4 1.4-4.4 1.4L8 12.5 6.4 8.4 2 7l4.4-1.4z" />,
  // Speech bubble
  CHAT_MODEL: (
    <path d="M2.5 3h11v7.5H7L4 13v-2.5H2.5z" fill="none" strokeWidth="1.4" />
  ),
  // Chain links
  CHAIN: (
    <g fill="none" strokeWidth="1.5">
      <rect x="1.5" y="5" width="7" height="6" rx="3" />
      <rect x="7.5" y="5" width="7" height="6" rx="3" />
    </g>
  ),
  // Robot head
  AGENT: (
    <g>
      <rect
        x="3"
        y="5"
        width="10"
        height="8"
        rx="2"
        fill="none"
        strokeWidth="1.4"
      />
      <circle cx="6.2" cy="9" r="1.1" />
      <circle cx="9.8" cy="9" r="1.1" />
      <path d="M8 2v3" fill="none" strokeWidth="1.4" />
    </g>
  ),
  // Wrench
  TOOL: (
    <path
      d="M10.5 2a3.5 3.5 0 0 0-3.3 4.6L2.3 11.5a1.2 1.2 0 0 0 1.7 1.7l4.9-4.9A3.5 3.5 0 0 0 13.6 5l-2 2-2-.5-.5-2 2-2z"
      strokeWidth="0.5"
    />
  ),
  // Magnifier
  RETRIEVER: (
    <g fill="none" strokeWidth="1.6">
      <circle cx="6.5" cy="6.5" r="4" />
      <path d="M9.5 9.5L14 14" />
    </g>
  ),
  // Vector dots
  EMBEDDING: (
    <g>
      <circle cx="4" cy="4" r="1.6" />
      <circle cx="12" cy="4" r="1.6" />
      <circle cx="4" cy="12" r="1.6" />
      <circle cx="12" cy="12" r="1.6" />
      <circle cx="8" cy="8" r="1.6" />
    </g>
  ),
  // Sort arrows
  RERANKER: (
    <path
      d="M5 2v11M2.5 10.5L5 13l2.5-2.5M11 14V3M8.5 5.5L11 3l2.5 2.5"
      fill="none"
      strokeWidth="1.5"
    />
  ),
  // Braces
  PARSER: (
    <path
      d="M6 2.5C4 2.5 4.5 5 4.5 6S3 8 3 8s1.5 0 1.5 2-.5 3.5 1.5 3.5M10 2.5c2 0 1.5 2.5 1.5 3.5S13 8 13 8s-1.5 0-1.5 2 .5 3.5-1.5 3.5"
      fill="none"
      strokeWidth="1.4"
    />
  ),
  // Database cylinder
  MEMORY: (
    <g fill="none" strokeWidth="1.4">
      <ellipse cx="8" cy="4" rx="5" ry="2" />
      <path d="M3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2" />
    </g>
  ),
  // f(x)
  FUNCTION: (
    <path
      d="M9.5 2.5C7.5 2.5 7.5 4 7.2 6L6.2 12c-.3 1.5-1 1.5-2.2 1.5M4.5 7h5"
      fill="none"
      strokeWidth="1.5"
    />
  ),
  UNKNOWN: <circle cx="8" cy="8" r="3.5" fill="none" strokeWidth="1.6" />
};

function Svg(props: {
  children: React.ReactNode;
  className?: string;
  size?: number;
}): JSX.Element {
  const size = props.size ?? 14;
  return (
    <svg
      className={props.className}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="currentColor"
      stroke="currentColor"
      strokeWidth={0}
      aria-hidden="true"
      focusable="false"
    >
      {props.children}
    </svg>
  );
}

export function SpanTypeIcon(props: { spanType: string }): JSX.Element {
  const t = (props.spanType || 'UNKNOWN').toUpperCase();
  const d = PATHS[t] ?? (
    <rect
      x="4"
      y="4"
      width="8"
      height="8"
      rx="1.5"
      fill="none"
      strokeWidth="1.6"
    />
  );
  return (
    <Svg className={`jp-MlflowTrace-typeIcon ${typeClass(props.spanType)}`}>
      {d}
    </Svg>
  );
}

export function ChevronIcon(props: { open: boolean }): JSX.Element {
  return (
    <Svg
      size={12}
      className={`jp-MlflowTrace-chevronIcon${props.open ? ' jp-mod-open' : ''}`}
    >
      <path d="M6 3.5L10.5 8 6 12.5" fill="none" strokeWidth="1.8" />
    </Svg>
  );
}

export function ErrorIcon(): JSX.Element {
  return (
    <Svg size={12} className="jp-MlflowTrace-errorIcon">
      <circle cx="8" cy="8" r="7" />
      <path
        d="M8 4v5M8 11v1.2"
        strokeWidth="1.8"
        className="jp-MlflowTrace-errorIconMark"
      />
    </Svg>
  );
}

export function CopyIcon(): JSX.Element {
  return (
    <Svg size={12}>
      <g fill="none" strokeWidth="1.4">
        <rect x="5" y="5" width="8.5" height="9" rx="1.2" />
        <path d="M3 11V3.2C3 2.5 3.5 2 4.2 2H10" />
      </g>
    </Svg>
  );
}

export function ExternalIcon(): JSX.Element {
  return (
    <Svg size={12}>
      <path
        d="M9 2.5h4.5V7M13.5 2.5L7.5 8.5M11.5 9.5v4h-9v-9h4"
        fill="none"
        strokeWidth="1.5"
      />
    </Svg>
  );
}

export function ArrowIcon(props: { dir: 'up' | 'down' }): JSX.Element {
  return (
    <Svg size={12}>
      <path
        d={props.dir === 'up' ? 'M3 10l5-5 5 5' : 'M3 6l5 5 5-5'}
        fill="none"
        strokeWidth="1.8"
      />
    </Svg>
  );
}

export function FilterIcon(): JSX.Element {
  return (
    <Svg size={12}>
      <path d="M1.5 2.5h13L9.5 8.5V13l-3 1.5v-6z" />
    </Svg>
  );
}

export function ExpandAllIcon(props: { collapse?: boolean }): JSX.Element {
  return (
    <Svg size={12}>
      <path
        d={
          props.collapse
            ? 'M4 2l4 4 4-4M4 14l4-4 4 4'
            : 'M4 6l4-4 4 4M4 10l4 4 4-4'
        }
        fill="none"
        strokeWidth="1.6"
      />
    </Svg>
  );
}

/** Push pin: keeps the chosen detail tab when another span is selected. */
export function PinIcon(): JSX.Element {
  return (
    <Svg size={12}>
      <path
        d="M6 1.5h4M7 1.5v4L4.5 8.5h7L9 5.5v-4M8 8.5V14.5"
        fill="none"
        strokeWidth="1.4"
      />
    </Svg>
  );
}
