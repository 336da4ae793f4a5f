import { Channel } from "@tauri-apps/api/core";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initSyncMock, syncMock } from "./devMockSync";
import type { Account, GarminSignIn, MissingUpstream, SyncProgressMessage, SyncStatus, SyncSummary } from "./lib/sync";

beforeEach(() => {
  mockIPC(() => null);
  initSyncMock(new URLSearchParams(), { stepDelayMs: 0 });
});
afterEach(() => clearMocks());

function channel() {
  const events: SyncProgressMessage[] = [];
  const ch = new Channel<SyncProgressMessage>();
  ch.onmessage = (e) => events.push(e);
  return { ch, events };
}

const list = async () => (await syncMock("accounts_list", {})) as Account[];

describe("dev mock: sync accounts", () => {
  it("starts with Strava connected and the others not, and a missing activity", async () => {
    const accounts = await list();
    expect(accounts.map((a) => [a.provider, a.connected])).toEqual([
      ["strava", true],
      ["intervals_icu", false],
      ["garmin_connect", false],
    ]);
    const status = (await syncMock("sync_status", {})) as SyncStatus;
    expect(status).toMatchObject({ running: false, connected: 1, errors: 0 });
    expect(((await syncMock("sync_missing", { provider: null })) as MissingUpstream[]).length).toBe(1);
    initSyncMock(new URLSearchParams("sync=none"), { stepDelayMs: 0 });
    expect(((await syncMock("sync_status", {})) as SyncStatus).connected).toBe(0);
  });

  it("syncs with progress on the channel (with Strava's rate-limit wait), then updates the account", async () => {
    const { ch, events } = channel();
    const before = (await list())[0].activities;
    const [summary] = (await syncMock("sync_now", { provider: "strava", onProgress: ch })) as SyncSummary[];
    expect(events[0].phase).toBe("listing");
    expect(events.some((e) => e.phase === "waiting" && e.waiting_until)).toBe(true);
    const fetching = events.filter((e) => e.phase === "fetching");
    expect(fetching.at(-1)).toMatchObject({ fetched: 8, total: 8 });
    expect(events.at(-1)?.phase).toBe("done");
    expect(summary).toMatchObject({ provider: "strava", cancelled: false, imported: 7, merged: 1 });
    expect((await list())[0].activities).toBe(before + 8);
    expect(((await syncMock("sync_status", {})) as SyncStatus).running).toBe(false);
  });

  it("refuses a second sync, and stops one when cancelled", async () => {
    const { ch } = channel();
    const first = syncMock("sync_now", { provider: null, onProgress: ch }) as Promise<SyncSummary[]>;
    await expect(syncMock("sync_now", { provider: "strava", onProgress: ch })).rejects.toMatchObject({ code: "busy" });
    expect(((await syncMock("sync_status", {})) as SyncStatus).running).toBe(true);
    expect(await syncMock("sync_cancel", {})).toBe(true);
    const [summary] = await first;
    expect(summary.cancelled).toBe(true);
    expect(await syncMock("sync_cancel", {})).toBe(false);
  });

  it("connects intervals.icu and Garmin (with a code), checks input, and disconnects keeping the activities", async () => {
    await expect(syncMock("account_connect_intervals", { input: { athlete_id: "12", api_key: "k" } })).rejects.toMatchObject({
      code: "invalid_input",
      field: "athlete_id",
    });
    const icu = (await syncMock("account_connect_intervals", { input: { athlete_id: "i42", api_key: "k" } })) as Account;
    expect(icu).toMatchObject({ connected: true, account_name: "i42" });
    await expect(syncMock("account_connect_garmin", { input: { username: "a@b.c", password: "wrong", one_time: false } })).rejects.toMatchObject({
      code: "sign_in",
    });
    const signIn = (await syncMock("account_connect_garmin", { input: { username: "a+mfa@b.c", password: "pw", one_time: true } })) as GarminSignIn;
    expect(signIn).toEqual({ status: "mfa_required", account: null });
    const garmin = (await syncMock("account_garmin_mfa", { code: "123456" })) as Account;
    expect(garmin).toMatchObject({ connected: true, one_time: true });
    const strava = (await syncMock("account_disconnect", { provider: "strava" })) as Account;
    expect(strava).toMatchObject({ connected: false, activities: 120 });
  });

  it("waits for Strava's browser consent until cancelled", async () => {
    initSyncMock(new URLSearchParams("sync=none"), { stepDelayMs: 5 });
    await expect(syncMock("account_connect_strava", { input: { client_id: "x1", client_secret: "s" } })).rejects.toMatchObject({ field: "client_id" });
    const waiting = syncMock("account_connect_strava", { input: { client_id: "123", client_secret: "s" } });
    expect(await syncMock("account_connect_cancel", {})).toBe(true);
    await expect(waiting).rejects.toMatchObject({ code: "cancelled" });
    const ok = (await syncMock("account_connect_strava", { input: { client_id: "123", client_secret: "s" } })) as Account;
    expect(ok.connected).toBe(true);
  });

  it("keeps or deletes a missing activity, and shows a refused token", async () => {
    await syncMock("sync_resolve_missing", { provider: "strava", remoteId: "10432987", deleteLocal: true });
    expect(await syncMock("sync_missing", { provider: null })).toEqual([]);
    expect((await list())[0]).toMatchObject({ missing_upstream: 0, activities: 119 });
    initSyncMock(new URLSearchParams("sync=error"), { stepDelayMs: 0 });
    expect((await list())[0].last_error?.code).toBe("unauthorized");
    expect(((await syncMock("sync_status", {})) as SyncStatus).errors).toBe(1);
  });
});
