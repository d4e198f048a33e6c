/**
 * The sidebar's own settings (schema/sidebar.json) as the plugin uses them:
 * read from the registry's composite, out-of-range values brought in range.
 */
export interface ISidebarSettings {
  followNotebook: boolean;
  pageSize: number;
  groupBySession: boolean;
}

export const DEFAULT_SIDEBAR_SETTINGS: ISidebarSettings = {
  followNotebook: true,
  pageSize: 100,
  groupBySession: false
};

export function readSidebarSettings(
  composite: Record<string, unknown>
): ISidebarSettings {
  const out = { ...DEFAULT_SIDEBAR_SETTINGS };
  if (typeof composite.followNotebook === 'boolean') {
    out.followNotebook = composite.followNotebook;
  }
  if (typeof composite.groupBySession === 'boolean') {
    out.groupBySession = composite.groupBySession;
  }
  if (
    typeof composite.pageSize === 'number' &&
    Number.isFinite(composite.pageSize)
  ) {
    out.pageSize = Math.max(10, Math.min(500, Math.round(composite.pageSize)));
  }
  return out;
}
