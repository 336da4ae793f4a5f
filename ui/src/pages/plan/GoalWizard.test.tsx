import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { notifications } from "@mantine/notifications";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setupCommandMocks } from "../../test/mockBindings";
import { ambitiousWarning, planView } from "../../test/planFixtures";
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

async function openWizard() {
  mocks.activePlan.mockResolvedValue({ status: "ok", data: null });
  renderApp(<PlanPage />, "/plan");
  return screen.findByTestId("goal-wizard");
}

async function fill(user: UserEvent, testId: string, value: string) {
  const input = screen.getByTestId(testId);
  await user.clear(input);
  if (value) await user.type(input, value);
}

/** Date inputs take their value whole. */
function setDate(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

const step = () => screen.getByTestId("goal-wizard").getAttribute("data-step");

async function next(user: UserEvent) {
  await user.click(screen.getByTestId("wizard-next"));
}

/** Loads the template (a half marathon), then goes to the review step. */
async function toReviewFromTemplate(user: UserEvent) {
  await openWizard();
  await user.selectOptions(await screen.findByTestId("goal-template"), "3");
  await waitFor(() => expect(screen.getByTestId("goal-kind-half_marathon")).toHaveAttribute("aria-checked", "true"));
  for (const s of ["dates", "level", "availability", "preferences", "review"]) {
    await next(user);
    await waitFor(() => expect(step()).toBe(s));
  }
}

describe("goal wizard", () => {
  it("shows the wizard when there is no plan", async () => {
    const wizard = await openWizard();
    expect(screen.getByTestId("plan-page")).toBeInTheDocument();
    expect(wizard).toHaveAttribute("data-step", "goal");
    expect(screen.getByTestId("wizard-explain")).toHaveTextContent("What are you training for?");
    expect(screen.getByTestId("wizard-back")).toBeDisabled();
    expect(screen.queryByTestId("wizard-cancel")).not.toBeInTheDocument();
    for (const k of ["five_k", "ten_k", "half_marathon", "marathon", "trail", "base_building"])
      expect(screen.getByTestId(`goal-kind-${k}`)).toHaveAttribute("aria-checked", "false");
  });

  it("validates each step and creates the plan with the goal entered", async () => {
    mocks.checkGoal.mockResolvedValue({ status: "ok", data: [ambitiousWarning] });
    await openWizard();
    const user = userEvent.setup();

    // 1. goal: required
    await next(user);
    expect(await screen.findByTestId("goal-error-kind")).toHaveTextContent("Choose what you are training for.");
    expect(step()).toBe("goal");
    await user.click(screen.getByTestId("goal-kind-half_marathon"));
    await waitFor(() => expect(screen.queryByTestId("goal-error-kind")).not.toBeInTheDocument());
    await next(user);
    await waitFor(() => expect(step()).toBe("dates"));

    // 2. dates: the start defaults to next Monday; race date and target required; race after start
    expect(screen.getByTestId("goal-start-date")).toHaveValue("2026-03-16");
    await next(user);
    expect(await screen.findByTestId("goal-error-race_date")).toHaveTextContent("Enter a value.");
    expect(screen.getByTestId("goal-error-target_time")).toHaveTextContent("Enter a target time");
    setDate("goal-race-date", "2026-03-10");
    await waitFor(() => expect(screen.getByTestId("goal-error-race_date")).toHaveTextContent("The race must be at least a week after the start date."));
    setDate("goal-race-date", "2026-06-28");
    await fill(user, "goal-target-time", "1:45:00");
    await waitFor(() => expect(screen.queryByTestId("goal-error-race_date")).not.toBeInTheDocument());
    expect(screen.getByText("15 weeks of training.")).toBeInTheDocument();
    await next(user);
    await waitFor(() => expect(step()).toBe("level"));

    // 3. level: a recent race gives the VDOT
    await user.click(screen.getByTestId("level-source-recent_race"));
    await next(user);
    expect(await screen.findByTestId("goal-error-race_distance_km")).toHaveTextContent("Enter a value.");
    expect(screen.getByTestId("goal-error-weekly_km")).toBeInTheDocument();
    await fill(user, "level-race-distance", "10");
    await fill(user, "level-race-time", "45:00");
    expect(screen.getByTestId("level-vdot")).toHaveTextContent("VDOT ≈ 45.3");
    await fill(user, "level-weekly-km", "35");
    await fill(user, "level-longest-km", "16");
    await fill(user, "level-years", "4");
    await next(user);
    await waitFor(() => expect(step()).toBe("availability"));

    // 4. availability: the long-run day must be a training day
    expect(screen.getByTestId("day-Sun")).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByTestId("day-Sun"));
    await next(user);
    expect(await screen.findByTestId("goal-error-long_run_day")).toHaveTextContent("The long-run day must be one of your training days.");
    await user.selectOptions(screen.getByTestId("long-run-day"), "Sat");
    await waitFor(() => expect(screen.queryByTestId("goal-error-long_run_day")).not.toBeInTheDocument());
    await user.click(screen.getByTestId("day-Mon"));
    await fill(user, "max-session-min", "75");
    await next(user);
    await waitFor(() => expect(step()).toBe("preferences"));

    // 5. preferences: 4 days + 4 rest days do not fit in a week
    await fill(user, "constraint-rest-days", "4");
    await next(user);
    expect(await screen.findByTestId("goal-error-min_rest_days")).toHaveTextContent("cannot exceed 7");
    await fill(user, "constraint-rest-days", "2");
    await user.click(screen.getByTestId("pref-treadmill"));
    await user.click(screen.getByTestId("constraint-injury"));
    await user.selectOptions(screen.getByTestId("pref-intensity"), "threshold");
    await next(user);
    await waitFor(() => expect(step()).toBe("review"));

    // 6. review: the goal checked live, its warning translated by code
    const expected = {
      kind: { type: "half_marathon" },
      start: "2026-03-16",
      race_date: "2026-06-28",
      weeks: null,
      target_time_s: 6300,
      level: { source: "recent_race", weekly_km: 35, longest_run_km: 16, vdot: 45.3, experience_years: 4 },
      availability: { days: ["Mon", "Tue", "Thu", "Sat"], long_run_day: "Sat", max_session_min: 75, max_long_run_min: 120 },
      preferences: { intensity: "threshold", cross_training: false, treadmill: true },
      constraints: { injury_history: true, min_rest_days: 2 },
    };
    await waitFor(() => expect(mocks.checkGoal).toHaveBeenCalledWith(expected));
    const warnings = await screen.findByTestId("goal-warnings");
    const warning = within(warnings).getByTestId("goal-warning");
    expect(warning).toHaveAttribute("data-code", "target_beyond_vdot");
    expect(warning).toHaveTextContent("Your target is well beyond what your current fitness predicts.");
    expect(within(warning).getByText(ambitiousWarning.message)).toHaveAttribute("lang", "en");
    expect(warning).toHaveTextContent("Aim for about 1:32:06");
    const summary = screen.getByTestId("goal-summary");
    expect(summary).toHaveTextContent("Half marathon");
    expect(summary).toHaveTextContent("1:45:00");
    expect(summary).toHaveTextContent("Mon, Tue, Thu, Sat · long run on Saturday");

    await fill(user, "plan-name", "My half");
    await user.click(screen.getByTestId("create-plan"));
    await waitFor(() => expect(mocks.createPlan).toHaveBeenCalledWith("My half", expected));
    expect(await screen.findByTestId("plan-view")).toBeInTheDocument();
    expect(screen.queryByTestId("goal-wizard")).not.toBeInTheDocument();
  });

  it("asks for the weeks of base building, and a trail's distance", async () => {
    await openWizard();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("goal-kind-trail"));
    await next(user);
    expect(await screen.findByTestId("goal-error-trail_distance_km")).toHaveTextContent("Enter a value.");
    await user.click(screen.getByTestId("goal-kind-base_building"));
    await next(user);
    await waitFor(() => expect(step()).toBe("dates"));
    expect(screen.queryByTestId("goal-race-date")).not.toBeInTheDocument();
    expect(screen.queryByTestId("goal-target-time")).not.toBeInTheDocument();
    await fill(user, "goal-weeks", "80");
    await next(user);
    expect(await screen.findByTestId("goal-error-weeks")).toHaveTextContent("Enter a value between 2 and 52.");
  });

  it("takes the level from the activities", async () => {
    await openWizard();
    const user = userEvent.setup();
    await user.click(screen.getByTestId("goal-kind-ten_k"));
    await next(user);
    setDate("goal-race-date", "2026-05-10");
    await user.click(screen.getByTestId("goal-just-finish"));
    expect(screen.getByTestId("goal-target-time")).toBeDisabled();
    await next(user);
    await waitFor(() => expect(step()).toBe("level"));
    await user.click(screen.getByTestId("level-source-activities"));
    await waitFor(() => expect(screen.getByTestId("level-weekly-km")).toHaveValue("32.5"));
    expect(mocks.planLevelFromActivities).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("level-longest-km")).toHaveValue("14.2");
    expect(screen.getByTestId("level-years")).toHaveValue("4.2");
    expect(screen.getByTestId("level-vdot")).toHaveTextContent("VDOT ≈ 48.7");
  });

  it("starts from a template, and places a refusal of the check on its step and field", async () => {
    const user = userEvent.setup();
    mocks.checkGoal.mockResolvedValue({
      status: "error",
      error: { code: "invalid_input", message: "the long-run day (Sunday) is not one of the training days", field: "availability.long_run_day" },
    });
    await toReviewFromTemplate(user);
    expect(mocks.goalFromTemplate).toHaveBeenCalledWith(3, "2026-03-16");
    await waitFor(() =>
      expect(mocks.checkGoal).toHaveBeenCalledWith(
        expect.objectContaining({ start: "2026-03-16", race_date: "2026-04-12", target_time_s: 6300, level: expect.objectContaining({ source: "declared", weekly_km: 30 }) }),
      ),
    );
    const alert = await screen.findByTestId("goal-check-error");
    expect(alert).toHaveAttribute("data-field", "availability.long_run_day");
    expect(alert).toHaveTextContent("Step “Availability”, Long-run day:");
    expect(alert).toHaveTextContent("the long-run day (Sunday) is not one of the training days");
    await user.click(screen.getByTestId("goal-check-fix"));
    await waitFor(() => expect(step()).toBe("availability"));
    expect(screen.getByTestId("goal-error-long_run_day")).toHaveTextContent("the long-run day (Sunday) is not one of the training days");
  });

  it("deletes a template", async () => {
    await openWizard();
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByTestId("goal-template"), "3");
    await user.click(await screen.findByTestId("goal-template-delete"));
    await waitFor(() => expect(mocks.deletePlanTemplate).toHaveBeenCalledWith(3));
    await waitFor(() => expect(screen.queryByTestId("goal-template")).not.toBeInTheDocument());
  });

  it("sends the athlete back to the step a refusal of the creation names", async () => {
    const user = userEvent.setup();
    mocks.createPlan.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: "the race date 2026-04-12 is in the past", field: "race_date" } });
    await toReviewFromTemplate(user);
    await screen.findByTestId("goal-no-warnings");
    await user.click(screen.getByTestId("create-plan"));
    await waitFor(() => expect(step()).toBe("dates"));
    expect(screen.getByTestId("goal-error-race_date")).toHaveTextContent("the race date 2026-04-12 is in the past");
  });

  it("shows other refusals of the creation on the review step", async () => {
    const user = userEvent.setup();
    mocks.createPlan.mockResolvedValue({ status: "error", error: { code: "storage", message: "disk full", field: null } });
    await toReviewFromTemplate(user);
    await user.click(screen.getByTestId("create-plan"));
    expect(await screen.findByTestId("create-error")).toHaveTextContent("disk full");
    expect(step()).toBe("review");
  });

  it("opens from the plan and can be cancelled", async () => {
    renderApp(<PlanPage />, "/plan");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("new-goal"));
    expect(await screen.findByTestId("goal-wizard")).toBeInTheDocument();
    await user.click(screen.getByTestId("wizard-cancel"));
    expect(await screen.findByTestId("plan-view")).toHaveAttribute("data-plan-id", String(planView.id));
  });

  it("speaks French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    await openWizard();
    await waitFor(() => expect(screen.getByTestId("goal-wizard")).toHaveTextContent("Nouvel objectif"));
    expect(screen.getByTestId("goal-kind-half_marathon")).toHaveTextContent("Semi-marathon");
    const user = userEvent.setup();
    await next(user);
    expect(await screen.findByTestId("goal-error-kind")).toHaveTextContent("Choisissez votre objectif.");
    expect(screen.getByTestId("wizard-next")).toHaveTextContent("Suivant");
  });
});
