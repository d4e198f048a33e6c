/**
 * The comparison's lazy chunk, reached only through `loadCompare()`
 * (viewerLoader.ts): matching, views, picker and tab arrive the first time
 * the user compares two traces.
 */
export { compareByIds, compareWithOutput } from './open';
