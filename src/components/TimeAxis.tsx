/**
 * Ticks header for the gantt column, drawn as plain SVG. The ticks follow
 * d3's linear-scale rule (steps of 1, 2 or 5 × 10^k, about one per 70 px) and
 * the marks d3-axis draws (domain line, 6 px ticks, labels above), without
 * shipping d3 for one scale.
 */
import React from 'react';
import { formatOffset } from './state/format';

/** Horizontal padding (px) shared with the bars so ticks line up. */
export const TIMELINE_PAD = 6;

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** About `count` round values in [0, stop] (d3-array's `ticks`). */
export function niceTicks(stop: number, count: number): number[] {
  return niceTicksIn(0, stop, count);
}

/** About `count` round values in [start, stop] (d3-array's `ticks`). */
export function niceTicksIn(
  start: number,
  stop: number,
  count: number
): number[] {
  if (!(stop > start) || !Number.isFinite(stop) || !Number.isFinite(start)) {
    return [start];
  }
  const power = Math.floor(Math.log10((stop - start) / count));
  const error = (stop - start) / count / Math.pow(10, power);
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  // Negative powers divide by an integer, so 0.1 * 3 does not become 0.30000000000000004.
  const inverse = power < 0 ? Math.pow(10, -power) / factor : 0;
  const inc = power < 0 ? 0 : Math.pow(10, power) * factor;
  const at = (k: number) => (power < 0 ? k / inverse : k * inc);
  let first = Math.round(power < 0 ? start * inverse : start / inc);
  let last = Math.round(power < 0 ? stop * inverse : stop / inc);
  if (at(first) < start) {
    first++;
  }
  if (at(last) > stop) {
    last--;
  }
  const out: number[] = [];
  for (let k = first; k <= last; k++) {
    out.push(at(k));
  }
  return out;
}

/**
 * A tick label far from 0 (a zoomed axis): as many decimals as the tick
 * step needs, so 30.002 s and 30.004 s do not both read "30s".
 */
export function tickLabel(ms: number, stepMs: number): string {
  const abs = Math.abs(ms);
  const [unit, suffix] =
    abs < 1
      ? [0.001, 'µs']
      : abs < 1000
        ? [1, 'ms']
        : abs < 60_000
          ? [1000, 's']
          : [60_000, 'm'];
  const decimals = Math.max(
    0,
    Math.min(6, Math.ceil(-Math.log10(stepMs / unit) - 1e-9))
  );
  return `${+(ms / unit).toFixed(decimals)}${suffix}`;
}

export interface ITimeAxisProps {
  /** Length of the visible time range in ms (the whole trace: t1 - t0). */
  extentMs: number;
  /** Where the visible range starts, in ms after the trace's start (zoom). */
  startMs?: number;
  /** Width of the timeline column in px. */
  width: number;
  height: number;
}

export function TimeAxis(props: ITimeAxisProps): JSX.Element {
  const { extentMs, width, height } = props;
  const startMs = props.startMs ?? 0;
  const inner = Math.max(10, width - 2 * TIMELINE_PAD);
  const ticks = niceTicksIn(
    startMs,
    startMs + extentMs,
    Math.max(2, Math.floor(inner / 70))
  );
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : extentMs;
  const x = (ms: number) =>
    extentMs > 0 ? ((ms - startMs) / extentMs) * inner : 0;
  // Crisp 1 px lines on standard-density screens, as d3-axis does.
  const offset = window.devicePixelRatio > 1 ? 0 : 0.5;
  return (
    <svg
      className="jp-MlflowTrace-axis"
      width={Math.max(0, width)}
      height={height}
      aria-hidden="true"
      focusable="false"
    >
      <g
        transform={`translate(${TIMELINE_PAD}, ${height - 1})`}
        fill="none"
        fontSize={10}
        fontFamily="sans-serif"
      >
        <path
          className="domain"
          stroke="currentColor"
          d={`M${offset},0V${offset}H${inner + offset}V0`}
        />
        {ticks.map(ms => {
          const at = x(ms);
          // Keep the first and last labels inside the column instead of clipped.
          const anchor = at < 16 ? 'start' : at > inner - 16 ? 'end' : 'middle';
          return (
            <g
              key={ms}
              className="tick"
              transform={`translate(${at + offset},0)`}
            >
              <line stroke="currentColor" y2={-6} />
              <text fill="currentColor" y={-9} textAnchor={anchor}>
                {startMs === 0 ? formatOffset(ms) : tickLabel(ms, step)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
