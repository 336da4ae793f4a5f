import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { App } from "../../App";
import { activityDetail, activityMetricsNoFtp, activityStreams } from "../../test/fixtures";
import { mockActivityCommands, resetCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { FakeUPlot } from "../../test/uplotMock";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

let mocks: ReturnType<typeof mockActivityCommands>;

beforeEach(async () => {
  resetCommandMocks();
  mocks = mockActivityCommands();
  await i18n.changeLanguage("en");
});

async function openDetail() {
  renderApp(<App />, "/activities/3");
  return screen.findByTestId("activity-detail");
}

describe("activity detail", () => {
  it("shows the header, the figures, the laps and the sources", async () => {
    const page = await openDetail();
    expect(mocks.getActivity).toHaveBeenCalledWith(3);
    expect(mocks.activityStreams).toHaveBeenCalledWith(3);
    expect(within(page).getByTestId("activity-title")).toHaveTextContent("Lake loop");
    expect(within(page).getByTestId("activity-date")).toHaveTextContent("Mar 1, 2026");
    expect(within(page).getByTestId("activity-date")).toHaveTextContent("08:00");
    expect(within(page).getByTestId("activity-device")).toHaveTextContent("Garmin Forerunner 965");

    // figures: the device's where it has them (no disagreement), else Tempo's
    expect(screen.getByTestId("stat-moving-value")).toHaveTextContent("59:00");
    expect(screen.getByTestId("stat-elapsed-value")).toHaveTextContent("1:01:30");
    expect(screen.getByTestId("stat-speed")).toHaveTextContent("Pace");
    expect(screen.getByTestId("stat-speed-value")).toHaveTextContent("5:43 /km");
    expect(screen.getByTestId("stat-hr-value")).toHaveTextContent("152 bpm");
    expect(screen.getByTestId("stat-hr")).toHaveTextContent("max 178 bpm");
    expect(screen.getByTestId("stat-elevation")).toHaveTextContent("142 m");
    expect(screen.getByTestId("stat-cadence-value")).toHaveTextContent("174 spm");
    expect(screen.getByTestId("stat-calories-value")).toHaveTextContent("700 kcal");
    // no power in this run
    expect(screen.queryByTestId("stat-power")).not.toBeInTheDocument();

    const laps = screen.getAllByTestId("lap-row");
    expect(laps).toHaveLength(2);
    expect(laps[0]).toHaveTextContent("1");
    expect(laps[0]).toHaveTextContent("5:00");
    expect(laps[0]).toHaveTextContent("1.00 km");
    expect(laps[0]).toHaveTextContent("5:00 /km");
    expect(laps[1]).toHaveTextContent("4:40 /km");
    expect(laps[1]).toHaveTextContent("155 bpm");

    const sources = screen.getAllByTestId("source-item");
    expect(sources).toHaveLength(2);
    expect(sources[0]).toHaveTextContent("2026-03-01-lake.fit");
    expect(sources[0]).toHaveTextContent("FIT");
    expect(sources[0]).toHaveTextContent("File");
    expect(within(sources[0]).getByTestId("source-primary")).toHaveTextContent("shown");
    expect(sources[1]).toHaveTextContent("Strava export");
    expect(within(sources[1]).queryByTestId("source-primary")).not.toBeInTheDocument();
    expect(screen.queryByTestId("swim-lengths")).not.toBeInTheDocument();
  });

  it("shows the device's and Tempo's figures side by side when they disagree", async () => {
    await openDetail();
    const box = screen.getByTestId("disagreements");
    expect(box).toHaveTextContent("Your device and Tempo disagree");
    const row = within(box).getByTestId("disagreement-distance_m");
    expect(row).toHaveTextContent("Distance");
    expect(within(row).getByTestId("disagreement-device")).toHaveTextContent("10.50 km");
    expect(within(row).getByTestId("disagreement-computed")).toHaveTextContent("9.80 km");
    expect(row).toHaveTextContent("foot pod");
    // the distance card does not pick one either
    const card = screen.getByTestId("stat-distance");
    expect(card).toHaveAttribute("data-disagree", "true");
    expect(card).toHaveTextContent("10.50 km");
    expect(card).toHaveTextContent("9.80 km");
    expect(card).toHaveTextContent("Device");
    expect(card).toHaveTextContent("Tempo");
  });

  it("has no disagreement box when the figures agree", async () => {
    mocks.getActivity.mockResolvedValue({ status: "ok", data: { ...activityDetail, disagreements: [] } });
    await openDetail();
    expect(screen.queryByTestId("disagreements")).not.toBeInTheDocument();
    expect(screen.getByTestId("stat-distance-value")).toHaveTextContent("10.50 km");
  });

  it("draws the track on a map with start and finish, following the charts' cursor", async () => {
    await openDetail();
    const map = await screen.findByTestId("activity-map");
    // a missing fix splits the track in two lines
    expect(within(map).getAllByTestId("activity-map-track")).toHaveLength(2);
    const start = within(map).getByTestId("activity-map-start");
    const end = within(map).getByTestId("activity-map-end");
    // a loop: it ends where it started
    expect(Number(start.getAttribute("cx"))).toBeCloseTo(Number(end.getAttribute("cx")), 3);
    expect(within(map).queryByTestId("activity-map-cursor")).not.toBeInTheDocument();
    act(() => FakeUPlot.instances[0].moveCursor(2));
    expect(within(map).getByTestId("activity-map-cursor")).toBeInTheDocument();
    act(() => FakeUPlot.instances[0].moveCursor(null));
    expect(within(map).queryByTestId("activity-map-cursor")).not.toBeInTheDocument();
  });

  it("has no map without GPS", async () => {
    mocks.activityStreams.mockResolvedValue({ status: "ok", data: { ...activityStreams, lat: null, lon: null } });
    await openDetail();
    await screen.findByTestId("activity-charts");
    expect(screen.queryByTestId("activity-map")).not.toBeInTheDocument();
  });

  it("charts only the channels that exist, with one shared cursor", async () => {
    await openDetail();
    await screen.findByTestId("activity-charts");
    for (const c of ["heart_rate", "speed", "altitude"]) expect(screen.getByTestId(`activity-chart-${c}`)).toBeInTheDocument();
    expect(screen.queryByTestId("activity-chart-power")).not.toBeInTheDocument();
    expect(screen.queryByTestId("activity-chart-cadence")).not.toBeInTheDocument();

    const plots = FakeUPlot.instances.filter((p) => !p.destroyed);
    expect(plots).toHaveLength(3);
    const keys = new Set(plots.map((p) => p.opts.cursor?.sync?.key));
    expect(keys).toEqual(new Set(["activity-3"]));
    // time axis with an empty row at the pause; heart rate keeps its gap
    const hr = plots.find((p) => p.opts.series[1].label === "Heart rate")!;
    expect(hr.data[0]).toEqual([0, 1, 2, 3, 4, 10, 11, 12]);
    expect(hr.data[1]).toEqual([120, 125, null, 130, null, 128, 131, 133]);
    // running: pace, drawn with faster at the top
    const pace = plots.find((p) => p.opts.series[1].label === "Pace")!;
    expect(pace.opts.scales?.y?.dir).toBe(-1);
    expect(pace.opts.cursor?.drag).toMatchObject({ x: true, setScale: true });
  });

  it("zooms every chart together and resets the zoom", async () => {
    await openDetail();
    await screen.findByTestId("activity-charts");
    const reset = screen.getByTestId("chart-reset-zoom");
    expect(reset).toBeDisabled();
    const [a, b, c] = FakeUPlot.instances.filter((p) => !p.destroyed);
    act(() => a.setScale("x", { min: 1, max: 3 }));
    expect(b.scales.x).toEqual({ min: 1, max: 3 });
    expect(c.scales.x).toEqual({ min: 1, max: 3 });
    expect(reset).toBeEnabled();
    await userEvent.setup().click(reset);
    for (const p of [a, b, c]) expect(p.scales.x).toEqual({ min: 0, max: 12 });
    expect(reset).toBeDisabled();
  });

  it("switches the charts to distance", async () => {
    await openDetail();
    await screen.findByTestId("activity-charts");
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("chart-x-mode")).getByText("Distance"));
    await waitFor(() => {
      const live = FakeUPlot.instances.filter((p) => !p.destroyed);
      expect(live).toHaveLength(3);
      const km = (live[0].data[0] as number[]).map((v) => Math.round(v * 1e6) / 1e6);
      expect(km).toEqual([0, 0.003, 0.006, 0.009, 0.009, 0.009, 0.012, 0.015]);
    });
  });

  it("asks for confirmation before deleting, then goes back to the list", async () => {
    await openDetail();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("delete-activity-button"));
    const modal = await screen.findByRole("dialog");
    expect(modal).toHaveTextContent("Delete this activity?");
    expect(modal).toHaveTextContent("Lake loop");
    await user.click(within(modal).getByTestId("cancel-delete-button"));
    expect(mocks.deleteActivity).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("delete-activity-button"));
    await user.click(await screen.findByTestId("confirm-delete-button"));
    await waitFor(() => expect(mocks.deleteActivity).toHaveBeenCalledWith(3));
    expect(await screen.findByTestId("activities-table")).toBeInTheDocument();
    expect(screen.queryByTestId("activity-detail")).not.toBeInTheDocument();
  });

  it("stays on the page when the deletion fails", async () => {
    mocks.deleteActivity.mockResolvedValue({ status: "error", error: { code: "storage", message: "disk is full", field: null } });
    await openDetail();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("delete-activity-button"));
    await user.click(await screen.findByTestId("confirm-delete-button"));
    expect(await screen.findByText("disk is full")).toBeInTheDocument();
    expect(screen.getByTestId("activity-detail")).toBeInTheDocument();
  });

  it("explains an activity that does not exist", async () => {
    renderApp(<App />, "/activities/99");
    const error = await screen.findByTestId("activity-error");
    expect(error).toHaveAttribute("data-code", "not_found");
    expect(error).toHaveTextContent("This activity does not exist any more");
    expect(screen.getByTestId("activity-back")).toHaveAttribute("href", "/activities");
  });

  it("sums up the lengths of a pool swim", async () => {
    mocks.getActivity.mockResolvedValue({
      status: "ok",
      data: {
        ...activityDetail,
        summary: { ...activityDetail.summary, sport: "swimming", sub_sport: "pool", name: null },
        disagreements: [],
        laps: [],
        pool_length_m: 25,
        lengths: [
          { start_offset_s: 0, elapsed_s: 30, active: true, strokes: 16, stroke: "freestyle" },
          { start_offset_s: 30, elapsed_s: 20, active: false, strokes: null, stroke: null },
          { start_offset_s: 50, elapsed_s: 32, active: true, strokes: 18, stroke: "breaststroke" },
        ],
      },
    });
    mocks.activityStreams.mockResolvedValue({ status: "ok", data: { ...activityStreams, lat: null, lon: null } });
    await openDetail();
    const swim = screen.getByTestId("swim-lengths");
    expect(swim).toHaveTextContent("2 lengths of 25 m");
    expect(swim).toHaveTextContent("50 m");
    expect(swim).toHaveTextContent("1:02");
    expect(swim).toHaveTextContent("Breaststroke × 1");
    expect(screen.getByTestId("activity-title")).toHaveTextContent("Swimming — March 1, 2026");
    expect(screen.getByTestId("stat-speed")).toHaveTextContent("/100 m");
  });

  it("shows the training metrics below the figures", async () => {
    await openDetail();
    expect(mocks.activityMetrics).toHaveBeenCalledWith(3);
    const panel = await screen.findByTestId("activity-metrics");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "ok"));
    expect(within(panel).getByTestId("metrics-load")).toHaveAttribute("data-metric", "tss");
    expect(within(panel).getByTestId("metrics-load-value")).toHaveTextContent("97");
    expect(within(panel).getAllByTestId("hr-zone")).toHaveLength(7);
    expect(within(panel).getByTestId("threshold-ftp_w")).toHaveTextContent("FTP 250 W since 2022-01-01");
    // after the stat cards in the page
    const stats = screen.getByTestId("activity-stats");
    expect(stats.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("links to the profile from the FTP hint", async () => {
    mocks.activityMetrics.mockResolvedValue({ status: "ok", data: activityMetricsNoFtp });
    await openDetail();
    const link = await screen.findByTestId("metrics-profile-link");
    await userEvent.setup().click(link);
    expect(await screen.findByTestId("profile-ftp")).toBeInTheDocument();
  });

  it("shows the rest of the page while the metrics load, and their error on their own", async () => {
    let fail: (e: unknown) => void = () => {};
    mocks.activityMetrics.mockImplementation(() => new Promise((_, reject) => (fail = reject)));
    await openDetail();
    expect(screen.getByTestId("activity-metrics")).toHaveAttribute("data-state", "loading");
    expect(screen.getByTestId("stat-moving-value")).toHaveTextContent("59:00");
    expect(screen.getAllByTestId("lap-row")).toHaveLength(2);
    await act(async () => fail(new Error("metrics exploded")));
    expect(await screen.findByTestId("metrics-error")).toHaveTextContent("metrics exploded");
    expect(screen.getByTestId("activity-detail")).toBeInTheDocument();
    expect(screen.queryByTestId("activity-error")).not.toBeInTheDocument();
  });
});
