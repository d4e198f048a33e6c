/** The display switch's settings (schema/notebook-display.json). Pure. */
export interface IDisplaySwitchSettings {
  displayByDefault: boolean;
  autoLoadKernelHook: boolean;
  displayWithNonHttpStores: boolean;
  maxOutputBytes: number;
}

export const DEFAULT_SWITCH_SETTINGS: IDisplaySwitchSettings = {
  displayByDefault: true,
  autoLoadKernelHook: true,
  displayWithNonHttpStores: true,
  maxOutputBytes: 1000000
};

/** Composite settings to typed settings; values of the wrong type keep the default. */
export function readSwitchSettings(
  composite: Record<string, unknown>
): IDisplaySwitchSettings {
  const out: IDisplaySwitchSettings = { ...DEFAULT_SWITCH_SETTINGS };
  for (const key of Object.keys(
    DEFAULT_SWITCH_SETTINGS
  ) as (keyof IDisplaySwitchSettings)[]) {
    const value = composite[key];
    if (typeof value === typeof DEFAULT_SWITCH_SETTINGS[key]) {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
