/**
 * The timeline minimap of a long trace (as Jaeger's trace page has): the
 * whole trace's spans squeezed into one <canvas>, and over it the selected
 * time window. Drag across it to zoom the tree's timeline to a range, drag
 * the window to move it, click to centre it; the window is a focusable
 * slider (arrows move, Shift+arrows resize, Home/End, Escape shows all).
 *
 * One canvas and four boxes whatever the span count: the picture is a
 * density grid computed once per trace and width (state/zoom.ts).
 */
import React from 'react';
import type { ITrace } from '../../model/types';
import { useElementSize } from '../hooks';
import { useTrans } from '../i18n';
import { hasModifier, keepKey } from '../keys';
import { formatDuration } from '../state/format';
import {
  clampWindow,
  isZoomed,
  IMinimapGrid,
  minimapGrid,
  moveWindow,
  resizeWindow,
  windowFromDrag,
  ZoomWindow
} from '../state/zoom';
import { minAlphaForContrast, parseColor } from './contrast';
import { useThemeColors } from './themeColors';

/** Height of the drawing (px); the header line comes on top. */
export const MINIMAP_CANVAS_HEIGHT = 40;
/** Its whole height: header line (20), padding (6), borders (3) and the drawing. */
export const MINIMAP_HEIGHT = MINIMAP_CANVAS_HEIGHT + 29;
/** At most this many lanes of spans (two px each at 40 px). */
const MAX_LANES = 20;
/** Columns stop following the width here (wider screens stretch them). */
const MAX_COLUMNS = 1600;
/** A press that moves less than this (px) is a click, not a drag. */
const DRAG_THRESHOLD = 3;

/** What the faintest span must reach against the background (WCAG asks 3:1 of graphics; the margin covers rounding). */
const MIN_SPAN_CONTRAST = 3.2;

const COLOR_NAMES = [
  '--jp-brand-color1',
  '--jp-error-color1',
  '--jp-layout-color0'
] as const;

export interface IMinimapProps {
  trace: ITrace;
  /** The trace's time domain [t0, t1], epoch ms. */
  domain: readonly [number, number];
  zoom: ZoomWindow;
  onZoom: (w: ZoomWindow) => void;
  /** Element id prefix of this viewer. */
  idPrefix: string;
}

export function Minimap(props: IMinimapProps): JSX.Element {
  const { trace, domain, zoom, onZoom } = props;
  const trans = useTrans();
  const [track, setTrack] = React.useState<HTMLDivElement | null>(null);
  const canvasRef = React.useRef<HTMLCanvasElement>(null);
  const sliderRef = React.useRef<HTMLDivElement>(null);
  const size = useElementSize(track, { width: 300, height: 0 });
  const columns = Math.max(1, Math.min(MAX_COLUMNS, Math.round(size.width)));
  const grid = React.useMemo(
    () => minimapGrid(trace, domain, columns, MAX_LANES),
    [trace, domain, columns]
  );
  const colors = useThemeColors(track, COLOR_NAMES, 'currentColor');

  React.useLayoutEffect(() => {
    drawGrid(canvasRef.current, grid, size.width, colors);
  }, [grid, size.width, colors]);

  const total = domain[1] - domain[0];
  const zoomed = isZoomed(zoom);
  // The start of the trace reads "0", not "0 ns".
  const at = (f: number) => (f === 0 ? '0' : formatDuration(f * total));
  const rangeText = trans.__(
    '%1 – %2 of %3',
    at(zoom[0]),
    at(zoom[1]),
    formatDuration(total)
  );

  // A press on the window moves it; elsewhere it starts a new range.
  const drag = React.useRef<{
    x: number;
    from: number;
    start: ZoomWindow;
    move: boolean;
    dragged: boolean;
  } | null>(null);
  const fraction = (clientX: number) => {
    const rect = track?.getBoundingClientRect();
    return rect && rect.width > 0 ? (clientX - rect.left) / rect.width : 0;
  };
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0 || !track) {
      return;
    }
    e.preventDefault(); // no text selection; focus goes to the slider instead
    sliderRef.current?.focus();
    track.setPointerCapture?.(e.pointerId);
    drag.current = {
      x: e.clientX,
      from: fraction(e.clientX),
      start: zoom,
      move: zoomed && e.target === sliderRef.current,
      dragged: false
    };
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) {
      return;
    }
    if (!d.dragged && Math.abs(e.clientX - d.x) < DRAG_THRESHOLD) {
      return;
    }
    d.dragged = true;
    const at = fraction(e.clientX);
    onZoom(
      d.move ? moveWindow(d.start, at - d.from) : windowFromDrag(d.from, at)
    );
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.dragged && zoomed) {
      // A click centres the window there.
      const half = (zoom[1] - zoom[0]) / 2;
      onZoom(clampWindow(d.from - half, d.from + half));
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) {
      return; // JupyterLab's chords
    }
    const width = zoom[1] - zoom[0];
    let next: ZoomWindow | null = null;
    const key = e.key;
    if (e.shiftKey) {
      if (key === 'ArrowLeft' || key === 'ArrowDown') {
        next = resizeWindow(zoom, 0.8);
      } else if (key === 'ArrowRight' || key === 'ArrowUp') {
        next = resizeWindow(zoom, 1.25);
      }
    } else if (key === 'ArrowLeft' || key === 'ArrowDown') {
      next = moveWindow(zoom, -width / 4);
    } else if (key === 'ArrowRight' || key === 'ArrowUp') {
      next = moveWindow(zoom, width / 4);
    } else if (key === 'PageDown') {
      next = moveWindow(zoom, -width);
    } else if (key === 'PageUp') {
      next = moveWindow(zoom, width);
    } else if (key === 'Home') {
      next = moveWindow(zoom, -1);
    } else if (key === 'End') {
      next = moveWindow(zoom, 1);
    } else if (key === 'Escape' && zoomed && !hasModifier(e)) {
      next = [0, 1];
    }
    if (next) {
      keepKey(e);
      onZoom(next);
    }
  };

  const hintId = `${props.idPrefix}-minimapHint`;
  return (
    <div className="jp-MlflowTrace-minimap">
      <div className="jp-MlflowTrace-minimapHeader">
        <span className="jp-MlflowTrace-minimapTitle">
          {trans.__('Timeline overview')}
        </span>
        <span className="jp-MlflowTrace-note" aria-hidden="true">
          {zoomed ? rangeText : trans.__('drag to zoom to a time range')}
        </span>
        {zoomed && (
          <button
            type="button"
            className="jp-MlflowTrace-miniButton"
            onClick={() => onZoom([0, 1])}
          >
            {trans.__('Reset zoom')}
          </button>
        )}
      </div>
      <div
        className="jp-MlflowTrace-minimapTrack"
        ref={setTrack}
        style={{ height: MINIMAP_CANVAS_HEIGHT }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
      >
        <canvas ref={canvasRef} aria-hidden="true" />
        <div
          className="jp-MlflowTrace-minimapShade"
          style={{ left: 0, width: `${zoom[0] * 100}%` }}
        />
        <div
          className="jp-MlflowTrace-minimapShade"
          style={{ left: `${zoom[1] * 100}%`, right: 0 }}
        />
        <div
          ref={sliderRef}
          role="slider"
          tabIndex={0}
          className={`jp-MlflowTrace-minimapWindow${zoomed ? ' jp-mod-zoomed' : ''}`}
          style={{
            left: `${zoom[0] * 100}%`,
            width: `${(zoom[1] - zoom[0]) * 100}%`
          }}
          aria-label={trans.__('Visible time range')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(zoom[0] * 100)}
          aria-valuetext={rangeText}
          aria-describedby={hintId}
          onKeyDown={onKeyDown}
        />
        <span id={hintId} className="jp-MlflowTrace-srOnly">
          {trans.__(
            'Arrow keys move the range, Shift with arrow keys resizes it, Escape shows the whole trace.'
          )}
        </span>
      </div>
    </div>
  );
}

/**
 * Paints the grid: shade by span count (log scale) from the least opacity
 * that still stands out from the track's background (--jp-layout-color0) to
 * full; failed spans on top. Cells on whole device pixels: no anti-aliased
 * edges fainter than the shade.
 */
function drawGrid(
  canvas: HTMLCanvasElement | null,
  grid: IMinimapGrid,
  cssWidth: number,
  colors: Record<(typeof COLOR_NAMES)[number], string>
): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) {
    return; // no canvas support (jsdom): the window still works
  }
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(cssWidth * ratio));
  canvas.height = Math.round(MINIMAP_CANVAS_HEIGHT * ratio);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const brand = parseColor(ctx, colors['--jp-brand-color1']);
  const background = parseColor(ctx, colors['--jp-layout-color0']);
  const floor =
    brand && background
      ? Math.max(
          0.35,
          minAlphaForContrast(brand, background, MIN_SPAN_CONTRAST)
        )
      : 1;
  const logMax = Math.log(Math.max(1, grid.max));
  const xs = edges(grid.columns, canvas.width);
  const ys = edges(grid.lanes, canvas.height);
  const cell = (i: number) => {
    const x = i % grid.columns;
    const l = Math.floor(i / grid.columns);
    ctx.fillRect(xs[x], ys[l], xs[x + 1] - xs[x], ys[l + 1] - ys[l]);
  };
  ctx.fillStyle = colors['--jp-brand-color1'];
  for (let i = 0; i < grid.counts.length; i++) {
    const c = grid.counts[i];
    if (c > 0) {
      ctx.globalAlpha =
        floor + (logMax > 0 ? ((1 - floor) * Math.log(c)) / logMax : 1 - floor);
      cell(i);
    }
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = colors['--jp-error-color1'];
  for (let i = 0; i < grid.errors.length; i++) {
    if (grid.errors[i] > 0) {
      cell(i);
    }
  }
}

/** `n + 1` whole-pixel edges splitting `size` px into `n` cells. */
function edges(n: number, size: number): number[] {
  const out: number[] = [];
  for (let k = 0; k <= n; k++) {
    out.push(Math.round((k * size) / n));
  }
  return out;
}
