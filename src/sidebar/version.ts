/**
 * Version of this frontend, compared with the server extension's at start.
 * Kept equal to package.json "version" (a unit test checks it).
 */
export const FRONTEND_VERSION = '0.1.0';
