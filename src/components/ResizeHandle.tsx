/** The viewer's bottom edge: drag it, or Arrow Up / Down on it, to resize. */
import React from 'react';
import { useTrans } from './i18n';
import { keepKey } from './keys';

export const MIN_HEIGHT = 200;
export const MAX_HEIGHT = 4000;

export function clampHeight(h: number): number {
  return Math.round(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, h)));
}

export function ResizeHandle(props: {
  height: number;
  onResize: (h: number) => void;
  onResizeEnd: (h: number) => void;
}): JSX.Element {
  const drag = React.useRef<{ y: number; h: number; last: number } | null>(
    null
  );
  const { height, onResize, onResizeEnd } = props;
  const trans = useTrans();
  return (
    <div
      className="jp-MlflowTrace-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label={trans.__('Resize trace viewer')}
      title={trans.__('Drag (or use Arrow Up / Down) to resize')}
      aria-valuenow={height}
      aria-valuemin={MIN_HEIGHT}
      aria-valuemax={MAX_HEIGHT}
      tabIndex={0}
      onPointerDown={e => {
        e.preventDefault();
        drag.current = { y: e.clientY, h: height, last: height };
        try {
          e.currentTarget.setPointerCapture?.(e.pointerId);
        } catch {
          // Synthetic pointers (tests) cannot be captured.
        }
      }}
      onPointerMove={e => {
        if (drag.current) {
          const h = clampHeight(drag.current.h + e.clientY - drag.current.y);
          drag.current.last = h;
          onResize(h);
        }
      }}
      onPointerUp={() => {
        if (drag.current) {
          onResizeEnd(drag.current.last);
          drag.current = null;
        }
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onKeyDown={e => {
        if (e.ctrlKey || e.metaKey || e.altKey) {
          return; // e.g. Ctrl+Shift+ArrowUp moves the cell
        }
        const step = e.shiftKey ? 100 : 20;
        let h = height;
        if (e.key === 'ArrowDown') {
          h = clampHeight(height + step);
        } else if (e.key === 'ArrowUp') {
          h = clampHeight(height - step);
        } else {
          return;
        }
        keepKey(e);
        onResize(h);
        onResizeEnd(h);
      }}
    >
      <span className="jp-MlflowTrace-resizeGrip" aria-hidden="true" />
    </div>
  );
}
