/** Python files bundled as text (webpack.config.js; Vite's own `?raw` in vitest). */
declare module '*.py?raw' {
  const source: string;
  export default source;
}
