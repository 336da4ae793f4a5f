import { describe, expect, it } from "vitest";
import { boundsOf, fitBounds, mercator, svgPoints, trackShape } from "./geo";

describe("mercator", () => {
  it("puts (0, 0) in the middle and the corners of the world at the edges", () => {
    expect(mercator(0, 0)).toEqual([0.5, 0.5]);
    const [x1, y1] = mercator(85.05112878, 180);
    expect(x1).toBeCloseTo(1, 9);
    expect(y1).toBeCloseTo(0, 6);
    const [x2, y2] = mercator(-85.05112878, -180);
    expect(x2).toBeCloseTo(0, 9);
    expect(y2).toBeCloseTo(1, 6);
  });

  it("stretches latitudes away from the equator and clamps the poles", () => {
    const near = mercator(10, 0)[1];
    const far = mercator(60, 0)[1];
    // y grows southwards, so north is smaller
    expect(near).toBeLessThan(0.5);
    expect(0.5 - far).toBeGreaterThan(6 * (0.5 - near));
    expect(mercator(90, 0)[1]).toBeCloseTo(mercator(85.05112878, 0)[1], 9);
  });
});

describe("fitBounds", () => {
  it("keeps the aspect ratio and centres the short side", () => {
    const b = { minX: 0, minY: 0, maxX: 2, maxY: 1 };
    const fit = fitBounds(b, 100, 100, 10);
    // width 2 → 80 px, so scale 40; height 1 → 40 px centred in the 80 available
    expect(fit([0, 0])).toEqual([10, 30]);
    expect(fit([2, 1])).toEqual([90, 70]);
    expect(fit([1, 0.5])).toEqual([50, 50]);
  });

  it("centres a single point", () => {
    const fit = fitBounds({ minX: 0.3, minY: 0.3, maxX: 0.3, maxY: 0.3 }, 200, 100, 10);
    expect(fit([0.3, 0.3])).toEqual([100, 50]);
  });

  it("finds the bounds of points", () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([[1, 5], [3, -2], [0, 0]])).toEqual({ minX: 0, minY: -2, maxX: 3, maxY: 5 });
  });
});

describe("trackShape", () => {
  const lat = [45.9, 45.91, 45.92, null, 45.92, 45.91, 45.9];
  const lon = [6.1, 6.11, 6.1, null, 6.09, 6.08, 6.09];

  it("fits the track in the box with north up and breaks the line at a missing fix", () => {
    const s = trackShape(lat, lon, 400, 300, 20)!;
    expect(s.segments).toHaveLength(2);
    for (const seg of s.segments)
      for (const [x, y] of seg) {
        expect(x).toBeGreaterThanOrEqual(20 - 1e-9);
        expect(x).toBeLessThanOrEqual(380 + 1e-9);
        expect(y).toBeGreaterThanOrEqual(20 - 1e-9);
        expect(y).toBeLessThanOrEqual(280 + 1e-9);
      }
    // the northernmost fix (45.92) is at the top edge
    expect(s.pointAt(2)![1]).toBeCloseTo(20, 6);
    expect(s.start).toEqual(s.pointAt(0));
    expect(s.end).toEqual(s.pointAt(6));
    expect(s.pointAt(3)).toBeNull();
  });

  it("drops points closer than the minimum step but keeps each segment's last one", () => {
    const n = 1000;
    const la = Array.from({ length: n }, (_, i) => 45 + i * 1e-6);
    const lo = Array.from({ length: n }, () => 6);
    const s = trackShape(la, lo, 100, 100, 0, 2)!;
    expect(s.segments).toHaveLength(1);
    expect(s.segments[0].length).toBeLessThan(60);
    expect(s.segments[0][s.segments[0].length - 1]).toEqual(s.end);
  });

  it("has no shape without a fix", () => {
    expect(trackShape([null, null], [null, null], 100, 100)).toBeNull();
  });

  it("writes SVG points", () => {
    expect(svgPoints([[1, 2.345], [3.06, 4]])).toBe("1.0,2.3 3.1,4.0");
  });
});
