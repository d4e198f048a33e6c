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
  if (!(stop > 0) || !Number.isFinite(stop)) {
    return [0];
  }
  const step = stop / count;
  const power = Math.floor(Math.log10(step));
  const error = step / Math.pow(10, power);
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  // Negative powers divide by an integer, so 0.1 * 3 does not become 0.30000000000000004.
  const inverse = power < 0 ? Math.pow(10, -power) / factor : 0;
  const inc = power < 0 ? 0 : Math.pow(10, power) * factor;
  const last =
    power < 0 ? Math.floor(stop * inverse + 1e-9) : Math.floor(stop / inc);
  const out: number[] = [];
  for (let i = 0; i <= last; i++) {
    out.push(power < 0 ? i / inverse : i * inc);
  }
  return out;
}

export interface ITimeAxisProps {
  /** Trace span in ms (t1 - t0). */
  extentMs: number;
  /** Width of the timeline column in px. */
  width: number;
  height: number;
}

export function TimeAxis(props: ITimeAxisProps): JSX.Element {
  const { extentMs, width, height } = props;
  const inner = Math.max(10, width - 2 * TIMELINE_PAD);
  const ticks = niceTicks(extentMs, Math.max(2, Math.floor(inner / 70)));
  const x = (ms: number) => (extentMs > 0 ? (ms / extentMs) * inner : 0);
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
                {formatOffset(ms)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
