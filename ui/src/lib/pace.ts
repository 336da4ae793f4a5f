/** Parses "m:ss" (e.g. "4:15") into seconds (255). Returns null when malformed. */
export function parsePace(text: string): number | null {
  const m = /^\s*(\d{1,2}):([0-5]\d)\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Formats seconds (255) as "m:ss" ("4:15"). Fractions are rounded to the second. */
export function formatPace(seconds: number): string {
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, "0")}`;
}

export const KM_PER_MILE = 1.609344;
