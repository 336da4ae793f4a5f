import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { activityDetail, activityMetrics, settingsWith } from "../../test/fixtures";
import { mockActivityCommands, setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

async function openDetail(detail = activityDetail) {
  const acts = mockActivityCommands();
  acts.getActivity.mockResolvedValue({ status: "ok", data: detail });
  renderApp(<App />, "/activities/3");
  await screen.findByTestId("activity-detail");
  return { acts, user: userEvent.setup() };
}

describe("edit an activity", () => {
  it("sends the athlete's values, then shows them marked as edited", async () => {
    const { acts, user } = await openDetail();
    expect(screen.queryByTestId("edited-name")).not.toBeInTheDocument();
    expect(screen.queryByTestId("activity-manual")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("activity-edit"));
    const form = await screen.findByTestId("edit-form");
    expect(screen.getByTestId("edit-name")).toHaveValue("Lake loop");
    expect(screen.getByTestId("edit-sport")).toHaveValue("running");
    expect(screen.getByTestId("edit-counts-for-load")).toBeChecked();
    expect(screen.getByTestId("edit-exclude-from-export")).not.toBeChecked();

    await user.clear(screen.getByTestId("edit-name"));
    await user.type(screen.getByTestId("edit-name"), "Lake loop with Sam");
    await user.selectOptions(screen.getByTestId("edit-sport"), "hiking");
    await user.type(screen.getByTestId("edit-description"), "Mostly walking");
    await user.click(screen.getByTestId("edit-counts-for-load"));
    await user.click(screen.getByTestId("edit-exclude-from-export"));
    const metricsCalls = acts.activityMetrics.mock.calls.length;
    await user.click(within(form).getByTestId("edit-save"));

    await waitFor(() => expect(mocks.editActivity).toHaveBeenCalledTimes(1));
    expect(mocks.editActivity).toHaveBeenCalledWith(3, {
      name: "Lake loop with Sam",
      sport: "hiking",
      description: "Mostly walking",
      counts_for_load: false,
      exclude_from_export: true,
    });
    await waitFor(() => expect(screen.getByTestId("activity-title")).toHaveTextContent("Lake loop with Sam"));
    expect(screen.queryByTestId("edit-form")).not.toBeInTheDocument();
    expect(screen.getByTestId("activity-sport")).toHaveTextContent("Hiking");
    expect(screen.getByTestId("activity-description")).toHaveTextContent("Mostly walking");
    for (const f of ["name", "sport", "description", "counts_for_load"]) expect(screen.getByTestId(`edited-${f}`)).toHaveTextContent("edited");
    expect(screen.getByTestId("activity-no-load")).toHaveTextContent("Not counted in training load");
    expect(screen.getByTestId("activity-no-export")).toHaveTextContent("Excluded from exports");
    // the sport and the load flag change the metrics: they are asked for again
    await waitFor(() => expect(acts.activityMetrics.mock.calls.length).toBeGreaterThan(metricsCalls));
  });

  it("refuses a name that is too long, and shows a backend refusal under its field", async () => {
    const { user } = await openDetail();
    await user.click(screen.getByTestId("activity-edit"));
    await screen.findByTestId("edit-form");
    await user.clear(screen.getByTestId("edit-name"));
    await user.click(screen.getByTestId("edit-name"));
    await user.paste("x".repeat(101));
    await user.click(screen.getByTestId("edit-save"));
    expect(await screen.findByTestId("edit-error-name")).toHaveTextContent("The name must be at most 100 characters.");
    expect(mocks.editActivity).not.toHaveBeenCalled();

    mocks.editActivity.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: "unknown sport", field: "sport" } });
    await user.clear(screen.getByTestId("edit-name"));
    await user.click(screen.getByTestId("edit-save"));
    expect(await screen.findByTestId("edit-error-sport")).toHaveTextContent("unknown sport");
  });

  it("marks a manual entry and what was edited before", async () => {
    await openDetail({
      ...activityDetail,
      summary: { ...activityDetail.summary, manual: true, rpe: 4 },
      description: "Intervals on the track",
      edited: ["name"],
    });
    expect(screen.getByTestId("activity-manual")).toHaveTextContent("Manual entry");
    expect(screen.getByTestId("edited-name")).toBeInTheDocument();
    expect(screen.queryByTestId("edited-sport")).not.toBeInTheDocument();
    expect(screen.getByTestId("activity-description")).toHaveTextContent("Intervals on the track");
    expect(screen.getByTestId("rpe-picker")).toHaveAttribute("data-value", "4");
    expect(screen.getByTestId("rpe-picker-anchor")).toHaveTextContent("4 – Somewhat hard");
  });
});

describe("how it felt", () => {
  it("saves the RPE and notes of the activity", async () => {
    const { user } = await openDetail();
    const card = screen.getByTestId("activity-feedback");
    expect(card).toHaveTextContent("How it felt");
    expect(screen.getByTestId("rpe-picker-anchor")).toHaveTextContent("Not rated");
    expect(screen.getByTestId("rpe-save")).toBeDisabled();
    await user.click(screen.getByTestId("rpe-picker-6"));
    expect(screen.getByTestId("rpe-picker-anchor")).toHaveTextContent("6 – Hard");
    await user.type(screen.getByTestId("activity-notes"), "  Windy on the far side ");
    await user.click(screen.getByTestId("rpe-save"));
    await waitFor(() => expect(mocks.setActivityFeedback).toHaveBeenCalledWith(3, { rpe: 6, notes: "Windy on the far side" }));
    await waitFor(() => expect(screen.getByTestId("rpe-save")).toBeDisabled());
  });

  it("clears a rating by choosing it again", async () => {
    const { user } = await openDetail({ ...activityDetail, summary: { ...activityDetail.summary, rpe: 3 }, notes: "ok" });
    expect(screen.getByTestId("activity-notes")).toHaveValue("ok");
    await user.click(screen.getByTestId("rpe-picker-3"));
    expect(screen.getByTestId("rpe-picker")).toHaveAttribute("data-value", "");
    await user.click(screen.getByTestId("rpe-save"));
    await waitFor(() => expect(mocks.setActivityFeedback).toHaveBeenCalledWith(3, { rpe: null, notes: "ok" }));
  });

  it("explains session-RPE on hover", async () => {
    const { user } = await openDetail();
    const hint = screen.getByTestId("feedback-load-hint");
    expect(hint).toHaveAccessibleName(expect.stringContaining("no heart rate or power, Tempo uses RPE × minutes (Foster's session-RPE)"));
    await user.hover(hint);
    // Hovering mounts the tooltip; it may already be fading out again by the time
    // the query runs (jsdom has no layout), so hidden ones count too.
    expect(await screen.findByRole("tooltip", { hidden: true })).toHaveTextContent("RPE × minutes (Foster's session-RPE)");
  });

  it("names a session-RPE load", async () => {
    const acts = mockActivityCommands();
    acts.activityMetrics.mockResolvedValue({ status: "ok", data: { ...activityMetrics, power: null, heart: null, running: null, load: { metric: "session_rpe", value: 360 } } });
    renderApp(<App />, "/activities/3");
    expect(await screen.findByTestId("metrics-load-metric")).toHaveTextContent("Session RPE");
    expect(screen.getByTestId("metrics-load-value")).toHaveTextContent("360");
  });

  it("shows a refusal of the notes under them", async () => {
    mocks.setActivityFeedback.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: "notes too long", field: "notes" } });
    const { user } = await openDetail();
    await user.type(screen.getByTestId("activity-notes"), "x");
    await user.click(screen.getByTestId("rpe-save"));
    expect(await screen.findByText("notes too long")).toBeInTheDocument();
  });

  it("speaks French, with the CR10 anchors", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    const { user } = await openDetail();
    await waitFor(() => expect(screen.getByTestId("activity-feedback")).toHaveTextContent("Ressenti"));
    expect(screen.getByTestId("activity-edit")).toHaveTextContent("Modifier");
    await user.click(screen.getByTestId("rpe-picker-8"));
    expect(screen.getByTestId("rpe-picker-anchor")).toHaveTextContent("8 – Très difficile");
    await user.click(screen.getByTestId("rpe-picker-0"));
    expect(screen.getByTestId("rpe-picker-anchor")).toHaveTextContent("0 – Repos");
    expect(screen.getByTestId("rpe-picker-10")).toHaveAttribute("title", "Maximal");
    expect(screen.getByTestId("rpe-picker-4")).toHaveAttribute("title", "Un peu difficile");
  });
});
