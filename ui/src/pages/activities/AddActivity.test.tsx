import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { utcOffsetAt } from "../../lib/manualEntry";
import { activityList, makeActivity, settingsWith } from "../../test/fixtures";
import { mockActivityCommands, setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

// Today is Sunday 2026-03-15, 10:00 (TEST_NOW).
const mocks = setupCommandMocks();

async function openForm() {
  const acts = mockActivityCommands();
  renderApp(<App />, "/activities");
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("activity-add"));
  const form = await screen.findByTestId("entry-form");
  return { acts, user, form };
}

/** Date and time inputs: set their value as the browser's picker would. */
function pick(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe("add an activity by hand", () => {
  it("starts now, and explains what is wrong before sending anything", async () => {
    const { user } = await openForm();
    expect(screen.getByTestId("entry-date")).toHaveValue("2026-03-15");
    expect(screen.getByTestId("entry-time")).toHaveValue("10:00");
    expect(screen.getByTestId("entry-sport")).toHaveValue("running");

    pick("entry-date", "2026-03-16");
    await user.type(screen.getByTestId("entry-avg-hr"), "160");
    await user.type(screen.getByTestId("entry-max-hr"), "150");
    await user.type(screen.getByTestId("entry-distance"), "-2");
    await user.click(screen.getByTestId("entry-save"));

    expect(await screen.findByTestId("entry-error-duration")).toHaveTextContent("Enter a value.");
    expect(screen.getByTestId("entry-error-date")).toHaveTextContent("The date cannot be in the future.");
    expect(screen.getByTestId("entry-error-max-hr")).toHaveTextContent("Max heart rate cannot be lower than the average.");
    expect(screen.getByTestId("entry-error-distance")).toHaveTextContent("The distance cannot be negative.");

    await user.clear(screen.getByTestId("entry-avg-hr"));
    await user.type(screen.getByTestId("entry-avg-hr"), "300");
    await user.type(screen.getByTestId("entry-duration"), "25:00:00");
    await user.click(screen.getByTestId("entry-save"));
    expect(await screen.findByText("Enter a value between 25 and 250.")).toBeInTheDocument();
    expect(screen.getByTestId("entry-error-duration")).toHaveTextContent("The duration must be more than 0 and less than 24 hours.");
    expect(mocks.addActivity).not.toHaveBeenCalled();
  });

  it("sends the session with its local start and UTC offset, then opens it", async () => {
    const { acts, user } = await openForm();
    await user.selectOptions(screen.getByTestId("entry-sport"), "cycling");
    pick("entry-date", "2026-03-14");
    pick("entry-time", "18:30");
    await user.type(screen.getByTestId("entry-duration"), "1:30:00");
    await user.type(screen.getByTestId("entry-distance"), "42,5");
    await user.type(screen.getByTestId("entry-avg-hr"), "140");
    await user.type(screen.getByTestId("entry-max-hr"), "172");
    await user.type(screen.getByTestId("entry-name"), "Turbo session");
    await user.type(screen.getByTestId("entry-description"), "Zwift race");
    await user.click(screen.getByTestId("entry-rpe-7"));
    expect(screen.getByTestId("entry-rpe-anchor")).toHaveTextContent("7 – Very hard");
    await user.type(screen.getByTestId("entry-notes"), "Legs heavy");
    await user.click(screen.getByTestId("entry-save"));

    await waitFor(() => expect(mocks.addActivity).toHaveBeenCalledTimes(1));
    expect(mocks.addActivity).toHaveBeenCalledWith({
      sport: "cycling",
      start_local: "2026-03-14T18:30",
      utc_offset_s: utcOffsetAt("2026-03-14", "18:30"),
      duration_s: 5400,
      distance_m: 42500,
      avg_hr: 140,
      max_hr: 172,
      name: "Turbo session",
      description: "Zwift race",
      rpe: 7,
      notes: "Legs heavy",
    });
    // the new activity's page (id 42)
    await waitFor(() => expect(acts.getActivity).toHaveBeenCalledWith(42), { timeout: 5000 });
  });

  it("puts a backend refusal under its field", async () => {
    mocks.addActivity.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: "That is a long session.", field: "duration_s" } });
    const { user } = await openForm();
    await user.type(screen.getByTestId("entry-duration"), "5:00:00");
    await user.click(screen.getByTestId("entry-save"));
    expect(await screen.findByTestId("entry-error-duration")).toHaveTextContent("That is a long session.");
    expect(screen.getByTestId("entry-form")).toBeInTheDocument();
  });

  it("shows a refusal without a field above the buttons", async () => {
    mocks.addActivity.mockResolvedValue({ status: "error", error: { code: "storage", message: "disk is full", field: null } });
    const { user } = await openForm();
    await user.type(screen.getByTestId("entry-duration"), "30:00");
    await user.click(screen.getByTestId("entry-save"));
    expect(await screen.findByTestId("entry-form-error")).toHaveTextContent("disk is full");
  });

  it("reads distances in miles with imperial units", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ units: "imperial" }) });
    const { user, form } = await openForm();
    expect(within(form).getByText("Distance (mi)")).toBeInTheDocument();
    await user.type(screen.getByTestId("entry-duration"), "30:00");
    await user.type(screen.getByTestId("entry-distance"), "3");
    await user.click(screen.getByTestId("entry-save"));
    await waitFor(() => expect(mocks.addActivity).toHaveBeenCalledTimes(1));
    expect(mocks.addActivity.mock.calls[0][0]).toMatchObject({ distance_m: 4828, duration_s: 1800, sport: "running", rpe: null });
  });

  it("speaks French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    mockActivityCommands();
    renderApp(<App />, "/activities");
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("activity-add")).toHaveTextContent("Ajouter une activité"));
    await user.click(screen.getByTestId("activity-add"));
    const form = await screen.findByTestId("entry-form");
    expect(within(form).getByText("Durée")).toBeInTheDocument();
    expect(within(form).getByText("Heure de début")).toBeInTheDocument();
    await user.click(screen.getByTestId("entry-save"));
    expect(await screen.findByTestId("entry-error-duration")).toHaveTextContent("Saisissez une valeur.");
  });
});

describe("activity list marks", () => {
  it("shows the RPE and a pencil for entries typed by hand", async () => {
    const acts = mockActivityCommands();
    const manual = makeActivity(7, { name: "Gym", sport: "strength", rpe: 6, manual: true, start: "2026-03-10T17:00:00Z" });
    acts.listActivities.mockResolvedValue({ status: "ok", data: { ...activityList, activities: [manual, ...activityList.activities] } });
    renderApp(<App />, "/activities");
    const rows = await screen.findAllByTestId("activity-row");
    expect(within(rows[0]).getByTestId("activity-row-rpe")).toHaveTextContent("RPE 6");
    expect(within(rows[0]).getByTestId("activity-row-manual")).toHaveAttribute("title", "Manual entry");
    expect(within(rows[1]).queryByTestId("activity-row-rpe")).not.toBeInTheDocument();
    expect(within(rows[1]).queryByTestId("activity-row-manual")).not.toBeInTheDocument();
  });
});
