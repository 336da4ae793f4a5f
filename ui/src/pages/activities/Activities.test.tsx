import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { App } from "../../App";
import type { ImportProgress, ImportSummary } from "../../lib/api";
import { activityList, importSummary, makeActivity } from "../../test/fixtures";
import { mockActivityCommands, resetCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

// The window's file drops: the test plays the shell's part.
const drop = vi.hoisted(() => ({ handler: null as null | ((e: { payload: unknown }) => void) }));
vi.mock("@tauri-apps/api/webview", () => ({
  getCurrentWebview: () => ({
    onDragDropEvent: async (h: (e: { payload: unknown }) => void) => {
      drop.handler = h;
      return () => {
        drop.handler = null;
      };
    },
  }),
}));

let mocks: ReturnType<typeof mockActivityCommands>;

beforeEach(async () => {
  resetCommandMocks();
  mocks = mockActivityCommands();
  // Channels need the IPC internals; the commands themselves are mocked above.
  mockIPC(() => null);
  await i18n.changeLanguage("en");
});

afterEach(() => {
  clearMocks();
});

/** Sends `message` on a channel as the Rust side does (the channel orders them by index). */
function sendOnChannel(channel: Channel<ImportProgress>, index: number, message: ImportProgress) {
  act(() => {
    (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(
      channel.id,
      { index, message },
    );
  });
}

function rowIds() {
  return screen.getAllByTestId("activity-row").map((r) => r.getAttribute("data-activity-id"));
}

describe("activity list", () => {
  it("shows the activities from the backend with the totals of the filtered set", async () => {
    renderApp(<App />, "/activities");
    const rows = await screen.findAllByTestId("activity-row");
    expect(rows).toHaveLength(3);
    expect(rowIds()).toEqual(["3", "2", "1"]);
    const run = rows[0];
    expect(run).toHaveTextContent("Lake loop");
    expect(run).toHaveTextContent("Running");
    expect(run).toHaveTextContent("10.50 km");
    expect(run).toHaveTextContent("59:00"); // moving, with elapsed after it
    expect(run).toHaveTextContent("1:01:30");
    expect(run).toHaveTextContent("5:43 /km");
    expect(run).toHaveTextContent("152");
    // the file's UTC offset gives the local time: 07:00Z + 1 h
    expect(run).toHaveTextContent("08:00");
    expect(rows[1]).toHaveTextContent("27 km/h");
    expect(rows[1]).toHaveTextContent("205");
    // an unnamed activity is called by its sport and day
    expect(rows[2]).toHaveTextContent("Swimming — February 25, 2026");
    expect(rows[2]).toHaveTextContent("/100 m");

    const totals = screen.getByTestId("totals-bar");
    expect(within(totals).getByTestId("totals-count")).toHaveTextContent("3 activities");
    expect(within(totals).getByTestId("totals-distance")).toHaveTextContent("64.50 km");
    expect(within(totals).getByTestId("totals-moving")).toHaveTextContent("3 h 31");
    expect(within(totals).getByTestId("totals-ascent")).toHaveTextContent("1,242 m");
    expect(mocks.listActivities).toHaveBeenCalledWith({ sports: null, from: null, to: null, text: null });
  });

  it("sends the filters to the backend, the text once typing pauses", async () => {
    renderApp(<App />, "/activities");
    await screen.findAllByTestId("activity-row");
    const user = userEvent.setup();
    mocks.listActivities.mockClear();
    await user.type(screen.getByTestId("filter-text"), "lake");
    await waitFor(() =>
      expect(mocks.listActivities).toHaveBeenLastCalledWith({ sports: null, from: null, to: null, text: "lake" }),
    );
    // debounced: no call per keystroke
    expect(mocks.listActivities.mock.calls.length).toBeLessThanOrEqual(2);

    await user.click(screen.getByTestId("filter-sports"));
    fireEvent.click(await screen.findByRole("option", { name: "Cycling", hidden: true }));
    await waitFor(() =>
      expect(mocks.listActivities).toHaveBeenLastCalledWith({ sports: ["cycling"], from: null, to: null, text: "lake" }),
    );

    fireEvent.change(screen.getByTestId("filter-from"), { target: { value: "2026-01-01" } });
    fireEvent.change(screen.getByTestId("filter-to"), { target: { value: "2026-02-28" } });
    await waitFor(() =>
      expect(mocks.listActivities).toHaveBeenLastCalledWith({ sports: ["cycling"], from: "2026-01-01", to: "2026-02-28", text: "lake" }),
    );

    // the totals come from the backend's answer for the filter
    mocks.listActivities.mockResolvedValue({
      status: "ok",
      data: { activities: [activityList.activities[1]], totals: { ...activityList.totals, count: 1, distance_m: 52000 } },
    });
    await user.click(screen.getByTestId("filter-clear"));
    await waitFor(() => expect(mocks.listActivities).toHaveBeenLastCalledWith({ sports: null, from: null, to: null, text: null }));
    expect(await screen.findByText("1 activity")).toBeInTheDocument();
    expect(screen.getByTestId("totals-distance")).toHaveTextContent("52.00 km");
    expect(screen.getByTestId("filter-text")).toHaveValue("");
  });

  it("refuses a backwards date range without asking the backend", async () => {
    renderApp(<App />, "/activities?from=2026-03-01&to=2026-01-01");
    expect(await screen.findByText("The end date is before the start date.")).toBeInTheDocument();
    expect(mocks.listActivities).not.toHaveBeenCalled();
  });

  it("sorts by distance when its header is clicked, then the other way", async () => {
    renderApp(<App />, "/activities");
    await screen.findAllByTestId("activity-row");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("sort-distance"));
    expect(rowIds()).toEqual(["2", "3", "1"]);
    expect(screen.getByTestId("sort-distance").closest("th")).toHaveAttribute("aria-sort", "descending");
    await user.click(screen.getByTestId("sort-distance"));
    expect(rowIds()).toEqual(["1", "3", "2"]);
    expect(screen.getByTestId("sort-distance").closest("th")).toHaveAttribute("aria-sort", "ascending");
    // client-side: the backend was asked once
    expect(mocks.listActivities).toHaveBeenCalledTimes(1);
  });

  it("keeps only the rows in view in the page with 10,000 activities", async () => {
    const many = Array.from({ length: 10000 }, (_, i) =>
      makeActivity(10000 - i, { start: new Date(Date.UTC(2026, 0, 1) - i * 86400000).toISOString(), totals: { distance_m: i } }),
    );
    mocks.listActivities.mockResolvedValue({ status: "ok", data: { activities: many, totals: { ...activityList.totals, count: 10000 } } });
    // jsdom has no layout: give the scrolling box a height of 600 px
    const height = vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === "activities-scroll" ? 600 : 0;
    });
    try {
      renderApp(<App />, "/activities");
      await screen.findAllByTestId("activity-row");
      const count = screen.getAllByTestId("activity-row").length;
      expect(count).toBeGreaterThanOrEqual(600 / 44);
      expect(count).toBeLessThan(60);
      expect(rowIds()[0]).toBe("10000");
      expect(screen.getByTestId("activities-table")).toHaveAttribute("aria-rowcount", "10001");
      expect(screen.getByTestId("totals-count")).toHaveTextContent("10,000 activities");

      // scrolling far down brings other rows in, still few of them
      const scroller = screen.getByTestId("activities-scroll");
      scroller.scrollTop = 44 * 5000;
      fireEvent.scroll(scroller);
      await waitFor(() => expect(rowIds()).toContain(String(10000 - 5000)));
      expect(rowIds()).not.toContain("10000");
      expect(screen.getAllByTestId("activity-row").length).toBeLessThan(60);
    } finally {
      height.mockRestore();
    }
  });

  it("opens an activity when its row is clicked", async () => {
    renderApp(<App />, "/activities");
    const user = userEvent.setup();
    await user.click((await screen.findAllByTestId("activity-row"))[0]);
    expect(await screen.findByTestId("activity-detail")).toHaveAttribute("data-activity-id", "3");
    expect(mocks.getActivity).toHaveBeenCalledWith(3);
  });

  it("invites to import when there is no activity yet", async () => {
    mocks.listActivities.mockResolvedValue({
      status: "ok",
      data: { activities: [], totals: { count: 0, distance_m: 0, elapsed_s: 0, moving_s: 0, ascent_m: 0, calories_kcal: 0 } },
    });
    renderApp(<App />, "/activities");
    const empty = await screen.findByTestId("activities-empty");
    expect(empty).toHaveTextContent("No activities yet");
    expect(screen.queryByTestId("activities-table")).not.toBeInTheDocument();
    await userEvent.setup().click(within(empty).getByTestId("empty-import-button"));
    await waitFor(() => expect(mocks.chooseImportPaths).toHaveBeenCalledWith("files"));
  });

  it("says so when the filters match nothing", async () => {
    mocks.listActivities.mockResolvedValue({
      status: "ok",
      data: { activities: [], totals: { count: 0, distance_m: 0, elapsed_s: 0, moving_s: 0, ascent_m: 0, calories_kcal: 0 } },
    });
    renderApp(<App />, "/activities?sports=rowing");
    expect(await screen.findByTestId("activities-no-match")).toBeInTheDocument();
    expect(screen.queryByTestId("activities-empty")).not.toBeInTheDocument();
  });
});

describe("import", () => {
  function deferredImport() {
    let resolve!: (s: ImportSummary) => void;
    let channel!: Channel<ImportProgress>;
    mocks.importActivities.mockImplementation((_paths, ch) => {
      channel = ch as Channel<ImportProgress>;
      return new Promise((res) => {
        resolve = (data) => res({ status: "ok", data });
      });
    });
    return { finish: (s: ImportSummary) => act(() => resolve(s)), channel: () => channel };
  }

  it("shows the progress the channel reports, then the summary with the failed files, and reloads the list", async () => {
    const job = deferredImport();
    renderApp(<App />, "/activities");
    await screen.findAllByTestId("activity-row");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("import-files-button"));
    await waitFor(() => expect(mocks.importActivities).toHaveBeenCalled());
    expect(mocks.chooseImportPaths).toHaveBeenCalledWith("files");
    expect(mocks.importActivities.mock.calls[0][0]).toEqual(["/data/a.gpx", "/data/b.fit"]);

    const panel = await screen.findByTestId("import-progress");
    expect(panel).toHaveTextContent("Looking for activity files");
    expect(screen.getByTestId("import-files-button")).toBeDisabled();

    const base = { imported: 0, merged: 0, duplicates: 0, failed: 0 };
    sendOnChannel(job.channel(), 0, { ...base, done: 0, total: 4, current: null });
    // out of order: index 2 waits for index 1
    sendOnChannel(job.channel(), 2, { ...base, done: 2, total: 4, current: "/data/broken.fit", imported: 1, failed: 1 });
    expect(screen.getByTestId("import-progress-bar")).toHaveAttribute("data-done", "0");
    sendOnChannel(job.channel(), 1, { ...base, done: 1, total: 4, current: "/data/a.gpx", imported: 1 });
    const bar = screen.getByTestId("import-progress-bar");
    expect(bar).toHaveAttribute("data-done", "2");
    expect(bar).toHaveAttribute("data-total", "4");
    expect(panel).toHaveTextContent("Importing 2 of 4 files");
    expect(screen.getByTestId("import-current")).toHaveTextContent("broken.fit — /data");
    expect(screen.getByTestId("import-current")).toHaveAttribute("title", "/data/broken.fit");
    expect(screen.getByTestId("import-count-imported")).toHaveTextContent("1 new");
    expect(screen.getByTestId("import-count-failed")).toHaveTextContent("1 failed");

    mocks.listActivities.mockClear();
    job.finish(importSummary);
    const summary = await screen.findByTestId("import-summary");
    expect(screen.queryByTestId("import-progress")).not.toBeInTheDocument();
    expect(summary).toHaveTextContent("Import finished");
    expect(within(summary).getByTestId("import-count-imported")).toHaveTextContent("2 new");
    expect(within(summary).getByTestId("import-count-duplicates")).toHaveTextContent("1 already imported");
    expect(within(summary).getByTestId("import-count-failed")).toHaveTextContent("1 failed");
    await user.click(within(summary).getByTestId("import-failed-toggle"));
    const failed = within(summary).getByTestId("import-failed-item");
    expect(failed).toHaveTextContent("/data/broken.fit");
    expect(failed).toHaveTextContent("not a FIT file: the header is damaged");
    await waitFor(() => expect(failed).toBeVisible());
    expect(within(summary).getByTestId("import-warnings")).toHaveTextContent("Warnings (1)");
    await waitFor(() => expect(mocks.listActivities).toHaveBeenCalledTimes(1));
  });

  it("cancels the running import", async () => {
    const job = deferredImport();
    renderApp(<App />, "/activities");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("import-folder-button"));
    await screen.findByTestId("import-progress");
    expect(mocks.chooseImportPaths).toHaveBeenCalledWith("folder");
    await user.click(screen.getByTestId("import-cancel"));
    expect(mocks.cancelImport).toHaveBeenCalledTimes(1);
    job.finish({ ...importSummary, cancelled: true, failed: [] });
    expect(await screen.findByTestId("import-summary")).toHaveTextContent("Import cancelled");
  });

  it("does nothing when the picker is closed without a choice", async () => {
    mocks.chooseImportPaths.mockResolvedValue({ status: "ok", data: [] });
    renderApp(<App />, "/activities");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("import-files-button"));
    await waitFor(() => expect(mocks.chooseImportPaths).toHaveBeenCalled());
    expect(mocks.importActivities).not.toHaveBeenCalled();
    expect(screen.queryByTestId("import-progress")).not.toBeInTheDocument();
  });

  it("explains that another import is already running", async () => {
    mocks.importActivities.mockResolvedValue({
      status: "error",
      error: { code: "busy", message: "an import is already running; wait for it or cancel it", field: null },
    });
    renderApp(<App />, "/activities");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("import-files-button"));
    const error = await screen.findByTestId("import-error");
    expect(error).toHaveAttribute("data-code", "busy");
    expect(error).toHaveTextContent("An import is already running");
    expect(error).toHaveTextContent("Wait for it to finish or cancel it");
    await user.click(within(error).getByTestId("import-cancel-other"));
    expect(mocks.cancelImport).toHaveBeenCalled();
  });

  it("imports files dropped anywhere on the window, from any page", async () => {
    renderApp(<App />, "/settings/appearance");
    await screen.findByTestId("nav-activities");
    await waitFor(() => expect(drop.handler).not.toBeNull());
    act(() => drop.handler!({ payload: { type: "over", position: { x: 1, y: 1 } } }));
    expect(screen.getByTestId("drop-overlay")).toHaveTextContent("Drop to import");
    act(() => drop.handler!({ payload: { type: "leave" } }));
    expect(screen.queryByTestId("drop-overlay")).not.toBeInTheDocument();

    act(() => drop.handler!({ payload: { type: "over", position: { x: 1, y: 1 } } }));
    act(() => drop.handler!({ payload: { type: "drop", paths: ["/home/c/run.fit", "/home/c/export"], position: { x: 1, y: 1 } } }));
    expect(screen.queryByTestId("drop-overlay")).not.toBeInTheDocument();
    await waitFor(() => expect(mocks.importActivities).toHaveBeenCalled());
    expect(mocks.importActivities.mock.calls[0][0]).toEqual(["/home/c/run.fit", "/home/c/export"]);
    expect(mocks.chooseImportPaths).not.toHaveBeenCalled();
    // the list shows the import's outcome
    expect(await screen.findByTestId("import-summary")).toBeInTheDocument();
    expect(screen.getByTestId("nav-activities")).toHaveAttribute("data-active", "true");
  });
});
