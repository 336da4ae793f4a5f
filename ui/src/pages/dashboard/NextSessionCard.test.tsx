import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { PlannedWorkout, PlanView } from "../../lib/api";
import { settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { planView } from "../../test/planFixtures";
import { renderApp } from "../../test/render";
import { Dashboard } from "../Dashboard";
import { NextSessionCard } from "./NextSessionCard";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

// Today is Sunday 2026-03-15: the plan's long run (106) is planned today, the
// easy run (107) on Tuesday the 17th, and the race on the 29th.
const mocks = setupCommandMocks();

function withWorkouts(change: (w: PlannedWorkout) => PlannedWorkout): PlanView {
  return { ...planView, workouts: planView.workouts.map(change) };
}

describe("next session card", () => {
  it("shows today's session with its figures, the race countdown and a link into the plan", async () => {
    renderApp(<NextSessionCard />);
    const next = await screen.findByTestId("next-session-workout");
    expect(next).toHaveAttribute("data-id", "106");
    expect(within(next).getByTestId("next-session-day")).toHaveTextContent("Today");
    expect(within(next).getByTestId("next-session-kind")).toHaveTextContent("Long run");
    expect(within(next).getByTestId("next-session-title")).toHaveTextContent("Long run 95 min");
    expect(within(next).getByTestId("next-session-figures")).toHaveTextContent("1 h 35 · 17.3 km · load 85");
    expect(next).toHaveTextContent("Purpose of Long run 95 min.");
    expect(within(next).getByTestId("next-session-race")).toHaveTextContent("Spring half: race in 14 days");
    expect(within(next).getByTestId("next-session-open")).toHaveAttribute("href", "/plan?workout=106");
    expect(mocks.activePlan).toHaveBeenCalledTimes(1);
  });

  it("skips a session done or skipped today and a missed one in the past", async () => {
    mocks.activePlan.mockResolvedValue({
      status: "ok",
      data: withWorkouts((w) => (w.id === 106 ? { ...w, status: "completed", activity_id: 6 } : w.id === 104 ? { ...w, status: "planned" } : w)),
    });
    renderApp(<NextSessionCard />);
    const next = await screen.findByTestId("next-session-workout");
    expect(next).toHaveAttribute("data-id", "107");
    expect(within(next).getByTestId("next-session-day")).toHaveTextContent("Tuesday, March 17");
    expect(within(next).getByTestId("next-session-kind")).toHaveTextContent("Easy run");
    expect(within(next).getByTestId("next-session-open")).toHaveAttribute("href", "/plan?workout=107");
  });

  it("gives the distance in miles in imperial units", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "en", units: "imperial" }) });
    renderApp(<NextSessionCard />);
    const next = await screen.findByTestId("next-session-workout");
    await waitFor(() => expect(within(next).getByTestId("next-session-figures")).toHaveTextContent("1 h 35 · 10.7 mi · load 85"));
  });

  it("says tomorrow, and keeps the plan's order on a day with two sessions", async () => {
    mocks.activePlan.mockResolvedValue({
      status: "ok",
      data: withWorkouts((w) =>
        w.id === 106 ? { ...w, status: "skipped" } : w.id === 107 || w.id === 108 ? { ...w, workout: { ...w.workout, date: "2026-03-16" } } : w,
      ),
    });
    renderApp(<NextSessionCard />);
    const next = await screen.findByTestId("next-session-workout");
    expect(next).toHaveAttribute("data-id", "107");
    expect(within(next).getByTestId("next-session-day")).toHaveTextContent("Tomorrow");
  });

  it("says when every session of the plan is behind the athlete", async () => {
    mocks.activePlan.mockResolvedValue({ status: "ok", data: withWorkouts((w) => (w.status === "planned" ? { ...w, status: "skipped" } : w)) });
    renderApp(<NextSessionCard />);
    expect(await screen.findByTestId("next-session-done")).toHaveTextContent("No session left in “Spring half”");
    expect(screen.getByTestId("next-session-open-plan")).toHaveAttribute("href", "/plan");
    expect(screen.queryByTestId("next-session-workout")).not.toBeInTheDocument();
  });

  it("invites to set a goal when there is no plan", async () => {
    mocks.activePlan.mockResolvedValue({ status: "ok", data: null });
    renderApp(<NextSessionCard />);
    expect(await screen.findByTestId("next-session-no-plan")).toHaveTextContent("Set a goal to get a training plan");
    expect(screen.getByTestId("next-session-set-goal")).toHaveAttribute("href", "/plan");
  });

  it("shows why the plan could not be read", async () => {
    mocks.activePlan.mockResolvedValue({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    renderApp(<NextSessionCard />);
    expect(await screen.findByTestId("next-session-error")).toHaveTextContent("database is locked");
  });

  it("speaks French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderApp(<NextSessionCard />);
    const next = await screen.findByTestId("next-session-workout");
    await waitFor(() => expect(within(next).getByTestId("next-session-day")).toHaveTextContent("Aujourd'hui"));
    expect(within(next).getByTestId("next-session-figures")).toHaveTextContent("1 h 35 · 17,3 km · charge 85");
    expect(within(next).getByTestId("next-session-race")).toHaveTextContent("Spring half : course dans 14 jours");
    expect(within(next).getByTestId("next-session-open")).toHaveTextContent("Ouvrir dans le plan");
  });

  it("replaces the placeholder on the dashboard", async () => {
    renderApp(<Dashboard />);
    expect(await screen.findByTestId("next-session-workout")).toHaveAttribute("data-id", "106");
  });
});
