/**
 * Ticks header for the gantt column, drawn by d3-axis into an <svg>.
 * d3 writes tick labels with .text(); labels are numbers we format.
 */
import React from 'react';
import { axisTop } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { formatOffset } from './state/format';

/** Horizontal padding (px) shared with the bars so ticks line up. */
export const TIMELINE_PAD = 6;

export interface ITimeAxisProps {
  /** Trace span in ms (t1 - t0). */
  extentMs: number;
  /** Width of the timeline column in px. */
  width: number;
  height: number;
}

export function TimeAxis(props: ITimeAxisProps): JSX.Element {
  const ref = React.useRef<SVGGElement>(null);
  const { extentMs, width, height } = props;
  React.useEffect(() => {
    if (!ref.current) {
      return;
    }
    const inner = Math.max(10, width - 2 * TIMELINE_PAD);
    const scale = scaleLinear().domain([0, extentMs]).range([0, inner]);
    const axis = axisTop<number>(scale)
      .ticks(Math.max(2, Math.floor(inner / 70)))
      .tickSizeOuter(0)
      .tickFormat(d => formatOffset(+d));
    const g = select(ref.current);
    g.call(axis);
    // Keep the first and last labels inside the column instead of clipped.
    g.selectAll<SVGTextElement, number>('.tick text').attr('text-anchor', d =>
      scale(d) < 16 ? 'start' : scale(d) > inner - 16 ? 'end' : 'middle'
    );
  }, [extentMs, width]);
  return (
    <svg
      className="jp-MlflowTrace-axis"
      width={Math.max(0, width)}
      height={height}
      aria-hidden="true"
      focusable="false"
    >
      <g ref={ref} transform={`translate(${TIMELINE_PAD}, ${height - 1})`} />
    </svg>
  );
}
