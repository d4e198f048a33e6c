/**
 * The user's viewer settings. Read by one plugin (the renderers plugin) and
 * handed out as frozen snapshots through ITraceServices.
 */
export interface IViewerSettings {
  trackingUri: string;
  replaceMlflowIframe: boolean;
  autoFetchReferences: boolean;
  viewerHeight: number;
  defaultExpandDepth: number;
}

export const DEFAULT_SETTINGS: IViewerSettings = {
  trackingUri: '',
  replaceMlflowIframe: true,
  autoFetchReferences: true,
  viewerHeight: 420,
  defaultExpandDepth: 2
};

/** Composite settings → typed settings, ignoring values of the wrong type. */
export function readSettings(composite: {
  [key: string]: unknown;
}): IViewerSettings {
  const out: IViewerSettings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(
    DEFAULT_SETTINGS
  ) as (keyof IViewerSettings)[]) {
    const value = composite[key];
    if (typeof value === typeof DEFAULT_SETTINGS[key]) {
      (out as any)[key] = value;
    }
  }
  // "  http://host " in the editor means http://host.
  out.trackingUri = out.trackingUri.trim();
  return out;
}
