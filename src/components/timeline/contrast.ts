/**
 * WCAG contrast for the minimap's canvas: the faintest shade of a span must
 * still stand out from the minimap's background at the contrast WCAG asks of
 * graphics (3:1), in every theme (light, dark, high contrast), so the shade
 * scale starts where that holds.
 */

/** An opaque sRGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/** WCAG 2 relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two opaque colours (1 to 21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `fg` painted at `alpha` over `bg`. */
export function blend(fg: Rgb, bg: Rgb, alpha: number): Rgb {
  const mix = (f: number, b: number) => Math.round(f * alpha + b * (1 - alpha));
  return [mix(fg[0], bg[0]), mix(fg[1], bg[1]), mix(fg[2], bg[2])];
}

/**
 * The least opacity (in steps of 1/100) at which `fg` over `bg` reaches
 * `ratio`; 1 when even the full colour does not.
 */
export function minAlphaForContrast(fg: Rgb, bg: Rgb, ratio: number): number {
  for (let a = 0; a <= 100; a++) {
    if (contrastRatio(blend(fg, bg, a / 100), bg) >= ratio) {
      return a / 100;
    }
  }
  return 1;
}

/**
 * A CSS colour as sRGB, through a 2D context (which parses any CSS colour
 * syntax); null when it is not one or is not opaque.
 */
export function parseColor(
  ctx: CanvasRenderingContext2D,
  css: string
): Rgb | null {
  ctx.fillStyle = '#010203';
  ctx.fillStyle = css;
  const v = String(ctx.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  if (v === '#010203' && css.trim().toLowerCase() !== '#010203') {
    return null; // not a colour: the assignment was ignored
  }
  return hex
    ? [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)]
    : null; // canvas writes opaque colours as #rrggbb, others as rgba()
}
