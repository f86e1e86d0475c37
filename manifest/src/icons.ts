import { encodePng, type Rgba } from './png';

/**
 * The Pathways mark: three agencies (nodes) joined by one route, drawn in code
 * so the icons can be regenerated and reviewed as text. Teams asks for a
 * 192x192 colour icon (symbol inside the central 120x120) and a 32x32 outline
 * icon that is white on a transparent background.
 */
export const ACCENT = { hex: '#0F6C74', rgb: [0x0f, 0x6c, 0x74] as const };

interface Mark {
  /** Node centres in unit coordinates (0..1). */
  nodes: readonly (readonly [number, number])[];
  nodeRadius: number;
  lineHalfWidth: number;
}

// Fits inside the 120/192 safe area of the colour icon.
const COLOUR_MARK: Mark = {
  nodes: [
    [0.28, 0.7],
    [0.46, 0.44],
    [0.72, 0.3],
  ],
  nodeRadius: 0.075,
  lineHalfWidth: 0.028,
};

// The outline icon is tiny: use the whole square and heavier strokes.
const OUTLINE_MARK: Mark = {
  nodes: [
    [0.2, 0.78],
    [0.43, 0.43],
    [0.8, 0.22],
  ],
  nodeRadius: 0.12,
  lineHalfWidth: 0.05,
};

function distanceToSegment(
  px: number,
  py: number,
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inside(mark: Mark, x: number, y: number): boolean {
  for (const [nx, ny] of mark.nodes) {
    if (Math.hypot(x - nx, y - ny) <= mark.nodeRadius) return true;
  }
  for (let i = 1; i < mark.nodes.length; i++) {
    const a = mark.nodes[i - 1] as readonly [number, number];
    const b = mark.nodes[i] as readonly [number, number];
    if (distanceToSegment(x, y, a, b) <= mark.lineHalfWidth) return true;
  }
  return false;
}

/** Fraction of the pixel (4x4 supersampled) covered by the mark. */
function coverage(mark: Mark, size: number, px: number, py: number): number {
  const samples = 4;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const x = (px + (sx + 0.5) / samples) / size;
      const y = (py + (sy + 0.5) / samples) / size;
      if (inside(mark, x, y)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** White mark on the accent colour, full bleed. */
export function renderColourIcon(size = 192): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  const [r, g, b] = ACCENT.rgb;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(COLOUR_MARK, size, x, y);
      const i = (y * size + x) * 4;
      pixels[i] = Math.round(r + (255 - r) * c);
      pixels[i + 1] = Math.round(g + (255 - g) * c);
      pixels[i + 2] = Math.round(b + (255 - b) * c);
      pixels[i + 3] = 255;
    }
  }
  return { width: size, height: size, pixels };
}

/** White mark on transparent: only the alpha channel varies. */
export function renderOutlineIcon(size = 32): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      pixels[i] = 255;
      pixels[i + 1] = 255;
      pixels[i + 2] = 255;
      pixels[i + 3] = Math.round(255 * coverage(OUTLINE_MARK, size, x, y));
    }
  }
  return { width: size, height: size, pixels };
}

/** Accent-coloured heavy mark on transparent, for Outlook ribbon buttons (16, 32, 80). */
export function renderRibbonIcon(size: number): Rgba {
  const pixels = new Uint8Array(size * size * 4);
  const [r, g, b] = ACCENT.rgb;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      pixels[i] = r;
      pixels[i + 1] = g;
      pixels[i + 2] = b;
      pixels[i + 3] = Math.round(255 * coverage(OUTLINE_MARK, size, x, y));
    }
  }
  return { width: size, height: size, pixels };
}

/** The files `npm run icons -w manifest` writes, relative to manifest/. */
export function iconFiles(): Record<string, Buffer> {
  return {
    'appPackage/color.png': encodePng(renderColourIcon(192)),
    'appPackage/outline.png': encodePng(renderOutlineIcon(32)),
    // Outlook ribbon button icons (served by the service at /outlook/assets/).
    'build/outlook-assets/icon-16.png': encodePng(renderRibbonIcon(16)),
    'build/outlook-assets/icon-32.png': encodePng(renderRibbonIcon(32)),
    'build/outlook-assets/icon-80.png': encodePng(renderRibbonIcon(80)),
  };
}
