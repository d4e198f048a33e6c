/** Host rules for traces an output names by URL. Pure functions. */

/** `scheme://host:port` of an http(s) URL, or null. */
export function originOf(uri: string | undefined | null): string | null {
  if (!uri) {
    return null;
  }
  try {
    const url = new URL(uri);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return null;
    }
    return url.origin;
  } catch {
    return null;
  }
}

/** `localhost` and `127.0.0.1` name the same server for the purpose of consent. */
function canonicalOrigin(origin: string): string {
  return origin
    .replace('://localhost', '://127.0.0.1')
    .replace('://[::1]', '://127.0.0.1');
}

/**
 * May traces named by an output be fetched from the configured server without
 * asking? Only when the output names no host, or names the configured one.
 */
export function isConfiguredHost(
  outputTrackingUri: string | undefined,
  configuredTrackingUri: string
): boolean {
  if (!outputTrackingUri) {
    return true;
  }
  const a = originOf(outputTrackingUri);
  const b = originOf(configuredTrackingUri);
  return a !== null && b !== null && canonicalOrigin(a) === canonicalOrigin(b);
}

/**
 * The output's origin when the server configuration allows a one-shot fetch
 * from it (`status.allowed_tracking_uris`, matched by origin: case-insensitive
 * scheme and host, default ports), else null.
 */
export function allowedOrigin(
  outputTrackingUri: string | undefined,
  allowedTrackingUris: readonly string[] | undefined
): string | null {
  const origin = originOf(outputTrackingUri);
  if (!origin || !allowedTrackingUris) {
    return null;
  }
  return allowedTrackingUris.some(entry => originOf(entry) === origin)
    ? origin
    : null;
}

/**
 * How a host named by an output is shown (text only): its origin for http(s),
 * else the base as written (e.g. a relative path), without credentials.
 */
export function hostLabel(outputTrackingUri: string): string {
  return originOf(outputTrackingUri) ?? outputTrackingUri;
}
