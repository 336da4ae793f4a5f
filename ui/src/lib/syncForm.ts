// The connect forms of Settings → Accounts: values as typed, and the zod
// schemas that check them (messages are i18n keys). Parsing trims what the
// providers never have spaces in, so a pasted id or key with a stray space
// still works; a password is sent exactly as typed.
import { z } from "zod";

export type StravaValues = { client_id: string; client_secret: string };
export type IntervalsValues = { athlete_id: string; api_key: string };
export type GarminValues = { username: string; password: string; one_time: boolean };
export type MfaValues = { code: string };

export const stravaSchema = () =>
  z.object({
    client_id: z.string().trim().regex(/^\d+$/, "accounts.strava.errors.clientId"),
    client_secret: z.string().trim().min(1, "accounts.strava.errors.clientSecret"),
  });

/** intervals.icu athlete ids look like "i12345"; "0" means the key's owner. */
export const intervalsSchema = () =>
  z.object({
    athlete_id: z.string().trim().regex(/^(0|i\d+)$/i, "accounts.intervals.errors.athleteId"),
    api_key: z.string().trim().min(1, "accounts.intervals.errors.apiKey"),
  });

export const garminSchema = () =>
  z.object({
    username: z.string().trim().regex(/^[^\s@]+@[^\s@]+$/, "accounts.garmin.errors.username"),
    password: z.string().min(1, "accounts.garmin.errors.password"),
    one_time: z.boolean(),
  });

export const mfaSchema = () =>
  z.object({
    code: z.string().trim().regex(/^\d{4,8}$/, "accounts.garmin.errors.code"),
  });
