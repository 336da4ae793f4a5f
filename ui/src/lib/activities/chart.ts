// Turning an activity's 1 Hz streams into chart data (one x column shared by every chart).
import type { Units } from "../../bindings";
import type { Streams } from "../api";
import { KM_PER_MILE } from "../pace";
import { paceSeconds, speedKind, type SpeedKind } from "./format";

export const CHART_CHANNELS = ["heart_rate", "speed", "power", "cadence", "altitude"] as const;
export type ChartChannel = (typeof CHART_CHANNELS)[number];
export type XMode = "time" | "distance";

type Column = readonly (number | null)[] | null | undefined;

function hasValues(col: Column): boolean {
  return !!col && col.some((v) => v !== null && v !== undefined && Number.isFinite(v));
}

/** The channels worth a chart: present with at least one value. */
export function availableChannels(s: Streams): ChartChannel[] {
  return CHART_CHANNELS.filter((c) => hasValues(s[c]));
}

/** Whether the distance axis can be offered. */
export function hasDistance(s: Streams): boolean {
  return hasValues(s.distance);
}

/** Below these speeds a pace would be endless: the chart shows a gap instead. */
const MIN_PACE_SPEED: Record<SpeedKind, number> = { pace: 0.5, pace100: 0.2, pace500: 0.5, speed: 0 };

/** The per-unit distance (m) of a pace, for the athlete's units. */
function paceUnit(kind: SpeedKind, units: Units): number {
  if (kind === "pace100") return 100;
  if (kind === "pace500") return 500;
  return units === "imperial" ? 1000 * KM_PER_MILE : 1000;
}

/** A speed sample as the chart plots it: a pace in seconds per unit, or a speed in km/h (mph). */
export function speedValue(mps: number | null, kind: SpeedKind, units: Units): number | null {
  if (mps === null || mps === undefined || !Number.isFinite(mps)) return null;
  if (kind === "speed") return units === "imperial" ? (mps * 3.6) / KM_PER_MILE : mps * 3.6;
  if (mps < MIN_PACE_SPEED[kind]) return null;
  return paceSeconds(mps, paceUnit(kind, units));
}

export type PlotData = {
  /** Seconds since the start, or distance in km (mi). */
  x: number[];
  series: Partial<Record<ChartChannel, (number | null)[]>>;
  /** The stream sample behind each row; -1 for the empty rows that break the lines at pauses. */
  sample: number[];
};

/**
 * Chart rows for the given channels. A pause (a jump in `time_s`) gets an
 * all-null row so every line breaks there; missing values stay null (gaps). On
 * the distance axis, samples without a distance are left out and the axis never
 * goes backwards.
 */
export function buildPlotData(
  s: Streams,
  mode: XMode,
  channels: readonly ChartChannel[],
  sport: string,
  units: Units = "metric",
): PlotData {
  const kind = speedKind(sport);
  const n = s.time_s.length;
  const x: number[] = [];
  const sample: number[] = [];
  const series: Partial<Record<ChartChannel, (number | null)[]>> = {};
  for (const c of channels) series[c] = [];
  const dist = s.distance ?? null;
  const distScale = units === "imperial" ? 1 / (1000 * KM_PER_MILE) : 1 / 1000;
  const altScale = units === "imperial" ? 3.280839895 : 1;
  let maxDist = -Infinity;
  let prevTime: number | null = null;
  let prevX: number | null = null;

  const pushGap = (gx: number) => {
    x.push(gx);
    sample.push(-1);
    for (const c of channels) series[c]!.push(null);
  };

  for (let i = 0; i < n; i++) {
    const t = s.time_s[i];
    let xv: number;
    if (mode === "time") {
      xv = t;
    } else {
      const d = dist?.[i];
      if (d === null || d === undefined || !Number.isFinite(d)) {
        prevTime = t;
        continue;
      }
      maxDist = Math.max(maxDist, d * distScale);
      xv = maxDist;
    }
    if (prevTime !== null && prevX !== null && t - prevTime > 1) {
      pushGap(mode === "time" ? prevTime + 1 : prevX);
    }
    x.push(xv);
    sample.push(i);
    for (const c of channels) {
      const raw = s[c]?.[i] ?? null;
      let v: number | null;
      if (c === "speed") v = speedValue(raw, kind, units);
      else if (raw === null || !Number.isFinite(raw)) v = null;
      else if (c === "altitude") v = raw * altScale;
      else v = raw;
      series[c]!.push(v);
    }
    prevTime = t;
    prevX = xv;
  }
  return { x, series, sample };
}

/** The stream sample under a chart row (the cursor), or null on a pause row. */
export function sampleAt(data: PlotData, row: number | null | undefined): number | null {
  if (row === null || row === undefined || row < 0 || row >= data.sample.length) return null;
  const s = data.sample[row];
  return s >= 0 ? s : null;
}

/**
 * A y range that ignores the few extreme samples (a GPS glitch, a pace while
 * walking through a feed zone): the 1st to 99th percentile, padded by 5%.
 */
export function robustRange(values: readonly (number | null)[], lo = 0.01, hi = 0.99): [number, number] | null {
  const v: number[] = [];
  for (const x of values) if (x !== null && x !== undefined && Number.isFinite(x)) v.push(x);
  if (v.length === 0) return null;
  v.sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
  let min = at(lo);
  let max = at(hi);
  if (max - min < 1e-9) {
    const d = Math.abs(min) * 0.05 || 1;
    return [min - d, max + d];
  }
  const pad = (max - min) * 0.05;
  min -= pad;
  max += pad;
  return [min, max];
}

/** What the zoom group needs of a chart (a uPlot instance satisfies it). */
export type Zoomable = {
  scales: { [key: string]: { min?: number | null; max?: number | null } | undefined };
  setScale: (key: string, limits: { min: number; max: number }) => void;
};

/**
 * Keeps the x range of several charts equal: zooming one zooms the others. uPlot's
 * cursor sync shares the crosshair only, not the scales.
 */
export function createZoomGroup(full: () => [number, number] | null, onZoomed: (zoomed: boolean) => void = () => {}) {
  const members = new Set<Zoomable>();
  let syncing = false;
  const zoomedOf = (min: number, max: number) => {
    const f = full();
    if (!f) return false;
    const span = f[1] - f[0];
    return min > f[0] + span * 1e-6 || max < f[1] - span * 1e-6;
  };
  return {
    add(m: Zoomable) {
      members.add(m);
    },
    remove(m: Zoomable) {
      members.delete(m);
    },
    size: () => members.size,
    /** Called from a chart's setScale hook: gives the others its x range. */
    changed(from: Zoomable) {
      if (syncing) return;
      const x = from.scales.x;
      const min = x?.min;
      const max = x?.max;
      if (min === null || min === undefined || max === null || max === undefined) return;
      syncing = true;
      try {
        for (const m of members) {
          if (m === from) continue;
          if (m.scales.x?.min === min && m.scales.x?.max === max) continue;
          m.setScale("x", { min, max });
        }
      } finally {
        syncing = false;
      }
      onZoomed(zoomedOf(min, max));
    },
    /** Back to the whole activity on every chart. */
    reset() {
      const f = full();
      if (!f) return;
      syncing = true;
      try {
        for (const m of members) m.setScale("x", { min: f[0], max: f[1] });
      } finally {
        syncing = false;
      }
      onZoomed(false);
    },
  };
}
export type ZoomGroup = ReturnType<typeof createZoomGroup>;

/** A value shared by the charts and the map: the stream sample under the cursor. */
export function createCursorStore() {
  let current: number | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(v: number | null) {
      if (v === current) return;
      current = v;
      for (const l of listeners) l();
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
  };
}
export type CursorStore = ReturnType<typeof createCursorStore>;
