/**
 * What a CDP CPU profile (Profiler.stop's `profile`) says about windows of
 * page time (long tasks, attach → visible): the self time of the top
 * functions in each. Minified names come with file:line:column, so a
 * production build can still be read against its bundle.
 *
 *   import { anchorInPage, summarizeProfile } from './lib/profile.mjs';
 */
/* global performance */

/** The name of the page function whose samples place page time in the profile. */
export const ANCHOR = '__benchProfileAnchor';

/**
 * Runs in the page right after Profiler.start: busy for a few ms under a name
 * the profile shows, and returns the page's clock when it began.
 */
export function anchorInPage() {
  // Named literally: the profile shows a function's own name, not a computed one.
  function __benchProfileAnchor() {
    const start = performance.now();
    while (performance.now() - start < 5) {
      // busy: the sampler must see this function
    }
    return performance.timeOrigin + start;
  }
  return __benchProfileAnchor();
}

function label(frame) {
  const file = frame.url ? frame.url.split('/').pop().split('?')[0] : '';
  const name = frame.functionName || '(anonymous)';
  return file
    ? `${name} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
    : name;
}

/** The top `count` entries of a {label: ms} map, largest first, rounded. */
function top(map, count) {
  return Object.entries(map)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => [name, Math.round(ms * 10) / 10]);
}

/**
 * Where the main thread's time went in page-time windows (the long tasks
 * PerformanceObserver saw, attach → visible): self time of the top functions,
 * and the inclusive time of the top frames of each stack.
 *
 * profile: Profiler.stop's; anchorAt: what anchorInPage returned (page ms);
 * windows: {name: [fromMs, toMs]} in page time (performance.timeOrigin based).
 */
export function summarizeProfile(profile, anchorAt, windows, count = 12) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const stack = id => {
    const out = [];
    for (let at = id; at !== undefined; at = parent.get(at)) {
      out.push(label(byId.get(at).callFrame));
    }
    return out; // leaf first
  };
  // Sample i lasts until the next one; times in ms from the profile's start.
  let t = profile.startTime;
  const times = profile.timeDeltas.map(d => (t += d));
  const samples = profile.samples.map((id, i) => ({
    id,
    at: (times[i] - profile.startTime) / 1000,
    ms: ((times[i + 1] ?? times[i]) - times[i]) / 1000
  }));
  const anchorSample = samples.find(s =>
    stack(s.id).some(name => name.startsWith(ANCHOR))
  );
  if (!anchorSample) {
    return { error: 'the anchor function was not sampled' };
  }
  const toProfile = pageAt => pageAt - anchorAt + anchorSample.at;
  const out = {};
  for (const [name, [from, to]] of Object.entries(windows)) {
    const a = toProfile(from);
    const b = toProfile(to);
    const self = {};
    const inclusive = {};
    const byFile = {};
    let busy = 0;
    for (const s of samples) {
      if (s.at < a || s.at >= b) {
        continue;
      }
      const names = stack(s.id);
      if (names[0] === '(idle)') {
        continue;
      }
      busy += s.ms;
      self[names[0]] = (self[names[0]] ?? 0) + s.ms;
      const file = byId.get(s.id).callFrame.url.split('/').pop().split('?')[0];
      byFile[file || names[0]] = (byFile[file || names[0]] ?? 0) + s.ms;
      for (const n of new Set(names)) {
        inclusive[n] = (inclusive[n] ?? 0) + s.ms;
      }
    }
    out[name] = {
      windowMs: Math.round(to - from),
      /** Where the window lies in the .cpuprofile (ms from its start). */
      profileMs: [Math.round(a), Math.round(b)],
      busyMs: Math.round(busy),
      /** Self time by script file (or V8's own: GC, program). */
      byFile: top(byFile, count),
      self: top(self, count),
      inclusive: top(inclusive, count * 2)
    };
  }
  return out;
}
