// Drawing a GPS track without map tiles: Web Mercator projection fitted to a box.

const MAX_LAT = 85.05112878;

/** Web Mercator: longitude/latitude (degrees) to [0, 1] × [0, 1], y growing southwards. */
export function mercator(lat: number, lon: number): [number, number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  const x = (lon + 180) / 360;
  const y = (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
  return [x, y];
}

export type Bounds = { minX: number; minY: number; maxX: number; maxY: number };

/** The smallest box holding the points. */
export function boundsOf(points: readonly [number, number][]): Bounds | null {
  if (points.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, minY, maxX, maxY };
}

/**
 * A transform fitting `b` in a width × height box with `pad` on every side,
 * keeping the aspect ratio (one scale for both axes) and centring the short side.
 */
export function fitBounds(b: Bounds, width: number, height: number, pad: number): (p: [number, number]) => [number, number] {
  const w = Math.max(1e-12, b.maxX - b.minX);
  const h = Math.max(1e-12, b.maxY - b.minY);
  const availW = Math.max(1, width - 2 * pad);
  const availH = Math.max(1, height - 2 * pad);
  const flat = b.maxX - b.minX === 0 && b.maxY - b.minY === 0;
  const scale = flat ? 1 : Math.min(availW / w, availH / h);
  const offX = pad + (availW - (b.maxX - b.minX) * scale) / 2;
  const offY = pad + (availH - (b.maxY - b.minY) * scale) / 2;
  return ([x, y]) => [offX + (x - b.minX) * scale, offY + (y - b.minY) * scale];
}

export type TrackShape = {
  /** Polylines in box coordinates; a missing fix breaks the line. */
  segments: [number, number][][];
  start: [number, number];
  end: [number, number];
  /** Box coordinates of sample `i`, or null when it has no fix. */
  pointAt: (i: number) => [number, number] | null;
};

/**
 * The track as polylines in a width × height box. Points closer than `minStep`
 * pixels to the previous kept one are dropped (a 6 h ride has 21,600 fixes; the
 * drawing needs a few thousand at most).
 */
export function trackShape(
  lat: readonly (number | null)[],
  lon: readonly (number | null)[],
  width: number,
  height: number,
  pad = 16,
  minStep = 0.75,
): TrackShape | null {
  const n = Math.min(lat.length, lon.length);
  const projected: ([number, number] | null)[] = new Array(n);
  const valid: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const la = lat[i];
    const lo = lon[i];
    if (la === null || lo === null || la === undefined || lo === undefined || !Number.isFinite(la) || !Number.isFinite(lo)) {
      projected[i] = null;
      continue;
    }
    const p = mercator(la, lo);
    projected[i] = p;
    valid.push(p);
  }
  const b = boundsOf(valid);
  if (!b) return null;
  const fit = fitBounds(b, width, height, pad);
  const segments: [number, number][][] = [];
  let current: [number, number][] | null = null;
  let lastKept: [number, number] | null = null;
  let lastSeen: [number, number] | null = null;
  for (let i = 0; i < n; i++) {
    const p = projected[i];
    if (!p) {
      if (current && lastSeen && lastSeen !== lastKept) current.push(lastSeen);
      current = null;
      lastKept = null;
      lastSeen = null;
      continue;
    }
    const q = fit(p);
    if (!current) {
      current = [q];
      segments.push(current);
      lastKept = q;
    } else if (lastKept && Math.hypot(q[0] - lastKept[0], q[1] - lastKept[1]) >= minStep) {
      current.push(q);
      lastKept = q;
    }
    lastSeen = q;
  }
  if (current && lastSeen && lastSeen !== lastKept) current.push(lastSeen);
  const first = valid[0];
  const last = valid[valid.length - 1];
  return {
    segments,
    start: fit(first),
    end: fit(last),
    pointAt: (i) => {
      const p = projected[i];
      return p ? fit(p) : null;
    },
  };
}

/** An SVG `points` attribute. */
export function svgPoints(seg: readonly [number, number][]): string {
  return seg.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
}
