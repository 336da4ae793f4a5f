import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SyncProgressMessage, SyncSummary } from "../../lib/sync";
import { settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { account, accounts, missing, stravaConnected, summary, syncMocks } from "../../test/syncFixtures";
import { AccountsTab } from "./AccountsTab";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const sync = syncMocks();

beforeEach(() => mockIPC(() => null));
afterEach(() => clearMocks());

const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const err = (code: string, message: string, field: string | null = null) => ({ status: "error" as const, error: { code: code as never, message, field } });

/** All three providers disconnected. */
const noneConnected = [account("strava", "Strava"), account("intervals_icu", "intervals.icu"), account("garmin_connect", "Garmin Connect")];

async function card(provider: string) {
  const cards = await screen.findAllByTestId("account-card");
  const c = cards.find((el) => el.getAttribute("data-provider") === provider);
  if (!c) throw new Error(`no card for ${provider}`);
  return c;
}

function renderTab() {
  renderApp(<AccountsTab />, "/settings/accounts");
  return userEvent.setup();
}

describe("Settings → Accounts", () => {
  it("lists the three providers with their state, figures and actions", async () => {
    renderTab();
    const cards = await screen.findAllByTestId("account-card");
    expect(cards.map((c) => c.getAttribute("data-provider"))).toEqual(["strava", "intervals_icu", "garmin_connect"]);
    const strava = cards[0];
    expect(within(strava).getByTestId("account-name")).toHaveTextContent("Connected as Camille Martin");
    expect(within(strava).getByTestId("account-state")).toHaveTextContent("Idle");
    expect(within(strava).getByTestId("account-activities")).toHaveTextContent("412");
    expect(within(strava).getByTestId("account-pending")).toHaveTextContent("3");
    expect(within(strava).getByTestId("account-failed")).toHaveTextContent("1");
    expect(within(strava).getByTestId("account-missing")).toHaveTextContent("1");
    expect(within(strava).getByTestId("account-last-sync")).toHaveTextContent("2 hours ago");
    expect(within(strava).getByTestId("account-next-run")).toHaveTextContent("in 40 minutes");
    expect(within(strava).getByTestId("account-enabled")).toBeChecked();
    expect(within(strava).getByTestId("account-backfill")).toHaveValue("730");
    expect(within(strava).getByTestId("account-sync")).toBeEnabled();
    expect(within(strava).queryByTestId("account-connect")).not.toBeInTheDocument();
    for (const c of cards.slice(1)) {
      expect(within(c).getByTestId("account-name")).toHaveTextContent("Not connected");
      expect(within(c).getByTestId("account-connect")).toHaveTextContent("Connect");
      expect(within(c).queryByTestId("account-sync")).not.toBeInTheDocument();
    }
  });

  it("refuses a Strava client id that is not a number", async () => {
    sync.accountsList.mockResolvedValue(ok(noneConnected));
    const user = renderTab();
    await user.click(within(await card("strava")).getByTestId("account-connect"));
    expect(screen.getByTestId("strava-steps")).toHaveTextContent("strava.com/settings/api");
    expect(screen.getByTestId("strava-steps")).toHaveTextContent("127.0.0.1");
    await user.type(screen.getByTestId("strava-client-id"), "abc123");
    await user.type(screen.getByTestId("strava-client-secret"), "s3cret");
    await user.click(screen.getByTestId("strava-connect"));
    expect(await screen.findByText("The Client ID is a number (digits only)")).toBeInTheDocument();
    expect(sync.accountConnectStrava).not.toHaveBeenCalled();
  });

  it("connects Strava with the trimmed input, waits for the browser (cancellable), then clears the form", async () => {
    sync.accountsList.mockResolvedValue(ok(noneConnected));
    let finish: (v: Awaited<ReturnType<typeof sync.accountConnectStrava>>) => void = () => {};
    sync.accountConnectStrava.mockReturnValue(new Promise((res) => (finish = res)));
    const user = renderTab();
    await user.click(within(await card("strava")).getByTestId("account-connect"));
    await user.type(screen.getByTestId("strava-client-id"), "  12345 ");
    await user.type(screen.getByTestId("strava-client-secret"), " abcdef0123 ");
    await user.click(screen.getByTestId("strava-connect"));
    expect(sync.accountConnectStrava).toHaveBeenCalledWith({ client_id: "12345", client_secret: "abcdef0123" });
    expect(await screen.findByTestId("strava-waiting")).toHaveTextContent("Waiting for Strava in your browser…");
    await user.click(screen.getByTestId("strava-cancel-wait"));
    expect(sync.accountConnectCancel).toHaveBeenCalled();
    await act(async () => finish(ok(stravaConnected)));
    const strava = await card("strava");
    await waitFor(() => expect(within(strava).getByTestId("account-name")).toHaveTextContent("Connected as Camille Martin"));
    expect(screen.queryByTestId("strava-form")).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain("abcdef0123");
  });

  it("puts the server's invalid_input under its field", async () => {
    sync.accountsList.mockResolvedValue(ok(noneConnected));
    sync.accountConnectIntervals.mockResolvedValue(err("invalid_input", "intervals.icu does not know this athlete", "athlete_id"));
    const user = renderTab();
    await user.click(within(await card("intervals_icu")).getByTestId("account-connect"));
    await user.type(screen.getByTestId("intervals-athlete-id"), "i999");
    await user.type(screen.getByTestId("intervals-api-key"), "key");
    await user.click(screen.getByTestId("intervals-connect"));
    expect(sync.accountConnectIntervals).toHaveBeenCalledWith({ athlete_id: "i999", api_key: "key" });
    expect(await screen.findByText("intervals.icu does not know this athlete")).toBeInTheDocument();
    expect(screen.queryByTestId("connect-error")).not.toBeInTheDocument();
  });

  it("explains that tokens live only in the OS keychain when there is none", async () => {
    sync.accountsList.mockResolvedValue(ok(noneConnected));
    sync.accountConnectIntervals.mockResolvedValue(err("secret_store", "no keychain: org.freedesktop.secrets is not provided"));
    const user = renderTab();
    await user.click(within(await card("intervals_icu")).getByTestId("account-connect"));
    await user.type(screen.getByTestId("intervals-athlete-id"), "0");
    await user.type(screen.getByTestId("intervals-api-key"), "key");
    await user.click(screen.getByTestId("intervals-connect"));
    const alert = await screen.findByTestId("connect-error");
    expect(alert).toHaveTextContent("no keychain");
    expect(within(alert).getByTestId("connect-error-advice")).toHaveTextContent("Tempo stores tokens only in your system keychain");
  });

  it("signs in to Garmin, asks for the code, then sends it", async () => {
    sync.accountsList.mockResolvedValue(ok(noneConnected));
    sync.accountConnectGarmin.mockResolvedValue(ok({ status: "mfa_required", account: null }));
    const user = renderTab();
    await user.click(within(await card("garmin_connect")).getByTestId("account-connect"));
    expect(screen.getByTestId("garmin-note")).toHaveTextContent("never stored");
    expect(screen.getByTestId("garmin-note")).toHaveTextContent("File import (Settings → Data) always works");
    await user.type(screen.getByTestId("garmin-username"), " camille@example.com ");
    await user.type(screen.getByTestId("garmin-password"), "pa ss");
    await user.click(screen.getByTestId("garmin-one-time"));
    await user.click(screen.getByTestId("garmin-connect"));
    expect(sync.accountConnectGarmin).toHaveBeenCalledWith({ username: "camille@example.com", password: "pa ss", one_time: true });
    const code = await screen.findByTestId("garmin-mfa-code");
    expect(screen.queryByTestId("garmin-password")).not.toBeInTheDocument();
    await user.type(code, " 123456 ");
    await user.click(screen.getByTestId("garmin-mfa-submit"));
    expect(sync.accountGarminMfa).toHaveBeenCalledWith("123456");
    const garmin = await card("garmin_connect");
    await waitFor(() => expect(within(garmin).getByTestId("account-name")).toHaveTextContent("Connected as camille@example.com"));
  });

  it("shows Garmin's sign-in message, which says what to do", async () => {
    sync.accountsList.mockResolvedValue(ok(noneConnected));
    sync.accountConnectGarmin.mockResolvedValue(err("sign_in", "Garmin refused the password: check it on connect.garmin.com"));
    const user = renderTab();
    await user.click(within(await card("garmin_connect")).getByTestId("account-connect"));
    await user.type(screen.getByTestId("garmin-username"), "camille@example.com");
    await user.type(screen.getByTestId("garmin-password"), "wrong");
    await user.click(screen.getByTestId("garmin-connect"));
    expect(await screen.findByTestId("connect-error")).toHaveTextContent("Garmin refused the password: check it on connect.garmin.com");
  });

  it("disconnects after confirming, saying the activities stay", async () => {
    const user = renderTab();
    await user.click(within(await card("strava")).getByTestId("account-disconnect"));
    const modal = await screen.findByTestId("disconnect-modal");
    expect(modal).toHaveTextContent("deletes the Strava tokens from your system keychain");
    expect(modal).toHaveTextContent("The activities already fetched stay in Tempo");
    expect(modal).toHaveTextContent("Settings → Data");
    expect(sync.accountDisconnect).not.toHaveBeenCalled();
    await user.click(within(modal).getByTestId("disconnect-confirm"));
    expect(sync.accountDisconnect).toHaveBeenCalledWith("strava");
    await waitFor(() => expect(screen.queryByTestId("disconnect-modal")).not.toBeInTheDocument());
    const strava = await card("strava");
    await waitFor(() => expect(within(strava).getByTestId("account-name")).toHaveTextContent("Not connected"));
  });

  it("offers Reconnect when the provider refused the token", async () => {
    const last_error = { code: "unauthorized", message: "Strava refused the token (revoked?)", at: "2026-03-15T08:00:00Z" };
    sync.accountsList.mockResolvedValue(ok([{ ...stravaConnected, state: "error", last_error }, ...accounts.slice(1)]));
    const user = renderTab();
    const strava = await card("strava");
    expect(within(strava).getByTestId("account-state")).toHaveTextContent("Error");
    const alert = within(strava).getByTestId("account-error");
    expect(alert).toHaveTextContent("Strava refused the token (revoked?)");
    expect(alert).toHaveTextContent("Reconnect to sync again");
    await user.click(within(alert).getByTestId("account-error-reconnect"));
    expect(within(strava).getByTestId("strava-form")).toBeInTheDocument();
  });

  it("shows the rate-limit wait with its time", async () => {
    const until = new Date(2026, 2, 15, 14, 45).toISOString();
    sync.accountsList.mockResolvedValue(ok([{ ...stravaConnected, state: "waiting", rate_limited_until: until }, ...accounts.slice(1)]));
    renderTab();
    const strava = await card("strava");
    expect(within(strava).getByTestId("account-state")).toHaveTextContent("Waiting");
    expect(within(strava).getByTestId("account-rate-limit")).toHaveTextContent(/Waiting for Strava's rate limit: next request at 2:45\sPM/);
  });

  it("syncs now with progress (fetched / total, the rate-limit wait), then reports and reloads", async () => {
    let channel: Channel<SyncProgressMessage> | null = null;
    let finish: (v: { status: "ok"; data: SyncSummary[] }) => void = () => {};
    sync.syncNow.mockImplementation((_p, ch) => {
      channel = ch;
      return new Promise((res) => (finish = res));
    });
    const user = renderTab();
    const strava = await card("strava");
    await user.click(within(strava).getByTestId("account-sync"));
    expect(sync.syncNow).toHaveBeenCalledWith("strava", expect.anything());
    expect(within(strava).getByTestId("account-state")).toHaveTextContent("Syncing");
    act(() => channel!.onmessage({ provider: "strava", phase: "fetching", fetched: 12, total: 40, current: "Lunch ride", waiting_until: null }));
    expect(within(strava).getByTestId("account-progress-text")).toHaveTextContent("Fetching activities: 12 / 40");
    expect(within(strava).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "30");
    const until = new Date(2026, 2, 15, 10, 15).toISOString();
    act(() => channel!.onmessage({ provider: "strava", phase: "waiting", fetched: 12, total: 40, current: null, waiting_until: until }));
    expect(within(strava).getByTestId("account-progress-text")).toHaveTextContent(/Waiting for Strava's rate limit until 10:15\sAM/);
    await user.click(within(strava).getByTestId("account-sync-cancel"));
    expect(sync.syncCancel).toHaveBeenCalled();
    const listed = sync.accountsList.mock.calls.length;
    await act(async () => finish(ok([summary()])));
    expect(await screen.findByText("3 new, 1 merged, 0 failed")).toBeInTheDocument();
    await waitFor(() => expect(sync.accountsList.mock.calls.length).toBeGreaterThan(listed));
    expect(within(strava).queryByTestId("account-progress")).not.toBeInTheDocument();
  });

  it("says when the rate limit paused the sync", async () => {
    sync.syncNow.mockResolvedValue(ok([summary({ rate_limited_until: new Date(2026, 2, 15, 10, 15).toISOString() })]));
    const user = renderTab();
    await user.click(within(await card("strava")).getByTestId("account-sync"));
    expect(await screen.findByText(/Strava: 3 new so far; the rate limit paused the sync until 10:15\sAM/)).toBeInTheDocument();
  });

  it("says when a sync is already running", async () => {
    sync.syncNow.mockResolvedValue(err("busy", "a sync is already running"));
    const user = renderTab();
    await user.click(within(await card("strava")).getByTestId("account-sync"));
    const alert = await screen.findByTestId("account-sync-error");
    expect(alert).toHaveTextContent("a sync is already running");
    expect(alert).toHaveTextContent("Try again when it has finished");
  });

  it("changes the account's options", async () => {
    const user = renderTab();
    const strava = await card("strava");
    await user.click(within(strava).getByTestId("account-enabled"));
    expect(sync.accountSetOptions).toHaveBeenCalledWith("strava", { enabled: false });
    await user.selectOptions(within(strava).getByTestId("account-backfill"), "1825");
    expect(sync.accountSetOptions).toHaveBeenLastCalledWith("strava", { backfill_days: 1825 });
  });

  it("keeps or deletes an activity the provider no longer lists", async () => {
    const user = renderTab();
    const section = await screen.findByTestId("missing-upstream");
    const [item] = within(section).getAllByTestId("missing-item");
    expect(item).toHaveTextContent(missing[0].name!);
    await user.click(within(item).getByTestId("missing-keep"));
    expect(sync.syncResolveMissing).toHaveBeenCalledWith("strava", "9876", false);
    await user.click(within(item).getByTestId("missing-delete"));
    const modal = await screen.findByTestId("missing-delete-modal");
    expect(modal).toHaveTextContent("“Morning run” is no longer on Strava");
    expect(sync.syncResolveMissing).toHaveBeenCalledTimes(1);
    await user.click(within(modal).getByTestId("missing-delete-confirm"));
    expect(sync.syncResolveMissing).toHaveBeenLastCalledWith("strava", "9876", true);
    await waitFor(() => expect(sync.syncMissing.mock.calls.length).toBeGreaterThanOrEqual(3));
  });

  it("hides the missing section when nothing is missing", async () => {
    sync.syncMissing.mockResolvedValue(ok([]));
    renderTab();
    await card("strava");
    expect(screen.queryByTestId("missing-upstream")).not.toBeInTheDocument();
  });

  it("saves the background sync interval in the settings", async () => {
    const user = renderTab();
    const select = await screen.findByTestId("sync-interval");
    await waitFor(() => expect(select).toHaveValue("60"));
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Off",
      "Every 15 minutes",
      "Every 30 minutes",
      "Every hour",
      "Every 3 hours",
      "Every 6 hours",
    ]);
    await user.selectOptions(select, "0");
    expect(mocks.setSettings).toHaveBeenLastCalledWith(settingsWith({ sync_interval_min: 0 }));
    await user.selectOptions(select, "180");
    expect(mocks.setSettings).toHaveBeenLastCalledWith(settingsWith({ sync_interval_min: 180 }));
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue(ok(settingsWith({ language: "fr" })));
    renderTab();
    const strava = await card("strava");
    await waitFor(() => expect(within(strava).getByTestId("account-name")).toHaveTextContent("Connecté en tant que Camille Martin"));
    expect(within(strava).getByTestId("account-sync")).toHaveTextContent("Synchroniser");
  });
});
