export { traceFilePlugin } from './plugin';
