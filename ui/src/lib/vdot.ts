// Daniels–Gilbert running formulas (Daniels & Gilbert 1979; Daniels 2014):
// the VDOT a race result implies, and the speed at a fraction of it.

/** Oxygen cost of running at `v` m/min (ml/kg/min). */
export function vo2AtSpeed(vMetersPerMin: number): number {
  return -4.6 + 0.182258 * vMetersPerMin + 0.000104 * vMetersPerMin * vMetersPerMin;
}

/** Fraction of VO2max a runner can hold for `tMin` minutes. */
export function fractionOfMax(tMin: number): number {
  return 0.8 + 0.1894393 * Math.exp(-0.012778 * tMin) + 0.2989558 * Math.exp(-0.1932605 * tMin);
}

/**
 * The VDOT of a race: `distanceM` metres in `timeS` seconds (10 km in 40:00 → 51.9).
 * Null for a distance or time that is not positive.
 */
export function vdotFromRace(distanceM: number, timeS: number): number | null {
  if (!(distanceM > 0) || !(timeS > 0) || !Number.isFinite(distanceM) || !Number.isFinite(timeS)) return null;
  const t = timeS / 60;
  const v = distanceM / t;
  const vdot = vo2AtSpeed(v) / fractionOfMax(t);
  return Number.isFinite(vdot) && vdot > 0 ? vdot : null;
}

/** Rounded to one decimal, as shown (51.94 → 51.9). */
export function roundVdot(vdot: number): number {
  return Math.round(vdot * 10) / 10;
}

/**
 * The speed (m/s) whose oxygen cost is `fraction` of VDOT: Daniels' threshold
 * pace is about 88 % of it. Null when it cannot be solved.
 */
export function speedAtFraction(vdot: number, fraction: number): number | null {
  const vo2 = vdot * fraction;
  // 0.000104 v² + 0.182258 v − (4.6 + vo2) = 0
  const a = 0.000104;
  const b = 0.182258;
  const c = -(4.6 + vo2);
  const disc = b * b - 4 * a * c;
  if (!(disc >= 0)) return null;
  const v = (-b + Math.sqrt(disc)) / (2 * a);
  return v > 0 ? v / 60 : null;
}

/**
 * A clock time typed by the athlete: "h:mm:ss" or "m:ss" (minutes may exceed
 * 59 in the second form: "75:00"). Null when malformed.
 */
export function parseClock(text: string): number | null {
  const s = text.trim();
  let m = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(s);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  m = /^(\d{1,3}):([0-5]\d)$/.exec(s);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  return null;
}

/** Seconds as "h:mm:ss" ("m:ss" under an hour). */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
