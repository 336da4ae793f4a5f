// Pool-swim lengths, summed up.
import type { SwimLength } from "../api";

export type SwimSummary = {
  lengths: number;
  rests: number;
  distance_m: number | null;
  swimTime_s: number;
  avgLength_s: number | null;
  avgStrokes: number | null;
  /** Active lengths per stroke ("freestyle": 38), most first. */
  strokes: [string, number][];
};

export function swimSummary(lengths: readonly SwimLength[], poolLengthM: number | null): SwimSummary {
  const active = lengths.filter((l) => l.active);
  const swimTime = active.reduce((s, l) => s + (l.elapsed_s ?? 0), 0);
  const withStrokes = active.filter((l) => l.strokes !== null);
  const byStroke = new Map<string, number>();
  for (const l of active) if (l.stroke) byStroke.set(l.stroke, (byStroke.get(l.stroke) ?? 0) + 1);
  return {
    lengths: active.length,
    rests: lengths.length - active.length,
    distance_m: poolLengthM ? active.length * poolLengthM : null,
    swimTime_s: swimTime,
    avgLength_s: active.length > 0 ? swimTime / active.length : null,
    avgStrokes: withStrokes.length > 0 ? withStrokes.reduce((s, l) => s + (l.strokes ?? 0), 0) / withStrokes.length : null,
    strokes: [...byStroke.entries()].sort((a, b) => b[1] - a[1]),
  };
}
