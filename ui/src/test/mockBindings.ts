import { vi } from "vitest";
import { commands } from "../bindings";
import { acts } from "../lib/activities/api";
import { kb, resetPageIndex } from "../lib/knowledge";
import { makeActivityCommands, makeCommands, makeKbCommands } from "./fixtures";

/** Resets every mocked command to the happy defaults; returns the typed mocks. */
export function resetCommandMocks() {
  const defaults = makeCommands();
  for (const [name, impl] of Object.entries(defaults)) {
    const fn = vi.mocked(commands[name as keyof typeof commands]);
    fn.mockReset();
    fn.mockImplementation(impl.getMockImplementation() as never);
  }
  return {
    checkDatabase: vi.mocked(commands.checkDatabase),
    getProfile: vi.mocked(commands.getProfile),
    updateProfile: vi.mocked(commands.updateProfile),
    profileHistory: vi.mocked(commands.profileHistory),
    getDiagnostics: vi.mocked(commands.getDiagnostics),
    getSettings: vi.mocked(commands.getSettings),
    setSettings: vi.mocked(commands.setSettings),
    loadSeries: vi.mocked(commands.loadSeries),
  };
}

/**
 * Replaces the knowledge-base commands with happy defaults; returns the typed mocks.
 * Spies on the `kb` object itself, so it works whichever module provides the commands.
 */
export function mockKbCommands() {
  resetPageIndex();
  const defaults = makeKbCommands();
  return {
    kbSearch: vi.spyOn(kb, "kbSearch").mockReset().mockImplementation(defaults.kbSearch),
    kbPage: vi.spyOn(kb, "kbPage").mockReset().mockImplementation(defaults.kbPage),
    kbPages: vi.spyOn(kb, "kbPages").mockReset().mockImplementation(defaults.kbPages),
  };
}

/** Replaces the activity commands with happy defaults; returns the typed mocks. */
export function mockActivityCommands() {
  const d = makeActivityCommands();
  return {
    listActivities: vi.spyOn(acts, "listActivities").mockReset().mockImplementation(d.listActivities),
    getActivity: vi.spyOn(acts, "getActivity").mockReset().mockImplementation(d.getActivity),
    activityStreams: vi.spyOn(acts, "activityStreams").mockReset().mockImplementation(d.activityStreams),
    activityMetrics: vi.spyOn(acts, "activityMetrics").mockReset().mockImplementation(d.activityMetrics),
    deleteActivity: vi.spyOn(acts, "deleteActivity").mockReset().mockImplementation(d.deleteActivity),
    chooseImportPaths: vi.spyOn(acts, "chooseImportPaths").mockReset().mockImplementation(d.chooseImportPaths),
    importActivities: vi.spyOn(acts, "importActivities").mockReset().mockImplementation(d.importActivities as never),
    cancelImport: vi.spyOn(acts, "cancelImport").mockReset().mockImplementation(d.cancelImport),
  };
}
