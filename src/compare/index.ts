export { comparePlugin } from './plugin';
