import { AXIS_HEIGHT, ROW_HEIGHT } from '../components/SpanTree';
import type { ITrace } from '../model';

/** Header and toolbar above the panes, the resize handle below. */
const CHROME_HEIGHT = 112;
/** What a span's details need at least (summary, tabs, a short input and output). */
const DETAIL_HEIGHT = 200;

/**
 * A first guess of the height a viewer needs, up to the setting's maximum;
 * the viewer then measures its content (`fitMaxHeight`).
 */
export function fittedHeight(traces: ITrace[], maxHeight: number): number {
  const rows = Math.max(1, ...traces.map(t => t.spans.length));
  const listRows = traces.length > 1 ? traces.length : 0;
  const tree = AXIS_HEIGHT + rows * ROW_HEIGHT;
  const wanted =
    CHROME_HEIGHT + listRows * ROW_HEIGHT + Math.max(tree, DETAIL_HEIGHT);
  return Math.min(maxHeight, wanted);
}
