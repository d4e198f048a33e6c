/**
 * Small React hooks shared by the viewer components.
 */
import React from 'react';

import type { LogAssessmentFn } from './assessments/context';
import type { LoadAttachmentFn } from './attachments/AttachmentView';

export type CopyFn = (text: string) => void;
export type RenderMarkdownFn = (
  host: HTMLElement,
  source: string
) => Promise<void>;

/** Services handed down from the viewer props. */
export interface IViewerServices {
  copy: CopyFn;
  renderMarkdown?: RenderMarkdownFn;
  /** Feedback and expectations to the configured tracking server (assessments/). */
  logAssessment?: LogAssessmentFn;
  /** Attachment bytes from the configured tracking server, on a click (attachments/). */
  loadAttachment?: LoadAttachmentFn;
  /** Open another trace (by its id, hostile text) in a trace tab (SpanLinks). */
  openTrace?: (traceId: string) => void;
}

export const ViewerContext = React.createContext<IViewerServices>({
  copy: defaultCopy
});

/** navigator.clipboard, guarded: missing API or a rejected write is ignored. */
export function defaultCopy(text: string): void {
  try {
    const clip =
      typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (clip && typeof clip.writeText === 'function') {
      void clip.writeText(text).catch(() => undefined);
    }
  } catch {
    // No clipboard (insecure context, old browser): nothing to do.
  }
}

/** `value`, updated only after it stays unchanged for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = React.useState(value);
  React.useEffect(() => {
    if (Object.is(v, value)) {
      return;
    }
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [v, value, ms]);
  return v;
}

/**
 * Client size of an element, via ResizeObserver when it exists (jsdom and
 * old browsers lack it: then it is measured once, and the fallback is used
 * for any zero size since nothing is laid out).
 * Pass the element itself (from a callback ref) so late mounts are seen.
 */
export function useElementSize(
  el: HTMLElement | null,
  fallback: { width: number; height: number }
): { width: number; height: number } {
  const [size, setSize] = React.useState(fallback);
  const fallbackRef = React.useRef(fallback);
  fallbackRef.current = fallback;
  React.useLayoutEffect(() => {
    if (!el) {
      return;
    }
    const measure = () => {
      const width = el.clientWidth || fallbackRef.current.width;
      const height = el.clientHeight || fallbackRef.current.height;
      setSize(prev =>
        prev.width === width && prev.height === height
          ? prev
          : { width, height }
      );
    };
    measure();
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const ro = new ResizeObserver(() => measure());
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return size;
}

/** A copy callback plus a short-lived "Copied" flag for feedback. */
export function useCopyFeedback(): [boolean, (text: string) => void] {
  const { copy } = React.useContext(ViewerContext);
  const [copied, setCopied] = React.useState(false);
  const timer = React.useRef<ReturnType<typeof setTimeout>>();
  React.useEffect(() => () => clearTimeout(timer.current), []);
  const doCopy = React.useCallback(
    (text: string) => {
      copy(text);
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 1500);
    },
    [copy]
  );
  return [copied, doCopy];
}
