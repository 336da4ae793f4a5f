import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notifySyncChanged } from "../lib/sync";
import { SYNC_STATUS_POLL_MS } from "../lib/useSyncStatus";
import { settingsWith } from "../test/fixtures";
import { setupCommandMocks } from "../test/mockBindings";
import { renderApp } from "../test/render";
import { syncMocks, syncStatusIdle } from "../test/syncFixtures";
import { SyncIndicator } from "./SyncIndicator";

vi.mock("../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const sync = syncMocks();

afterEach(() => {
  vi.useRealTimers();
});

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

function Where() {
  return <span data-testid="where">{useLocation().pathname}</span>;
}

function renderIndicator() {
  const view = renderApp(
    <>
      <SyncIndicator />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </>,
    "/activities",
  );
  return { user: userEvent.setup(), ...view };
}

describe("sync indicator", () => {
  it("is hidden while no account is connected", async () => {
    sync.syncStatus.mockResolvedValue(ok({ ...syncStatusIdle, connected: 0, last_success_at: null, next_run_at: null }));
    renderIndicator();
    await waitFor(() => expect(sync.syncStatus).toHaveBeenCalled());
    expect(screen.queryByTestId("sync-indicator")).not.toBeInTheDocument();
  });

  it("says when the last sync was, and opens Settings → Accounts", async () => {
    const { user } = renderIndicator();
    const button = await screen.findByTestId("sync-indicator");
    expect(button).toHaveAttribute("data-state", "idle");
    expect(button).toHaveAccessibleName("Synced 2 hours ago");
    expect(screen.getByTestId("sync-indicator-dot")).toHaveAttribute("data-errors", "0");
    await user.click(button);
    expect(screen.getByTestId("where")).toHaveTextContent("/settings/accounts");
  });

  it("turns while a sync runs, with the provider and the progress", async () => {
    sync.syncStatus.mockResolvedValue(
      ok({ ...syncStatusIdle, running: true, progress: { provider: "strava", phase: "fetching", fetched: 12, total: 40, current: null, waiting_until: null } }),
    );
    renderIndicator();
    const button = await screen.findByTestId("sync-indicator");
    expect(button).toHaveAttribute("data-state", "running");
    expect(button).toHaveAccessibleName("Syncing Strava: 12 / 40");
    expect(button.querySelector("svg")).toHaveClass("tempo-spin");
  });

  it("shows a clock while a rate limit holds the sync back", async () => {
    sync.syncStatus.mockResolvedValue(ok({ ...syncStatusIdle, rate_limited_until: new Date(2026, 2, 15, 14, 45).toISOString() }));
    renderIndicator();
    const button = await screen.findByTestId("sync-indicator");
    expect(button).toHaveAttribute("data-state", "waiting");
    expect(button).toHaveAccessibleName(/Sync paused by a rate limit until 2:45\sPM/);
  });

  it("shows a red dot when an account needs attention", async () => {
    sync.syncStatus.mockResolvedValue(ok({ ...syncStatusIdle, errors: 1 }));
    renderIndicator();
    const button = await screen.findByTestId("sync-indicator");
    expect(screen.getByTestId("sync-indicator-dot")).toHaveAttribute("data-errors", "1");
    expect(button).toHaveAccessibleName("Synced 2 hours ago · 1 account needs attention");
  });

  it("asks every five seconds, at once when told, and stops when unmounted", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { unmount } = renderIndicator();
    await waitFor(() => expect(sync.syncStatus).toHaveBeenCalledTimes(1));
    await act(async () => {
      vi.advanceTimersByTime(SYNC_STATUS_POLL_MS);
    });
    await waitFor(() => expect(sync.syncStatus).toHaveBeenCalledTimes(2));
    act(() => notifySyncChanged());
    await waitFor(() => expect(sync.syncStatus).toHaveBeenCalledTimes(3));
    unmount();
    await act(async () => {
      vi.advanceTimersByTime(SYNC_STATUS_POLL_MS * 3);
    });
    expect(sync.syncStatus).toHaveBeenCalledTimes(3);
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue(ok(settingsWith({ language: "fr" })));
    sync.syncStatus.mockResolvedValue(
      ok({ ...syncStatusIdle, running: true, progress: { provider: "garmin_connect", phase: "fetching", fetched: 3, total: 9, current: null, waiting_until: null } }),
    );
    renderIndicator();
    await waitFor(() => expect(screen.getByTestId("sync-indicator")).toHaveAccessibleName("Synchronisation de Garmin Connect : 3 / 9"));
  });
});
