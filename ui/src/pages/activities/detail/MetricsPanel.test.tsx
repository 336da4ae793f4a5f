import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../../i18n";
import type { ActivityMetrics } from "../../../lib/api";
import { activityMetrics, activityMetricsNoFtp, settingsWith } from "../../../test/fixtures";
import { resetCommandMocks } from "../../../test/mockBindings";
import { renderApp } from "../../../test/render";
import { MetricsPanel, missingThresholds } from "./MetricsPanel";

vi.mock("../../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

let mocks: ReturnType<typeof resetCommandMocks>;

function renderPanel(data: ActivityMetrics) {
  return renderApp(<MetricsPanel state={{ kind: "ok", data }} units="metric" />);
}

beforeEach(async () => {
  mocks = resetCommandMocks();
  await i18n.changeLanguage("en");
});

describe("metrics panel", () => {
  it("shows the load, power and heart-rate figures", () => {
    renderPanel(activityMetrics);
    const panel = screen.getByTestId("activity-metrics");
    expect(panel).toHaveAttribute("data-state", "ok");
    const load = screen.getByTestId("metrics-load");
    expect(load).toHaveAttribute("data-metric", "tss");
    expect(within(load).getByTestId("metrics-load-value")).toHaveTextContent("97");
    expect(within(load).getByTestId("metrics-load-metric")).toHaveTextContent("TSS");

    expect(screen.getByTestId("metric-average_w-value")).toHaveTextContent("231 W");
    expect(screen.getByTestId("metric-normalized_w-value")).toHaveTextContent("247 W");
    expect(screen.getByTestId("metric-intensity_factor-value")).toHaveTextContent("0.99");
    expect(screen.getByTestId("metric-variability_index-value")).toHaveTextContent("1.07");
    expect(screen.getByTestId("metric-tss-value")).toHaveTextContent("97");

    expect(screen.getByTestId("metric-banister_trimp-value")).toHaveTextContent("121");
    expect(screen.getByTestId("metric-edwards_trimp-value")).toHaveTextContent("168");
    expect(screen.getByTestId("metric-hrss-value")).toHaveTextContent("93");
    expect(screen.queryByTestId("metrics-missing")).not.toBeInTheDocument();
  });

  it("lists the time in each zone as durations, with its bpm range", () => {
    renderPanel(activityMetrics);
    const zones = screen.getByTestId("hr-zones");
    expect(zones).toHaveAttribute("data-model", "friel_lthr");
    expect(within(zones).getByTestId("hr-zones-model")).toHaveTextContent("Friel zones from your LTHR");
    const rows = within(zones).getAllByTestId("hr-zone");
    expect(rows).toHaveLength(7);
    expect(within(rows[0]).getByTestId("hr-zone-name")).toHaveTextContent("Z1");
    expect(within(rows[0]).getByTestId("hr-zone-range")).toHaveTextContent("< 145 bpm");
    expect(within(rows[0]).getByTestId("hr-zone-time")).toHaveTextContent("5:05");
    expect(within(rows[1]).getByTestId("hr-zone-range")).toHaveTextContent("145–154 bpm");
    expect(within(rows[1]).getByTestId("hr-zone-time")).toHaveTextContent("21:00");
    expect(within(rows[2]).getByTestId("hr-zone-time")).toHaveTextContent("25:00");
    expect(within(rows[6]).getByTestId("hr-zone-range")).toHaveTextContent("≥ 180 bpm");
    expect(within(rows[6]).getByTestId("hr-zone-time")).toHaveTextContent("0:00");
    // 1500 s of 3600 s
    expect(rows[2]).toHaveTextContent("42 %");
  });

  it("switches the heart-rate zones between the models the thresholds allow", async () => {
    renderPanel(activityMetrics);
    const zones = screen.getByTestId("hr-zones");
    const user = userEvent.setup();
    const pick = within(screen.getByTestId("hr-zones-switch"));
    expect(pick.getByText("LTHR")).toBeInTheDocument();
    await user.click(pick.getByText("% HRR"));
    await waitFor(() => expect(zones).toHaveAttribute("data-model", "karvonen_hrr"));
    expect(within(zones).getByTestId("hr-zones-model")).toHaveTextContent("Karvonen zones in % of heart-rate reserve");
    const rows = within(zones).getAllByTestId("hr-zone");
    expect(rows).toHaveLength(6);
    expect(within(rows[0]).getByTestId("hr-zone-name")).toHaveTextContent("below Z1");
    expect(within(rows[1]).getByTestId("hr-zone-range")).toHaveTextContent("118–132 bpm");
    expect(within(rows[3]).getByTestId("hr-zone-time")).toHaveTextContent("31:40");
    await user.click(pick.getByText("% HRmax"));
    await waitFor(() => expect(zones).toHaveAttribute("data-model", "percent_hrmax"));
    expect(within(zones).getAllByTestId("hr-zone-range")[5]).toHaveTextContent("≥ 169 bpm");
  });

  it("shows a single heart-rate model without a switch", () => {
    const heart = activityMetrics.heart!;
    renderPanel({ ...activityMetrics, heart: { ...heart, zone_models: [heart.zone_models[0]] } });
    expect(screen.getByTestId("hr-zones")).toHaveAttribute("data-model", "friel_lthr");
    expect(screen.queryByTestId("hr-zones-switch")).not.toBeInTheDocument();
  });

  it("shows the best power and the best running efforts with their pace", () => {
    renderPanel(activityMetrics);
    const power = screen.getAllByTestId("power-best-row");
    expect(power.map((r) => r.getAttribute("data-duration"))).toEqual(["5", "60", "1200", "3600"]);
    expect(power[0]).toHaveTextContent("5 s");
    expect(power[0]).toHaveTextContent("512 W");
    expect(power[0]).toHaveTextContent("30:05");
    expect(power[1]).toHaveTextContent("1 min");
    expect(power[2]).toHaveTextContent("20 min");
    expect(power[3]).toHaveTextContent("60 min");
    expect(power[3]).toHaveTextContent("231 W");

    const runs = screen.getAllByTestId("distance-best-row");
    expect(runs).toHaveLength(5);
    expect(runs[0]).toHaveTextContent("400 m");
    expect(runs[0]).toHaveTextContent("1:18");
    expect(runs[0]).toHaveTextContent("3:16 /km");
    expect(runs[2]).toHaveTextContent("1 mile");
    expect(runs[3]).toHaveTextContent("5 km");
    expect(runs[3]).toHaveTextContent("20:30");
    expect(runs[3]).toHaveTextContent("4:06 /km");
    expect(runs[4]).toHaveTextContent("10 km");
    expect(runs[4]).toHaveTextContent("44:10");
  });

  it("says which thresholds were used and since when", () => {
    renderPanel(activityMetrics);
    expect(screen.getByTestId("threshold-ftp_w")).toHaveTextContent("FTP 250 W since 2022-01-01");
    expect(screen.getByTestId("threshold-lthr")).toHaveTextContent("LTHR 171 bpm since 2026-02-01");
    expect(screen.getByTestId("threshold-max_hr")).toHaveTextContent("Max HR 188 bpm since 2026-02-01");
    expect(screen.getByTestId("threshold-resting_hr")).toHaveTextContent("Resting HR 48 bpm since 2026-02-15");
    expect(screen.getByTestId("activity-metrics")).toHaveTextContent("thresholds in force on 2026-03-01");
  });

  it("explains a metric on hover", async () => {
    renderPanel(activityMetrics);
    const user = userEvent.setup();
    await user.hover(within(screen.getByTestId("metric-tss")).getByText("TSS"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("Training Stress Score: an hour at FTP = 100");
  });

  it("asks for an FTP, with a link to the profile, when IF and TSS are missing", () => {
    renderPanel(activityMetricsNoFtp);
    expect(screen.getByTestId("metric-intensity_factor-value")).toHaveTextContent("—");
    expect(screen.getByTestId("metric-tss-value")).toHaveTextContent("—");
    // HRSS stands for the load instead
    expect(screen.getByTestId("metrics-load")).toHaveAttribute("data-metric", "hrss");
    expect(screen.getByTestId("metrics-load-metric")).toHaveTextContent("HRSS");
    expect(screen.getByTestId("metrics-hint-ftp")).toHaveTextContent("Set your FTP to get the intensity factor and TSS.");
    expect(screen.queryByTestId("metrics-hint-hr")).not.toBeInTheDocument();
    expect(screen.getByTestId("metrics-profile-link")).toHaveAttribute("href", "/settings/profile");
    // the backend's own explanation is shown too
    expect(screen.getByTestId("metrics-notes")).toHaveTextContent("no FTP recorded on 2026-03-01: no intensity factor or TSS");
    expect(screen.queryByTestId("threshold-ftp_w")).not.toBeInTheDocument();
  });

  it("asks for heart-rate thresholds when TRIMP, HRSS and zones are missing", () => {
    const data: ActivityMetrics = {
      ...activityMetrics,
      thresholds: { on: "2026-03-01", max_hr: null, resting_hr: null, lthr: null, ftp_w: null, threshold_pace_s_per_km: null, sex: null },
      power: null,
      power_bests: [],
      heart: { banister_trimp: null, edwards_trimp: null, hrss: null, zone_model: null, zones: [], zone_models: [] },
      load: null,
      notes: ["no max and resting HR recorded on 2026-03-01: no Banister TRIMP or HRSS"],
    };
    expect(missingThresholds(data)).toEqual(["hr", "zones"]);
    renderPanel(data);
    expect(screen.getByTestId("metrics-load-none")).toHaveTextContent("No training load");
    expect(screen.getByTestId("metrics-hint-hr")).toBeInTheDocument();
    expect(screen.getByTestId("metrics-hint-zones")).toBeInTheDocument();
    expect(screen.queryByTestId("hr-zones")).not.toBeInTheDocument();
    expect(screen.queryByTestId("metrics-power")).not.toBeInTheDocument();
    expect(screen.getByTestId("metrics-thresholds")).toHaveTextContent("No thresholds were set for this date.");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderPanel(activityMetricsNoFtp);
    const panel = screen.getByTestId("activity-metrics");
    await waitFor(() => expect(panel).toHaveTextContent("Indicateurs d'entraînement"));
    expect(panel).toHaveTextContent("Charge d'entraînement");
    expect(screen.getByTestId("metric-normalized_w")).toHaveTextContent("Puissance normalisée");
    expect(screen.getByTestId("metric-banister_trimp")).toHaveTextContent("TRIMP de Banister");
    expect(screen.getByTestId("hr-zones")).toHaveTextContent("Temps par zone cardiaque");
    expect(screen.getByTestId("threshold-lthr")).toHaveTextContent("FC seuil 171 bpm depuis le 2026-02-01");
    expect(screen.getByTestId("metrics-hint-ftp")).toHaveTextContent("Renseignez votre FTP");
    expect(screen.getByTestId("metrics-profile-link")).toHaveTextContent("Réglages → Profil");
    expect(screen.getAllByTestId("distance-best-row")[0]).toHaveTextContent("3:16 /km");
    const user = userEvent.setup();
    await user.hover(within(screen.getByTestId("metric-hrss")).getByText("HRSS"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("Heart-rate Stress Score : une heure à la FC seuil (LTHR) = 100");
  });

  it("shows the running metrics: NGP as a pace, IF and rTSS", () => {
    renderPanel(activityMetrics);
    const run = screen.getByTestId("metrics-running");
    // 2.95 m/s is 5:39 /km
    expect(within(run).getByTestId("metric-ngp-value")).toHaveTextContent("5:39 /km");
    expect(within(run).getByTestId("metric-running_if-value")).toHaveTextContent("0.77");
    expect(within(run).getByTestId("metric-rtss-value")).toHaveTextContent("60");
  });

  it("shows the efficiency factor and calls a decoupling under 5 % aerobically steady", () => {
    renderPanel(activityMetrics);
    expect(screen.getByTestId("metric-efficiency_factor-value")).toHaveTextContent("1.63 W/bpm");
    expect(screen.getByTestId("metric-decoupling-value")).toHaveTextContent("3.2 %");
    const verdict = screen.getByTestId("metrics-decoupling-verdict");
    expect(verdict).toHaveAttribute("data-steady", "true");
    expect(verdict).toHaveTextContent("< 5 %: aerobically steady");
    expect(screen.getByTestId("metrics-efficiency")).toHaveTextContent("normalized power ÷ average HR");
  });

  it("flags a decoupling of 5 % or more", () => {
    renderPanel({ ...activityMetrics, efficiency: { basis: "pace", factor: 1.852, decoupling_percent: 7.44 } });
    expect(screen.getByTestId("metric-efficiency_factor-value")).toHaveTextContent("1.85 m/min/bpm");
    expect(screen.getByTestId("metric-decoupling-value")).toHaveTextContent("7.4 %");
    expect(screen.getByTestId("metrics-decoupling-verdict")).toHaveTextContent("≥ 5 %: cardiac drift");
  });

  it("shows the lowest W′ balance with the CP and W′ used and the fit's days", () => {
    renderPanel(activityMetrics);
    const wbal = screen.getByTestId("metrics-wbal");
    expect(within(wbal).getByTestId("metric-w_balance_min-value")).toHaveTextContent("6.1 kJ at 32:15");
    // 6,100 J of 18,200 J
    expect(within(wbal).getByTestId("metrics-wbal-share")).toHaveTextContent("34 % of W′ left at the lowest point");
    expect(within(wbal).getByTestId("metric-w_balance_fit-value")).toHaveTextContent("262 W / 18.2 kJ");
    expect(within(wbal).getByTestId("metrics-wbal-range")).toHaveTextContent("Fitted to your best efforts from 2025-12-02 to 2026-03-01");
  });

  it("lists the time in Coggan's power zones with their watts", () => {
    renderPanel(activityMetrics);
    const zones = screen.getByTestId("power-zones");
    expect(zones).toHaveAttribute("data-model", "coggan");
    expect(within(zones).getByTestId("power-zones-model")).toHaveTextContent("Coggan's levels from your FTP");
    const rows = within(zones).getAllByTestId("power-zone");
    expect(rows).toHaveLength(7);
    expect(within(rows[0]).getByTestId("power-zone-name")).toHaveTextContent("Z1 Active recovery");
    expect(within(rows[0]).getByTestId("power-zone-range")).toHaveTextContent("≤ 138 W");
    expect(within(rows[1]).getByTestId("power-zone-range")).toHaveTextContent("138–188 W");
    expect(within(rows[2]).getByTestId("power-zone-time")).toHaveTextContent("18:20");
    expect(within(rows[6]).getByTestId("power-zone-range")).toHaveTextContent("> 375 W");
  });

  it("lists the time in Daniels' pace zones with their paces", () => {
    renderPanel(activityMetrics);
    const zones = screen.getByTestId("pace-zones");
    expect(zones).toHaveAttribute("data-model", "daniels");
    const rows = within(zones).getAllByTestId("pace-zone");
    expect(rows.map((r) => within(r).getByTestId("pace-zone-name").textContent)).toEqual([
      "below E",
      "E · Easy",
      "M · Marathon",
      "T · Threshold",
      "I · Interval",
      "R · Repetition",
    ]);
    expect(within(rows[0]).getByTestId("pace-zone-range")).toHaveTextContent("slower than 6:00 /km");
    expect(within(rows[1]).getByTestId("pace-zone-range")).toHaveTextContent("5:12–6:00 /km");
    expect(within(rows[1]).getByTestId("pace-zone-time")).toHaveTextContent("35:00");
    expect(within(rows[5]).getByTestId("pace-zone-range")).toHaveTextContent("faster than 3:55 /km");
  });

  it("gives pace zones per mile in imperial units", () => {
    renderApp(<MetricsPanel state={{ kind: "ok", data: activityMetrics }} units="imperial" />);
    const rows = screen.getAllByTestId("pace-zone");
    expect(within(rows[1]).getByTestId("pace-zone-range")).toHaveTextContent("8:22–9:39 /mi");
    expect(screen.getByTestId("metric-ngp-value")).toHaveTextContent("9:06 /mi");
    expect(screen.getByTestId("threshold-threshold_pace_s_per_km")).toHaveTextContent("Threshold pace 7:02 /mi since 2026-02-01");
  });

  it("says which threshold pace was used", () => {
    renderPanel(activityMetrics);
    expect(screen.getByTestId("threshold-threshold_pace_s_per_km")).toHaveTextContent("Threshold pace 4:22 /km since 2026-02-01");
  });

  it("explains the new metrics on hover", async () => {
    renderPanel(activityMetrics);
    const user = userEvent.setup();
    await user.hover(within(screen.getByTestId("metric-decoupling")).getByText("Decoupling"));
    expect(await screen.findByRole("tooltip", {}, { timeout: 5000 })).toHaveTextContent("under 5 % = aerobically steady");
    await user.unhover(within(screen.getByTestId("metric-decoupling")).getByText("Decoupling"));
    await user.hover(within(screen.getByTestId("metric-rtss")).getByText("rTSS"));
    await waitFor(() => expect(screen.getByRole("tooltip")).toHaveTextContent("Running TSS: an hour at threshold pace = 100"));
  });

  it("asks for a threshold pace when a run has no rTSS", () => {
    const data: ActivityMetrics = {
      ...activityMetrics,
      thresholds: { ...activityMetrics.thresholds, threshold_pace_s_per_km: null },
      running: { normalized_graded_speed_mps: 2.95, intensity_factor: null, rtss: null },
      pace_zones: null,
      notes: ["no threshold pace recorded on 2026-03-01: no rTSS"],
    };
    expect(missingThresholds(data)).toEqual(["pace"]);
    renderPanel(data);
    expect(screen.getByTestId("metrics-hint-pace")).toHaveTextContent("Set your threshold pace to get rTSS and pace zones.");
    expect(screen.getByTestId("metric-rtss-value")).toHaveTextContent("—");
    expect(screen.queryByTestId("pace-zones")).not.toBeInTheDocument();
  });

  it("names rTSS as the load of a run without power", () => {
    renderPanel({ ...activityMetrics, power: null, power_zones: null, w_balance: null, load: { metric: "rtss", value: 59.8 } });
    expect(screen.getByTestId("metrics-load")).toHaveAttribute("data-metric", "rtss");
    expect(screen.getByTestId("metrics-load-metric")).toHaveTextContent("rTSS");
    expect(screen.getByTestId("metrics-load-value")).toHaveTextContent("60");
  });

  it("renders the new metrics in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderPanel(activityMetrics);
    const panel = screen.getByTestId("activity-metrics");
    await waitFor(() => expect(panel).toHaveTextContent("Indicateurs d'entraînement"));
    expect(screen.getByTestId("metrics-running")).toHaveTextContent("Course à pied");
    expect(screen.getByTestId("metric-decoupling")).toHaveTextContent("Découplage");
    expect(screen.getByTestId("metric-decoupling-value")).toHaveTextContent("3,2 %");
    expect(screen.getByTestId("metrics-decoupling-verdict")).toHaveTextContent("< 5 % : stable en aérobie");
    expect(screen.getByTestId("power-zones")).toHaveTextContent("Temps par zone de puissance");
    expect(screen.getAllByTestId("power-zone-name")[0]).toHaveTextContent("Z1 Récupération active");
    expect(screen.getAllByTestId("pace-zone-name")[1]).toHaveTextContent("E · Facile");
    expect(screen.getAllByTestId("pace-zone-range")[0]).toHaveTextContent("plus lent que 6:00 /km");
    expect(screen.getByTestId("metric-w_balance_min-value")).toHaveTextContent("6,1 kJ à 32:15");
  });

  it("shows a loader while loading", () => {
    renderApp(<MetricsPanel state={{ kind: "loading" }} units="metric" />);
    expect(screen.getByTestId("activity-metrics")).toHaveAttribute("data-state", "loading");
    expect(screen.getByTestId("activity-metrics-loading")).toBeInTheDocument();
    expect(screen.queryByTestId("metrics-load")).not.toBeInTheDocument();
  });

  it("shows the backend's error", () => {
    renderApp(<MetricsPanel state={{ kind: "error", error: { code: "storage", message: "database is locked", field: null } }} units="metric" />);
    const error = screen.getByTestId("metrics-error");
    expect(error).toHaveTextContent("The training metrics could not be computed");
    expect(error).toHaveTextContent("database is locked");
  });

  it("shows paces per mile in imperial units", () => {
    renderApp(<MetricsPanel state={{ kind: "ok", data: activityMetrics }} units="imperial" />);
    // 5 km in 20:30 is 4:06 /km, 6:36 /mi
    expect(screen.getAllByTestId("distance-best-row")[3]).toHaveTextContent("6:36 /mi");
  });
});
