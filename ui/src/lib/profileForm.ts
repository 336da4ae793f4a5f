import { z } from "zod";
import type { MeasureKey, Sex } from "../bindings";
import { measureOf, type Profile as ProfileDto, type ProfileUpdate as ProfileInput } from "./api";
import { formatPace, parsePace } from "./pace";
import { todayIso } from "./format";

/** Every form field is kept as the text the athlete typed; the schema parses it. */
export type ProfileFormValues = {
  name: string;
  sex: "" | Sex;
  birth_year: string;
  weight_kg: string;
  height_cm: string;
  max_hr: string;
  resting_hr: string;
  lthr: string;
  ftp_w: string;
  threshold_pace_s_per_km: string;
  vma_kmh: string;
  effective: string;
};

export type ProfileField = keyof ProfileFormValues;

export const PROFILE_FIELDS: ProfileField[] = [
  "name",
  "sex",
  "birth_year",
  "weight_kg",
  "height_cm",
  "max_hr",
  "resting_hr",
  "lthr",
  "ftp_w",
  "threshold_pace_s_per_km",
  "vma_kmh",
  "effective",
];

/** The suffix used in data-testid attributes (profile-<id>, profile-error-<id>, profile-since-<id>). */
export const FIELD_TEST_ID: Record<ProfileField, string> = {
  name: "name",
  sex: "sex",
  birth_year: "birth-year",
  weight_kg: "weight",
  height_cm: "height",
  max_hr: "max-hr",
  resting_hr: "resting-hr",
  lthr: "lthr",
  ftp_w: "ftp",
  threshold_pace_s_per_km: "threshold-pace",
  vma_kmh: "vma",
  effective: "effective",
};

export const MEASURE_KEYS: MeasureKey[] = [
  "weight_kg",
  "height_cm",
  "max_hr",
  "resting_hr",
  "lthr",
  "ftp_w",
  "threshold_pace_s_per_km",
  "vma_kmh",
];

/** Plausible ranges, mirroring tempo-domain's `Measure::range` (inclusive). */
export const MEASURE_RANGES: Record<MeasureKey, { min: number; max: number }> = {
  weight_kg: { min: 25, max: 250 },
  height_cm: { min: 100, max: 250 },
  max_hr: { min: 100, max: 240 },
  resting_hr: { min: 25, max: 120 },
  lthr: { min: 80, max: 230 },
  ftp_w: { min: 30, max: 600 },
  threshold_pace_s_per_km: { min: 150, max: 900 },
  vma_kmh: { min: 6, max: 27 },
};

export const NAME_MAX_CHARS = 100;
export const BIRTH_YEAR_MIN = 1900;
export const birthYearMax = (now: Date = new Date()) => now.getFullYear() - 5;

export function isProfileField(field: string | null | undefined): field is ProfileField {
  return !!field && (PROFILE_FIELDS as string[]).includes(field);
}

/** Interpolation values for a validation message key on a field. */
export function messageParams(field: ProfileField): Record<string, string | number> {
  if (field === "birth_year") return { min: BIRTH_YEAR_MIN, max: birthYearMax() };
  if (field === "name") return { max: NAME_MAX_CHARS };
  if (field === "threshold_pace_s_per_km") {
    const r = MEASURE_RANGES.threshold_pace_s_per_km;
    return { min: formatPace(r.min), max: formatPace(r.max) };
  }
  if ((MEASURE_KEYS as string[]).includes(field)) {
    const r = MEASURE_RANGES[field as MeasureKey];
    return { min: r.min, max: r.max };
  }
  return {};
}

/** "72,5" and "72.5" both read as 72.5; blank is null; anything else is NaN. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  if (!/^[+-]?\d+([.,]\d+)?$/.test(t)) return Number.NaN;
  return Number(t.replace(",", "."));
}

function parseMeasure(key: MeasureKey, text: string): number | null {
  if (key === "threshold_pace_s_per_km") {
    if (text.trim() === "") return null;
    return parsePace(text) ?? Number.NaN;
  }
  return parseNumber(text);
}

/**
 * Builds the zod schema. Messages are i18n keys (`validation.*`), translated at
 * render time with `messageParams(field)`. `current` is the saved profile: a blank
 * max HR means "unchanged", so the cross-field checks fall back to it.
 */
export function profileSchema(current: ProfileDto | null) {
  const str = z.string();
  return z
    .object({
      name: str,
      sex: z.enum(["", "female", "male"]),
      birth_year: str,
      weight_kg: str,
      height_cm: str,
      max_hr: str,
      resting_hr: str,
      lthr: str,
      ftp_w: str,
      threshold_pace_s_per_km: str,
      vma_kmh: str,
      effective: str,
    })
    .superRefine((v, ctx) => {
      const fail = (path: ProfileField, message: string) =>
        ctx.addIssue({ code: "custom", path: [path], message });

      const name = v.name.trim();
      if (name.length > NAME_MAX_CHARS) fail("name", "validation.name_length");

      const by = parseNumber(v.birth_year);
      if (by !== null) {
        if (!Number.isInteger(by)) fail("birth_year", "validation.integer");
        else if (by < BIRTH_YEAR_MIN || by > birthYearMax()) fail("birth_year", "validation.range");
      }

      const values: Partial<Record<MeasureKey, number>> = {};
      for (const key of MEASURE_KEYS) {
        const n = parseMeasure(key, v[key]);
        if (n === null) continue;
        if (Number.isNaN(n)) {
          fail(key, key === "threshold_pace_s_per_km" ? "validation.pace_format" : "validation.number");
          continue;
        }
        const r = MEASURE_RANGES[key];
        if (n < r.min || n > r.max) {
          fail(key, key === "threshold_pace_s_per_km" ? "validation.pace_range" : "validation.range");
          continue;
        }
        values[key] = n;
      }

      const maxHrOk = v.max_hr.trim() === "" || values.max_hr !== undefined;
      const maxHr = v.max_hr.trim() === "" ? measureOf(current, "max_hr")?.value : values.max_hr;
      if (maxHrOk && maxHr !== undefined) {
        if (values.resting_hr !== undefined && values.resting_hr >= maxHr)
          fail("resting_hr", "validation.resting_below_max");
        if (values.lthr !== undefined && values.lthr >= maxHr) fail("lthr", "validation.lthr_below_max");
      }

      if (v.effective.trim() !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(v.effective.trim()))
        fail("effective", "validation.date");
    });
}

/** The form's initial values from the saved profile. */
export function profileToForm(p: ProfileDto | null, today: string = todayIso()): ProfileFormValues {
  const num = (key: MeasureKey) => {
    const d = measureOf(p, key);
    return d ? String(d.value) : "";
  };
  const pace = measureOf(p, "threshold_pace_s_per_km");
  return {
    name: p?.name ?? "",
    sex: p?.sex ?? "",
    birth_year: p?.birth_year != null ? String(p.birth_year) : "",
    weight_kg: num("weight_kg"),
    height_cm: num("height_cm"),
    max_hr: num("max_hr"),
    resting_hr: num("resting_hr"),
    lthr: num("lthr"),
    ftp_w: num("ftp_w"),
    threshold_pace_s_per_km: pace ? formatPace(pace.value) : "",
    vma_kmh: num("vma_kmh"),
    effective: today,
  };
}

/**
 * Converts validated form values into the command input. `null` means "leave
 * unchanged": measures equal to the saved value are sent as null so that saving
 * does not add duplicate history entries.
 */
export function formToProfileInput(v: ProfileFormValues, current: ProfileDto | null): ProfileInput {
  const name = v.name.trim();
  const by = parseNumber(v.birth_year);
  const input: ProfileInput = {
    name: name === "" || name === current?.name ? null : name,
    sex: v.sex === "" || v.sex === current?.sex ? null : v.sex,
    birth_year: by === null || by === (current?.birth_year ?? undefined) ? null : by,
    weight_kg: null,
    height_cm: null,
    max_hr: null,
    resting_hr: null,
    lthr: null,
    ftp_w: null,
    threshold_pace_s_per_km: null,
    vma_kmh: null,
    effective: v.effective.trim() === "" ? null : v.effective.trim(),
  };
  for (const key of MEASURE_KEYS) {
    const n = parseMeasure(key, v[key]);
    if (n === null || Number.isNaN(n)) continue;
    const saved = measureOf(current, key)?.value;
    const same =
      saved !== undefined &&
      (key === "threshold_pace_s_per_km" ? Math.round(saved) === n : saved === n);
    input[key] = same ? null : n;
  }
  return input;
}

export function isProfileEmpty(p: ProfileDto | null): boolean {
  if (!p) return true;
  return !p.name && !p.sex && p.birth_year == null && MEASURE_KEYS.every((k) => measureOf(p, k) === null);
}
