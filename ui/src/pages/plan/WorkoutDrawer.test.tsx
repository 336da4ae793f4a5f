import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { notifications } from "@mantine/notifications";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setupCommandMocks } from "../../test/mockBindings";
import { planView } from "../../test/planFixtures";
import { renderApp } from "../../test/render";
import { WorkoutDrawer } from "./WorkoutDrawer";
import { settingsWith } from "../../test/fixtures";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();

afterEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});

function renderDrawer(id: number) {
  const onChanged = vi.fn();
  const noop = vi.fn(async () => {});
  renderApp(<WorkoutDrawer plan={planView} workoutId={id} onClose={vi.fn()} onSkip={noop} onMove={noop} onExportFit={noop} onChanged={onChanged} />);
  return { onChanged };
}

describe("workout drawer: edit and replace", () => {
  it("refuses an empty title, then saves the new title", async () => {
    const { onChanged } = renderDrawer(107);
    const user = userEvent.setup();
    const drawer = await screen.findByTestId("workout-drawer");
    await user.click(within(drawer).getByTestId("workout-edit"));
    const title = screen.getByTestId("workout-edit-title");
    expect(title).toHaveValue("Easy run 35 min");
    await user.clear(title);
    await user.click(screen.getByTestId("workout-edit-save"));
    expect(await screen.findByText("Enter a title")).toBeInTheDocument();
    expect(mocks.replacePlannedWorkout).not.toHaveBeenCalled();
    await user.type(title, "Shakeout");
    await user.click(screen.getByTestId("workout-edit-save"));
    await waitFor(() => expect(mocks.replacePlannedWorkout).toHaveBeenCalledTimes(1));
    const [id, w] = mocks.replacePlannedWorkout.mock.calls[0];
    expect(id).toBe(107);
    expect(w).toMatchObject({ title: "Shakeout", purpose: "Purpose of Easy run 35 min.", kind: "easy", date: "2026-03-17" });
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(planView));
  });

  it("shows a server refusal under its field", async () => {
    mocks.replacePlannedWorkout.mockResolvedValueOnce({ status: "error", error: { code: "invalid_input", message: "The title is empty.", field: "title" } });
    const { onChanged } = renderDrawer(107);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("workout-edit"));
    await user.click(screen.getByTestId("workout-edit-save"));
    expect(await screen.findByText("The title is empty.")).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it("replaces a session with an easy run", async () => {
    const { onChanged } = renderDrawer(105);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("workout-replace-easy"));
    await waitFor(() => expect(mocks.replacePlannedWorkout).toHaveBeenCalledTimes(1));
    const [id, w] = mocks.replacePlannedWorkout.mock.calls[0];
    expect(id).toBe(105);
    expect(w).toMatchObject({ kind: "easy", title: "Easy run 50 min", est_duration_s: 3000, date: "2026-03-12" });
    expect(w.steps).toHaveLength(1);
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(planView));
    expect(await screen.findByText("Session replaced by an easy run")).toBeInTheDocument();
  });

  it("labels the actions in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr", units: "metric" }) });
    renderDrawer(105);
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId("workout-replace-easy")).toHaveTextContent("Remplacer par un footing facile"));
    await user.click(screen.getByTestId("workout-edit"));
    expect(screen.getByTestId("workout-edit-save")).toHaveTextContent("Enregistrer");
  });
});
