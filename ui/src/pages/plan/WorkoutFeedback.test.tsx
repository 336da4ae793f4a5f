import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { planView } from "../../test/planFixtures";
import { renderApp } from "../../test/render";
import type { PlanView } from "../../lib/api";
import { WorkoutDrawer } from "./WorkoutDrawer";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

// Today is 2026-03-15: workout 105 (03-12) is past, 106 is today, 107 (03-17) is to come.
const mocks = setupCommandMocks();

function renderDrawer(id: number, plan: PlanView = planView) {
  const onChanged = vi.fn();
  const noop = vi.fn(async () => {});
  renderApp(<WorkoutDrawer plan={plan} workoutId={id} onClose={vi.fn()} onSkip={noop} onMove={noop} onExportFit={noop} onChanged={onChanged} />);
  return { onChanged, user: userEvent.setup() };
}

describe("workout drawer: how it felt", () => {
  it("saves the RPE and notes of a past session and hands the updated plan back", async () => {
    const { onChanged, user } = renderDrawer(105);
    const feedback = await screen.findByTestId("workout-feedback");
    expect(feedback).toHaveTextContent("How it felt");
    await user.click(within(feedback).getByTestId("workout-rpe-5"));
    expect(screen.getByTestId("workout-rpe-anchor")).toHaveTextContent("5 – Hard");
    await user.type(screen.getByTestId("workout-notes"), "Last rep was tough");
    await user.click(screen.getByTestId("workout-feedback-save"));
    await waitFor(() => expect(mocks.setWorkoutFeedback).toHaveBeenCalledWith(105, { rpe: 5, notes: "Last rep was tough" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    const plan = onChanged.mock.calls[0][0] as PlanView;
    expect(plan.workouts.find((w) => w.id === 105)).toMatchObject({ rpe: 5, notes: "Last rep was tough" });
    expect(plan.workouts.find((w) => w.id === 104)).toMatchObject({ rpe: null, notes: null });
  });

  it("shows the saved feedback of a session", async () => {
    const plan = { ...planView, workouts: planView.workouts.map((w) => (w.id === 106 ? { ...w, rpe: 9, notes: "Hot day" } : w)) };
    renderDrawer(106, plan);
    expect(await screen.findByTestId("workout-rpe")).toHaveAttribute("data-value", "9");
    expect(screen.getByTestId("workout-notes")).toHaveValue("Hot day");
    expect(screen.getByTestId("workout-feedback-save")).toBeDisabled();
  });

  it("asks nothing of a session still to come", async () => {
    renderDrawer(107);
    await screen.findByTestId("workout-drawer");
    expect(screen.queryByTestId("workout-feedback")).not.toBeInTheDocument();
  });

  it("speaks French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    renderDrawer(105);
    await waitFor(() => expect(screen.getByTestId("workout-feedback")).toHaveTextContent("Ressenti"));
    expect(screen.getByTestId("workout-feedback")).toHaveTextContent("Effort perçu (RPE, 0–10)");
    expect(screen.getByTestId("workout-feedback-save")).toHaveTextContent("Enregistrer");
  });
});
