// The "Add activity" form: a session without a device, typed by the athlete.
// Values are kept as typed; the schema checks them (messages are i18n keys,
// translated with `entryMessageParams`), `formToManualInput` builds the command input.
import { z } from "zod";
import type { Units } from "../bindings";
import { SPORTS, type SportKey } from "./activities/format";
import { NOTES_MAX_CHARS, notesOrNull, type ManualActivityInput } from "./feedback";
import { todayIso } from "./format";
import { isIsoDate } from "./goalForm";
import { KM_PER_MILE } from "./pace";
import { parseNumber } from "./profileForm";
import { parseClock } from "./vdot";

export type EntryFormValues = {
  sport: SportKey;
  date: string;
  time: string;
  duration: string;
  distance: string;
  avg_hr: string;
  max_hr: string;
  name: string;
  description: string;
  rpe: number | null;
  notes: string;
};

export type EntryField = keyof EntryFormValues;

export const HR_RANGE = { min: 25, max: 250 } as const;
export const DAY_S = 24 * 3600;
export const ENTRY_NAME_MAX = 100;

/** Interpolation values of a validation message on a field. */
export function entryMessageParams(field: EntryField): Record<string, string | number> {
  if (field === "avg_hr" || field === "max_hr") return { ...HR_RANGE };
  if (field === "name") return { max: ENTRY_NAME_MAX };
  if (field === "description" || field === "notes") return { max: NOTES_MAX_CHARS };
  return {};
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "HH:MM" of a local time. */
export function clockOf(now: Date): string {
  return `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
}

export function defaultEntryForm(now: Date = new Date()): EntryFormValues {
  return {
    sport: "running",
    date: todayIso(now),
    time: clockOf(now),
    duration: "",
    distance: "",
    avg_hr: "",
    max_hr: "",
    name: "",
    description: "",
    rpe: null,
    notes: "",
  };
}

/** A heart rate: blank is fine (null), otherwise a whole number in range; undefined when refused. */
function checkHr(fail: (f: EntryField, m: string) => void, field: "avg_hr" | "max_hr", text: string): number | null | undefined {
  const n = parseNumber(text);
  if (n === null) return null;
  if (Number.isNaN(n) || !Number.isInteger(n)) {
    fail(field, "validation.integer");
    return undefined;
  }
  if (n < HR_RANGE.min || n > HR_RANGE.max) {
    fail(field, "validation.range");
    return undefined;
  }
  return n;
}

/** `now` decides what "the future" is (tests pin it). */
export function entrySchema(now: () => Date = () => new Date()) {
  const str = z.string();
  return z
    .object({
      sport: z.enum(SPORTS),
      date: str,
      time: str,
      duration: str,
      distance: str,
      avg_hr: str,
      max_hr: str,
      name: str,
      description: str,
      rpe: z.number().int().min(0).max(10).nullable(),
      notes: str,
    })
    .superRefine((v, ctx) => {
      const fail = (field: EntryField, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
      const today = todayIso(now());

      if (v.date.trim() === "") fail("date", "validation.required");
      else if (!isIsoDate(v.date)) fail("date", "validation.date");
      else if (v.date > today) fail("date", "entry.validation.futureDate");

      if (v.time.trim() === "") fail("time", "validation.required");
      else if (!TIME_RE.test(v.time)) fail("time", "entry.validation.time");
      else if (v.date === today && v.time > clockOf(now())) fail("time", "entry.validation.futureTime");

      if (v.duration.trim() === "") fail("duration", "validation.required");
      else {
        const s = parseClock(v.duration);
        if (s === null) fail("duration", "entry.validation.durationFormat");
        else if (s <= 0 || s >= DAY_S) fail("duration", "entry.validation.durationRange");
      }

      const km = parseNumber(v.distance);
      if (km !== null && Number.isNaN(km)) fail("distance", "validation.number");
      else if (km !== null && km < 0) fail("distance", "entry.validation.distanceNegative");

      const avg = checkHr(fail, "avg_hr", v.avg_hr);
      const max = checkHr(fail, "max_hr", v.max_hr);
      if (typeof avg === "number" && typeof max === "number" && max < avg) fail("max_hr", "entry.validation.maxBelowAvg");

      if (v.name.trim().length > ENTRY_NAME_MAX) fail("name", "validation.name_length");
      if (v.description.trim().length > NOTES_MAX_CHARS) fail("description", "feedback.validation.notesLength");
      if (v.notes.trim().length > NOTES_MAX_CHARS) fail("notes", "feedback.validation.notesLength");
    });
}

/**
 * Local time minus UTC, in seconds, at that wall-clock time in this browser's
 * time zone (so a summer session keeps its summer offset).
 */
export function utcOffsetAt(date: string, time: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  // `|| 0` turns JavaScript's -0 (UTC zones) into a plain 0.
  return -new Date(y, m - 1, d, hh, mm).getTimezoneOffset() * 60 || 0;
}

/** The command input of validated form values; distances typed in km or miles per the units setting. */
export function formToManualInput(v: EntryFormValues, units: Units): ManualActivityInput {
  const distance = parseNumber(v.distance);
  const perUnit = units === "imperial" ? KM_PER_MILE * 1000 : 1000;
  const hr = (text: string) => {
    const n = parseNumber(text);
    return n === null || Number.isNaN(n) ? null : n;
  };
  return {
    sport: v.sport,
    start_local: `${v.date}T${v.time}`,
    utc_offset_s: utcOffsetAt(v.date, v.time),
    duration_s: parseClock(v.duration) ?? 0,
    distance_m: distance === null || Number.isNaN(distance) ? null : Math.round(distance * perUnit * 10) / 10,
    avg_hr: hr(v.avg_hr),
    max_hr: hr(v.max_hr),
    name: notesOrNull(v.name),
    description: notesOrNull(v.description),
    rpe: v.rpe,
    notes: notesOrNull(v.notes),
  };
}

/** Where a backend refusal belongs: the input's field names (snake_case) to the form's. */
export function entryFieldOf(field: string | null | undefined): EntryField | null {
  switch (field) {
    case "start_local":
      return "date";
    case "utc_offset_s":
      return "time";
    case "duration_s":
      return "duration";
    case "distance_m":
      return "distance";
    case "sport":
    case "avg_hr":
    case "max_hr":
    case "name":
    case "description":
    case "rpe":
    case "notes":
    case "date":
    case "time":
    case "duration":
    case "distance":
      return field;
    default:
      return null;
  }
}
