import { describe, expect, it } from "vitest";
import { initOwnDataMock, ownDataMock } from "./devMockOwnData";
import type { BackupList, Inbox, PrivacyOverview, ProviderData, RestoreReport } from "./lib/ownData";

describe("dev mock: own your data", () => {
  it("backs up, restores with a safety backup first, and refuses a newer file when asked", () => {
    initOwnDataMock(new URLSearchParams());
    const before = (ownDataMock("list_backups", {}) as BackupList).backups.length;
    ownDataMock("backup_now", {});
    const report = ownDataMock("restore_backup", { path: "/media/usb/x.tempo-backup" }) as RestoreReport;
    expect(report.safety_backup.kind).toBe("pre_restore");
    expect((ownDataMock("list_backups", {}) as BackupList).backups).toHaveLength(before + 2);
    expect(() => ownDataMock("restore_backup", { path: "/tmp/notes.txt" })).toThrow();

    initOwnDataMock(new URLSearchParams("restore=too_new"));
    expect(() => ownDataMock("restore_backup", { path: "/media/usb/x.tempo-backup" })).toThrow(
      expect.objectContaining({ code: "database_too_new" }),
    );
  });

  it("erases a provider and records and revokes consents", () => {
    initOwnDataMock(new URLSearchParams());
    ownDataMock("erase_provider", { provider: "strava_export" });
    expect((ownDataMock("data_providers", {}) as ProviderData[]).map((p) => p.provider)).not.toContain("strava_export");
    ownDataMock("grant_consent", { provider: "openai", fields: ["plan", "bogus"] });
    let overview = ownDataMock("privacy_overview", {}) as PrivacyOverview;
    expect(overview.consents.find((c) => c.provider === "openai")?.fields).toEqual(["plan"]);
    ownDataMock("revoke_consent", { provider: "openai" });
    overview = ownDataMock("privacy_overview", {}) as PrivacyOverview;
    expect(overview.consents.map((c) => c.provider)).toEqual(["anthropic"]);
  });

  it("counts unread reminders and marks them read", () => {
    initOwnDataMock(new URLSearchParams());
    const inbox = ownDataMock("reminders", {}) as Inbox;
    expect(inbox.unread).toBe(2);
    ownDataMock("mark_reminders_read", { ids: inbox.items.map((r) => r.id) });
    expect((ownDataMock("reminders", {}) as Inbox).unread).toBe(0);
    initOwnDataMock(new URLSearchParams("inbox=empty"));
    expect((ownDataMock("reminders", {}) as Inbox).items).toEqual([]);
  });
});
