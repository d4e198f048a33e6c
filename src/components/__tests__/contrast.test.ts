/**
 * The minimap's shade floor (timeline/contrast.ts): WCAG contrast ratios and
 * the least opacity at which a theme's brand colour stands out at 3:1 from
 * its background. Colours are the values of JupyterLab 4's themes.
 */
import { describe, expect, it } from 'vitest';
import {
  blend,
  contrastRatio,
  minAlphaForContrast,
  Rgb
} from '../timeline/contrast';

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const DARK_BG: Rgb = [0x11, 0x11, 0x11]; // --jp-layout-color0, dark and high contrast
const THEMES: [string, Rgb, Rgb][] = [
  ['light', [0x19, 0x76, 0xd2], WHITE], // --md-blue-700
  ['dark', [0x21, 0x96, 0xf3], DARK_BG], // --md-blue-500
  ['dark high contrast', [0x31, 0x9b, 0xf2], DARK_BG]
];

describe('contrastRatio', () => {
  it('is 21 for black on white, 1 for a colour on itself, either order', () => {
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 5);
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 5);
    expect(contrastRatio(DARK_BG, DARK_BG)).toBe(1);
  });

  it("gives JupyterLab's light brand colour on white 4.6", () => {
    expect(contrastRatio([0x19, 0x76, 0xd2], WHITE)).toBeCloseTo(4.6, 1);
  });
});

describe('minAlphaForContrast', () => {
  it.each(THEMES)(
    '%s: the least opacity that reaches 3:1 and no less',
    (_, brand, bg) => {
      const a = minAlphaForContrast(brand, bg, 3);
      expect(a).toBeGreaterThan(0);
      expect(a).toBeLessThan(1);
      expect(contrastRatio(blend(brand, bg, a), bg)).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(blend(brand, bg, a - 0.01), bg)).toBeLessThan(3);
    }
  );

  it('is 1 when even the full colour falls short', () => {
    expect(minAlphaForContrast([0xee, 0xee, 0xee], WHITE, 3)).toBe(1);
  });
});
