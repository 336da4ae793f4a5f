import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { notifications } from "@mantine/notifications";
import { useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setupCommandMocks } from "../../test/mockBindings";
import { adjustment, planView } from "../../test/planFixtures";
import { renderApp } from "../../test/render";
import { PlanPage } from "./PlanPage";
import { settingsWith } from "../../test/fixtures";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

// Notifications live in a store shared by the tests of the file: start each test without any.
afterEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});

async function renderPlan() {
  renderApp(<PlanPage />, "/plan");
  return screen.findByTestId("plan-view");
}

/** Shows the router's current address, to see what the page does to it. */
function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

const workoutEl = (id: number) => document.querySelector(`[data-testid="planned-workout"][data-id="${id}"]`) as HTMLElement;
const dayEl = (date: string) => document.querySelector(`[data-testid="calendar-day"][data-date="${date}"]`) as HTMLElement;

/** A stand-in for the browser's DataTransfer (jsdom has none). */
function dataTransfer() {
  const store = new Map<string, string>();
  return {
    setData: (k: string, v: string) => void store.set(k, v),
    getData: (k: string) => store.get(k) ?? "",
    dropEffect: "none",
    effectAllowed: "all",
  };
}

describe("plan view", () => {
  it("shows the goal, dates, VDOT and warnings in the header", async () => {
    await renderPlan();
    const header = screen.getByTestId("plan-header");
    expect(within(header).getByTestId("plan-title")).toHaveTextContent("Spring half");
    expect(within(header).getByTestId("plan-dates")).toHaveTextContent("Half marathon · Mar 2, 2026 → Mar 29, 2026 · race on Mar 29, 2026");
    expect(within(header).getByTestId("plan-vdot")).toHaveTextContent("50.3");
    expect(within(header).getByTestId("plan-target")).toHaveTextContent("1:45:00");
    const warning = within(header).getByTestId("plan-warning");
    expect(warning).toHaveAttribute("data-code", "too_few_weeks");
    expect(warning).toHaveTextContent("There are few weeks left to prepare for this race.");
    expect(within(warning).getByText(planView.warnings[0].message)).toHaveAttribute("lang", "en");
  });

  it("renders the month with each session's kind and status", async () => {
    await renderPlan();
    const calendar = screen.getByTestId("calendar");
    expect(calendar).toHaveAttribute("data-view", "month");
    expect(screen.getByTestId("calendar-title")).toHaveTextContent("March 2026");
    expect(within(calendar).getAllByTestId("calendar-day")).toHaveLength(42);
    expect(within(calendar).getAllByTestId("planned-workout")).toHaveLength(10);
    const statuses = { 101: "completed", 102: "partial", 103: "missed", 104: "skipped", 105: "completed", 106: "planned" } as const;
    for (const [id, status] of Object.entries(statuses)) expect(workoutEl(Number(id))).toHaveAttribute("data-status", status);
    expect(within(workoutEl(101)).getByTestId("workout-status")).toHaveTextContent("Done");
    expect(within(workoutEl(102)).getByTestId("workout-status")).toHaveTextContent("Partial");
    expect(within(workoutEl(103)).getByTestId("workout-status")).toHaveTextContent("Missed");
    expect(within(workoutEl(104)).getByTestId("workout-status")).toHaveTextContent("Skipped");
    expect(within(workoutEl(106)).queryByTestId("workout-status")).not.toBeInTheDocument();
    expect(workoutEl(106)).toHaveAttribute("data-kind", "long");
    expect(workoutEl(106)).toHaveAttribute("draggable", "true");
    expect(workoutEl(106)).toHaveTextContent("Long run");
    expect(workoutEl(106)).toHaveTextContent("1 h 35 · 17.3 km");
    expect(within(dayEl("2026-03-15")).getByTestId("planned-workout")).toBe(workoutEl(106));
    expect(dayEl("2026-03-15")).toHaveAttribute("data-today", "true");
    expect(dayEl("2026-02-28")).not.toHaveAttribute("data-in-plan");
  });

  it("switches to the week view and moves through the weeks", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(within(screen.getByTestId("calendar-view")).getByText("Week"));
    const days = within(screen.getByTestId("calendar")).getAllByTestId("calendar-day");
    expect(days.map((d) => d.getAttribute("data-date"))).toEqual(["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14", "2026-03-15"]);
    expect(workoutEl(105)).toHaveTextContent("Intervals 5 × 3 min");
    await user.click(screen.getByTestId("calendar-next"));
    expect(screen.getByTestId("calendar-title")).toHaveTextContent("Week of March 16, 2026");
    expect(workoutEl(107)).toBeInTheDocument();
    expect(workoutEl(105)).toBeNull();
  });

  it("moves a session dragged to another day", async () => {
    await renderPlan();
    const dt = dataTransfer();
    fireEvent.dragStart(workoutEl(107), { dataTransfer: dt });
    fireEvent.dragOver(dayEl("2026-03-18"), { dataTransfer: dt });
    fireEvent.drop(dayEl("2026-03-18"), { dataTransfer: dt });
    await waitFor(() => expect(mocks.movePlannedWorkout).toHaveBeenCalledWith(107, "2026-03-18"));
    await waitFor(() => expect(within(dayEl("2026-03-18")).getByTestId("planned-workout")).toHaveAttribute("data-id", "107"));
    expect(workoutEl(107)).toHaveAttribute("data-date", "2026-03-18");
    expect(await screen.findByText("Session moved to Wednesday, March 18")).toBeInTheDocument();
  });

  it("does not move a session dropped on its own day or outside the plan", async () => {
    await renderPlan();
    const dt = dataTransfer();
    fireEvent.dragStart(workoutEl(107), { dataTransfer: dt });
    fireEvent.drop(dayEl("2026-03-17"), { dataTransfer: dt });
    fireEvent.dragStart(workoutEl(107), { dataTransfer: dt });
    fireEvent.drop(dayEl("2026-02-27"), { dataTransfer: dt });
    await new Promise((r) => setTimeout(r, 50));
    expect(mocks.movePlannedWorkout).not.toHaveBeenCalled();
  });

  it("tells why a move was refused", async () => {
    mocks.movePlannedWorkout.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: "2026-04-30 is outside the plan", field: "date" } });
    await renderPlan();
    const dt = dataTransfer();
    fireEvent.dragStart(workoutEl(107), { dataTransfer: dt });
    fireEvent.drop(dayEl("2026-03-18"), { dataTransfer: dt });
    expect(await screen.findByText("2026-04-30 is outside the plan")).toBeInTheDocument();
    expect(workoutEl(107)).toHaveAttribute("data-date", "2026-03-17");
  });

  it("lists the weeks: phases, recovery, planned against done, rules linked to the knowledge page", async () => {
    await renderPlan();
    const weeks = screen.getByTestId("week-loads");
    const rows = within(weeks).getAllByTestId("week-row");
    expect(rows.map((r) => r.getAttribute("data-phase"))).toEqual(["base", "build", "peak", "taper"]);
    expect(rows[2]).toHaveAttribute("data-recovery", "true");
    expect(within(rows[2]).getByTestId("week-recovery")).toHaveTextContent("Recovery");
    expect(rows[1]).toHaveAttribute("data-current", "true");
    expect(within(rows[0]).getByTestId("week-km")).toHaveAttribute("data-planned", "34.5");
    expect(within(rows[0]).getByTestId("week-km")).toHaveAttribute("data-done", "18.3");
    expect(within(rows[0]).getByTestId("week-load")).toHaveAttribute("data-planned", "190");
    expect(rows[0]).toHaveTextContent("18.3 / 34.5 km");
    expect(rows[0]).toHaveTextContent("67 % of sessions done");
    const rule = within(within(rows[1]).getByTestId("week-rules")).getAllByTestId("week-rule")[0];
    expect(rule).toHaveTextContent("Rule 2");
    expect(rule).toHaveAttribute("data-note", "volume +8 % (cap 10 %)");
    expect(rule.getAttribute("href")).toMatch(/^\/knowledge\/plan-generation-rules\?section=Rule%202/);
    // a week picked in the list shows in the calendar
    const user = userEvent.setup();
    await user.click(within(rows[3]).getByTestId("week-open"));
    expect(screen.getByTestId("calendar")).toHaveAttribute("data-view", "week");
    expect(dayEl("2026-03-29")).toBeInTheDocument();
    expect(dayEl("2026-03-22")).toBeNull();
  });

  it("opens a session in the drawer with its steps, targets and chart", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(workoutEl(102));
    const drawer = await screen.findByTestId("workout-drawer");
    expect(drawer).toHaveAttribute("data-id", "102");
    expect(within(drawer).getByTestId("workout-title")).toHaveTextContent("Threshold 3 × 1.6 km");
    expect(within(drawer).getByTestId("workout-purpose")).toHaveTextContent("Purpose of Threshold 3 × 1.6 km.");
    expect(within(drawer).getByTestId("workout-estimates")).toHaveTextContent("55 min");
    expect(within(drawer).getByTestId("workout-estimates")).toHaveTextContent("10.2 km");
    expect(within(drawer).getByTestId("workout-ratio")).toHaveTextContent("70 % of the planned duration done");
    expect(within(drawer).getByTestId("workout-activity")).toHaveAttribute("href", "/activities/4");
    const repeat = within(drawer).getByTestId("workout-repeat");
    expect(repeat).toHaveAttribute("data-count", "3");
    expect(repeat).toHaveTextContent("3 ×");
    const steps = within(drawer).getAllByTestId("workout-step");
    expect(steps).toHaveLength(5);
    expect(steps[0]).toHaveTextContent("Warm-up · 10 min · 130–145 bpm");
    expect(steps[1]).toHaveTextContent("Work · 1.6 km · 4:27–4:20 /km");
    expect(steps[2]).toHaveTextContent("Recovery · 1:30 min · RPE 2");
    expect(steps[3]).toHaveTextContent("220–240 W");
    expect(steps[4]).toHaveTextContent("Cool-down · until you press lap");
    const chart = within(drawer).getByTestId("workout-steps-chart");
    expect(chart).toHaveAttribute("data-segments", "9");
    const bars = within(chart).getAllByTestId("chart-bar");
    expect(bars.map((b) => b.getAttribute("data-intensity"))).toEqual([
      "warmup",
      "active",
      "recovery",
      "active",
      "recovery",
      "active",
      "recovery",
      "active",
      "cooldown",
    ]);
    expect(bars[1]).toHaveAttribute("data-percent", "100");
    expect(bars[1]).toHaveAttribute("data-rep", "1");
  });

  it("opens the session the dashboard links to, and forgets the link once closed", async () => {
    renderApp(
      <>
        <PlanPage />
        <LocationProbe />
      </>,
      "/plan?workout=108",
    );
    const drawer = await screen.findByTestId("workout-drawer");
    expect(drawer).toHaveAttribute("data-id", "108");
    expect(within(drawer).getByTestId("workout-title")).toHaveTextContent("Long run 80 min, last 15 min at race pace");
    expect(screen.getByTestId("location")).toHaveTextContent("/plan?workout=108");
    await userEvent.setup().keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("workout-drawer")).not.toBeInTheDocument());
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/plan$/);
  });

  it("ignores a link to a session the plan does not have", async () => {
    renderApp(<PlanPage />, "/plan?workout=999");
    await screen.findByTestId("plan-view");
    expect(screen.queryByTestId("workout-drawer")).not.toBeInTheDocument();
  });

  it("skips a session and puts it back", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(workoutEl(107));
    const drawer = await screen.findByTestId("workout-drawer");
    await user.click(within(drawer).getByTestId("workout-skip"));
    await waitFor(() => expect(mocks.skipPlannedWorkout).toHaveBeenCalledWith(107, true));
    await waitFor(() => expect(screen.getByTestId("workout-drawer")).toHaveAttribute("data-status", "skipped"));
    expect(workoutEl(107)).toHaveAttribute("data-status", "skipped");
    expect(screen.getByTestId("workout-skip")).toHaveTextContent("Put it back");
    await user.click(screen.getByTestId("workout-skip"));
    await waitFor(() => expect(mocks.skipPlannedWorkout).toHaveBeenLastCalledWith(107, false));
  });

  it("moves a session from the drawer, by date", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(workoutEl(107));
    const drawer = await screen.findByTestId("workout-drawer");
    const input = within(drawer).getByTestId("workout-move-date");
    expect(input).toHaveValue("2026-03-17");
    expect(within(drawer).getByTestId("workout-move")).toBeDisabled();
    fireEvent.change(input, { target: { value: "2026-04-30" } });
    expect(within(drawer).getByTestId("workout-move")).toBeDisabled();
    fireEvent.change(input, { target: { value: "2026-03-19" } });
    await user.click(within(drawer).getByTestId("workout-move"));
    await waitFor(() => expect(mocks.movePlannedWorkout).toHaveBeenCalledWith(107, "2026-03-19"));
    await waitFor(() => expect(workoutEl(107)).toHaveAttribute("data-date", "2026-03-19"));
  });

  it("checks the plan and accepts the proposed adjustment", async () => {
    await renderPlan();
    const user = userEvent.setup();
    expect(screen.queryByTestId("adjustment-card")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("adapt-check"));
    const card = await screen.findByTestId("adjustment-card");
    expect(mocks.adaptPlan).toHaveBeenCalledTimes(1);
    expect(card).toHaveAttribute("data-reason", "missed_workouts");
    expect(within(card).getByTestId("adjustment-reason")).toHaveTextContent("Several sessions were missed");
    expect(within(card).getByText(adjustment.explanation)).toHaveAttribute("lang", "en");
    const weeks = within(card).getAllByTestId("adjustment-week");
    expect(weeks).toHaveLength(1);
    expect(weeks[0]).toHaveAttribute("data-index", "2");
    expect(weeks[0]).toHaveTextContent("Week 3");
    expect(weeks[0]).toHaveTextContent("28.1 km");
    expect(weeks[0]).toHaveTextContent("→ 24 km");
    await user.click(within(card).getByTestId("adjustment-accept"));
    await waitFor(() => expect(mocks.decidePlanAdjustment).toHaveBeenCalledWith(7, true));
    await waitFor(() => expect(screen.queryByTestId("adjustment-card")).not.toBeInTheDocument());
    expect(await screen.findByText("Adjustment applied to your plan")).toBeInTheDocument();
  });

  it("shows a pending adjustment on load and rejects it", async () => {
    mocks.activePlan.mockResolvedValue({ status: "ok", data: { ...planView, pending_adjustment: adjustment } });
    await renderPlan();
    const user = userEvent.setup();
    await user.click(within(await screen.findByTestId("adjustment-card")).getByTestId("adjustment-reject"));
    await waitFor(() => expect(mocks.decidePlanAdjustment).toHaveBeenCalledWith(7, false));
    await waitFor(() => expect(screen.queryByTestId("adjustment-card")).not.toBeInTheDocument());
  });

  it("says when the plan needs no change", async () => {
    mocks.adaptPlan.mockResolvedValue({ status: "ok", data: null });
    await renderPlan();
    await userEvent.setup().click(screen.getByTestId("adapt-check"));
    expect(await screen.findByTestId("adapt-on-track")).toHaveTextContent("Your plan is on track");
    expect(screen.queryByTestId("adjustment-card")).not.toBeInTheDocument();
  });

  it("exports the plan and shows where it was saved; a cancelled dialog says nothing", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("export-ics"));
    await waitFor(() => expect(mocks.exportPlanFile).toHaveBeenCalledWith(12, "ics"));
    expect(await screen.findByTestId("export-saved")).toHaveTextContent("/home/camille/Documents/spring-half.ics");

    mocks.exportPlanFile.mockResolvedValue({ status: "ok", data: null });
    await user.click(screen.getByTestId("export-json"));
    await waitFor(() => expect(mocks.exportPlanFile).toHaveBeenLastCalledWith(12, "json"));
    expect(screen.getAllByTestId("export-saved")).toHaveLength(1);

    mocks.exportPlanFile.mockResolvedValue({ status: "error", error: { code: "internal", message: "cannot write /root/plan.txt", field: null } });
    await user.click(screen.getByTestId("export-text"));
    await waitFor(() => expect(mocks.exportPlanFile).toHaveBeenLastCalledWith(12, "text"));
    expect(await screen.findByText("cannot write /root/plan.txt")).toBeInTheDocument();

    await user.click(screen.getByTestId("export-fit"));
    await waitFor(() => expect(mocks.exportPlanFit).toHaveBeenCalledWith(12));
    expect(await screen.findByText("2 workouts saved")).toBeInTheDocument();
    expect(screen.getAllByTestId("export-saved").at(-1)).toHaveTextContent("/home/camille/fit");
  });

  it("saves the plan as a template", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("save-template"));
    const name = await screen.findByTestId("template-name");
    expect(name).toHaveValue("Spring half");
    await user.clear(name);
    await user.click(screen.getByTestId("template-confirm"));
    expect(await screen.findByTestId("template-error")).toHaveTextContent("Enter a value.");
    await user.type(name, "Spring template");
    await user.click(screen.getByTestId("template-confirm"));
    await waitFor(() => expect(mocks.savePlanTemplate).toHaveBeenCalledWith(12, "Spring template"));
    expect(await screen.findByText("Template “Spring template” saved")).toBeInTheDocument();
  });

  it("switches to another plan", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("plan-switcher"), "9");
    await waitFor(() => expect(mocks.activatePlan).toHaveBeenCalledWith(9));
    await waitFor(() => expect(screen.getByTestId("plan-title")).toHaveTextContent("Autumn 10K"));
    expect(screen.getByTestId("plan-view")).toHaveAttribute("data-plan-id", "9");
  });

  it("deletes the goal after a confirmation, then offers the wizard", async () => {
    await renderPlan();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("delete-goal"));
    await user.click(await screen.findByTestId("delete-goal-cancel"));
    expect(mocks.deleteGoal).not.toHaveBeenCalled();
    mocks.activePlan.mockResolvedValue({ status: "ok", data: null });
    await user.click(screen.getByTestId("delete-goal"));
    await user.click(await screen.findByTestId("delete-goal-confirm"));
    await waitFor(() => expect(mocks.deleteGoal).toHaveBeenCalledWith(4));
    expect(await screen.findByTestId("goal-wizard")).toBeInTheDocument();
    expect(screen.queryByTestId("wizard-cancel")).not.toBeInTheDocument();
  });

  it("tells a loading failure by its code", async () => {
    mocks.activePlan.mockResolvedValue({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    renderApp(<PlanPage />, "/plan");
    const error = await screen.findByTestId("plan-error");
    expect(error).toHaveAttribute("data-code", "storage");
    expect(error).toHaveTextContent("database is locked");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    await renderPlan();
    await waitFor(() => expect(screen.getByTestId("calendar")).toHaveTextContent("Calendrier"));
    expect(screen.getByTestId("calendar-title")).toHaveTextContent("Mars 2026");
    expect(within(workoutEl(101)).getByTestId("workout-status")).toHaveTextContent("Faite");
    expect(within(workoutEl(103)).getByTestId("workout-status")).toHaveTextContent("Manquée");
    expect(workoutEl(101)).toHaveTextContent("Footing");
    expect(screen.getByTestId("plan-warning")).toHaveTextContent("Il reste peu de semaines pour préparer cette course.");
    expect(screen.getByTestId("adapt-check")).toHaveTextContent("Vérifier mon plan");
    expect(screen.getByTestId("export-text")).toHaveTextContent("Texte");
    const rows = screen.getAllByTestId("week-row");
    expect(rows[0]).toHaveTextContent("Semaine 1");
    expect(rows[0]).toHaveTextContent("Foncier");
    expect(rows[2]).toHaveTextContent("Récupération");
    expect(within(rows[1]).getAllByTestId("week-rule")[0]).toHaveTextContent("Règle 2");
    const user = userEvent.setup();
    await user.click(workoutEl(102));
    const drawer = await screen.findByTestId("workout-drawer");
    expect(drawer).toHaveTextContent("Échauffement");
    expect(drawer).toHaveTextContent("jusqu'à l'appui sur « tour »");
    expect(within(drawer).getByTestId("workout-skip")).toHaveTextContent("Sauter cette séance");
  });
});
