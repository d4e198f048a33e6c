import { describe, expect, it } from 'vitest';

import * as fs from 'fs';
import * as path from 'path';

import { DEFAULT_SWITCH_SETTINGS, readSwitchSettings } from '../settings';

const SCHEMA = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'schema', 'notebook-display.json'),
    'utf-8'
  )
);

describe('display switch settings', () => {
  it('the schema defaults are the code defaults', () => {
    const defaults = Object.fromEntries(
      Object.entries(SCHEMA.properties).map(([key, spec]) => [
        key,
        (spec as any).default
      ])
    );
    expect(defaults).toEqual(DEFAULT_SWITCH_SETTINGS);
  });

  it('declares the toolbar item so users can move or hide it', () => {
    expect(SCHEMA['jupyter.lab.toolbars'].Notebook).toEqual([
      { name: 'mlflow-trace-display', rank: 50 }
    ]);
  });

  it('keeps defaults for values of the wrong type', () => {
    expect(
      readSwitchSettings({
        displayByDefault: false,
        maxOutputBytes: 'big',
        autoLoadKernelHook: 1
      })
    ).toEqual({ ...DEFAULT_SWITCH_SETTINGS, displayByDefault: false });
  });
});
