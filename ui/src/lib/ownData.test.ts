import { describe, expect, it } from "vitest";
import { fileName } from "../pages/settings/data/BackupSection";
import { formatMillis, formatRelative, run, unrestorableReason } from "./ownData";

describe("own data helpers", () => {
  const now = new Date("2026-03-15T10:00:00Z");

  it("says how long ago, in the UI language", () => {
    expect(formatRelative("2026-03-15T09:55:00Z", "en", now)).toBe("5 minutes ago");
    expect(formatRelative("2026-03-15T07:00:00Z", "en", now)).toBe("3 hours ago");
    expect(formatRelative("2026-03-14T10:00:00Z", "en", now)).toBe("yesterday");
    expect(formatRelative("2026-03-15T07:00:00Z", "fr", now)).toBe("il y a 3 heures");
    expect(formatRelative("2026-03-15T10:00:00Z", "en", now)).toBe("now");
    expect(formatRelative("not a date", "en", now)).toBe("not a date");
  });

  it("formats durations", () => {
    expect(formatMillis(850, "en")).toBe("850 ms");
    expect(formatMillis(2350, "en")).toBe("2.4 s");
    expect(formatMillis(2350, "fr")).toBe("2,4 s");
  });

  it("tells the files that cannot be restored from other failures", () => {
    expect(unrestorableReason({ code: "invalid_input" })).toBe("invalid_input");
    expect(unrestorableReason({ code: "database_corrupt" })).toBe("database_corrupt");
    expect(unrestorableReason({ code: "database_too_new" })).toBe("database_too_new");
    expect(unrestorableReason({ code: "database_unreadable" })).toBeNull();
    expect(unrestorableReason({ code: "internal" })).toBeNull();
  });

  it("turns a thrown failure or a missing answer into an error", async () => {
    expect(await run(async () => Promise.reject(new Error("no shell")))).toEqual({
      status: "error",
      error: { code: "internal", message: "no shell", field: null },
    });
    expect((await run(async () => undefined as never)).status).toBe("error");
    expect(await run(async () => ({ status: "ok" as const, data: 1 }))).toEqual({ status: "ok", data: 1 });
  });

  it("takes the file name off a path, on Windows too", () => {
    expect(fileName("/home/a/backups/t.tempo-backup")).toBe("t.tempo-backup");
    expect(fileName("C:\\Users\\a\\t.tempo-backup")).toBe("t.tempo-backup");
  });
});
