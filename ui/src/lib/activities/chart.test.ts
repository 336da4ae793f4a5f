import { describe, expect, it, vi } from "vitest";
import { activityStreams } from "../../test/fixtures";
import {
  availableChannels,
  buildPlotData,
  createCursorStore,
  createZoomGroup,
  hasDistance,
  robustRange,
  sampleAt,
  speedValue,
  type Zoomable,
} from "./chart";

describe("stream → chart data", () => {
  it("offers a chart only for the channels with values", () => {
    expect(availableChannels(activityStreams)).toEqual(["heart_rate", "speed", "altitude"]);
    expect(availableChannels({ ...activityStreams, power: [null, null, null, null, null, null, null] })).not.toContain("power");
    expect(hasDistance(activityStreams)).toBe(true);
    expect(hasDistance({ ...activityStreams, distance: null })).toBe(false);
  });

  it("keeps missing values as null and breaks every line at a pause", () => {
    const d = buildPlotData(activityStreams, "time", ["heart_rate", "altitude"], "cycling");
    // one extra empty row between t=3 and t=10
    expect(d.x).toEqual([0, 1, 2, 3, 4, 10, 11, 12]);
    expect(d.series.heart_rate).toEqual([120, 125, null, 130, null, 128, 131, 133]);
    expect(d.series.altitude).toEqual([450, 451, 452, 453, null, 452, 451, 450]);
    expect(d.sample).toEqual([0, 1, 2, 3, -1, 4, 5, 6]);
    expect(sampleAt(d, 4)).toBeNull();
    expect(sampleAt(d, 5)).toBe(4);
    expect(sampleAt(d, null)).toBeNull();
  });

  it("plots against distance in km, never going backwards", () => {
    const s = { ...activityStreams, distance: [0, 500, null, 400, 1500, 2000, 2500] };
    const d = buildPlotData(s, "distance", ["heart_rate"], "running");
    expect(d.x).toEqual([0, 0.5, 0.5, 0.5, 1.5, 2, 2.5]);
    // the sample without a distance is left out; the pause row sits at the last distance
    expect(d.sample).toEqual([0, 1, 3, -1, 4, 5, 6]);
    expect(d.series.heart_rate).toEqual([120, 125, 130, null, 128, 131, 133]);
  });

  it("turns speed into pace (s/km) for running, with a gap when nearly standing", () => {
    const d = buildPlotData(activityStreams, "time", ["speed"], "running");
    expect(d.series.speed![0]).toBeCloseTo(333.33, 1);
    expect(d.series.speed![5]).toBeNull(); // 0.2 m/s
    expect(speedValue(10, "speed", "metric")).toBe(36);
    expect(speedValue(null, "pace", "metric")).toBeNull();
    expect(speedValue(1, "pace100", "metric")).toBe(100);
  });

  it("keeps speed in km/h for cycling and converts altitude to feet in imperial", () => {
    const d = buildPlotData(activityStreams, "time", ["speed", "altitude"], "cycling", "imperial");
    expect(d.series.speed![0]).toBeCloseTo(6.71, 2);
    expect(d.series.altitude![0]).toBeCloseTo(1476.4, 1);
  });

  it("handles an empty stream", () => {
    const d = buildPlotData({ ...activityStreams, time_s: [], heart_rate: [] }, "time", ["heart_rate"], "running");
    expect(d).toEqual({ x: [], series: { heart_rate: [] }, sample: [] });
  });
});

describe("robustRange", () => {
  it("ignores the extremes and pads", () => {
    const v = [...Array.from({ length: 98 }, (_, i) => 100 + i), 5000, null];
    const [lo, hi] = robustRange(v, 0.02, 0.98)!;
    expect(hi).toBeLessThan(300);
    expect(lo).toBeLessThan(102);
    expect(robustRange([null])).toBeNull();
    expect(robustRange([5, 5])).toEqual([4.75, 5.25]);
  });
});

function fakePlot(): Zoomable & { setScale: ReturnType<typeof vi.fn> } {
  const p = {
    scales: { x: { min: 0, max: 100 } } as Zoomable["scales"],
    setScale: vi.fn((key: string, lim: { min: number; max: number }) => {
      p.scales[key] = { ...lim };
      group.changed(p); // as uPlot's setScale hook does
    }),
  };
  return p;
}
let group: ReturnType<typeof createZoomGroup>;

describe("zoom group", () => {
  it("gives every chart the zoomed chart's x range, then resets them all", () => {
    const onZoomed = vi.fn();
    group = createZoomGroup(() => [0, 100], onZoomed);
    const [a, b, c] = [fakePlot(), fakePlot(), fakePlot()];
    for (const p of [a, b, c]) group.add(p);
    // the user drags on `a`: uPlot sets its scale then calls the hook
    a.scales.x = { min: 20, max: 40 };
    group.changed(a);
    expect(b.setScale).toHaveBeenCalledWith("x", { min: 20, max: 40 });
    expect(c.setScale).toHaveBeenCalledWith("x", { min: 20, max: 40 });
    expect(a.setScale).not.toHaveBeenCalled();
    expect(onZoomed).toHaveBeenLastCalledWith(true);
    // no ping-pong: each was set once
    expect(b.setScale).toHaveBeenCalledTimes(1);

    group.reset();
    for (const p of [a, b, c]) expect(p.scales.x).toEqual({ min: 0, max: 100 });
    expect(onZoomed).toHaveBeenLastCalledWith(false);

    group.remove(c);
    a.scales.x = { min: 1, max: 2 };
    group.changed(a);
    expect(c.scales.x).toEqual({ min: 0, max: 100 });
    expect(group.size()).toBe(2);
  });
});

describe("cursor store", () => {
  it("notifies on change only", () => {
    const s = createCursorStore();
    const l = vi.fn();
    const off = s.subscribe(l);
    s.set(3);
    s.set(3);
    expect(l).toHaveBeenCalledTimes(1);
    expect(s.get()).toBe(3);
    off();
    s.set(4);
    expect(l).toHaveBeenCalledTimes(1);
  });
});
