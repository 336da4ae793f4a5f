import { afterEach, beforeEach, vi } from "vitest";
import { commands } from "../bindings";
import i18n from "../i18n";
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
  return commandMocks();
}

/** "Now" in the tests that fake the date: 10:00 on Sunday 2026-03-15, the fixtures' today. */
export const TEST_NOW = new Date(2026, 2, 15, 10, 0, 0);

/**
 * Registers the hooks that start every test of a file with the happy command
 * mocks, in English, and (unless `now` is null) on TEST_NOW: only Date is faked,
 * so user-event and Mantine's timers still run. Returns the typed mocks; they
 * are the same functions from test to test, so one call at the top of the file
 * serves them all.
 *
 * The file must still mock the bindings itself (vi.mock is hoisted per file):
 * every command replaced by a vi.fn().
 */
export function setupCommandMocks({ now = TEST_NOW }: { now?: Date | null } = {}) {
  beforeEach(async () => {
    if (now) {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(now);
    }
    resetCommandMocks();
    await i18n.changeLanguage("en");
  });
  if (now)
    afterEach(() => {
      vi.useRealTimers();
    });
  return commandMocks();
}

function commandMocks() {
  return {
    checkDatabase: vi.mocked(commands.checkDatabase),
    getProfile: vi.mocked(commands.getProfile),
    updateProfile: vi.mocked(commands.updateProfile),
    profileHistory: vi.mocked(commands.profileHistory),
    getDiagnostics: vi.mocked(commands.getDiagnostics),
    getSettings: vi.mocked(commands.getSettings),
    setSettings: vi.mocked(commands.setSettings),
    loadSeries: vi.mocked(commands.loadSeries),
    trainingStatus: vi.mocked(commands.trainingStatus),
    trainingVolume: vi.mocked(commands.trainingVolume),
    meanMaxCurves: vi.mocked(commands.meanMaxCurves),
    zoneDistribution: vi.mocked(commands.zoneDistribution),
    fitnessPredictions: vi.mocked(commands.fitnessPredictions),
    thresholdEstimates: vi.mocked(commands.thresholdEstimates),
    acceptThresholdEstimate: vi.mocked(commands.acceptThresholdEstimate),
    fitnessModel: vi.mocked(commands.fitnessModel),
    getLoadModel: vi.mocked(commands.getLoadModel),
    setLoadModel: vi.mocked(commands.setLoadModel),
    planLevelFromActivities: vi.mocked(commands.planLevelFromActivities),
    checkGoal: vi.mocked(commands.checkGoal),
    createPlan: vi.mocked(commands.createPlan),
    activePlan: vi.mocked(commands.activePlan),
    listPlans: vi.mocked(commands.listPlans),
    getPlan: vi.mocked(commands.getPlan),
    activatePlan: vi.mocked(commands.activatePlan),
    movePlannedWorkout: vi.mocked(commands.movePlannedWorkout),
    skipPlannedWorkout: vi.mocked(commands.skipPlannedWorkout),
    replacePlannedWorkout: vi.mocked(commands.replacePlannedWorkout),
    adaptPlan: vi.mocked(commands.adaptPlan),
    decidePlanAdjustment: vi.mocked(commands.decidePlanAdjustment),
    exportPlanFile: vi.mocked(commands.exportPlanFile),
    exportPlanFit: vi.mocked(commands.exportPlanFit),
    savePlanTemplate: vi.mocked(commands.savePlanTemplate),
    listPlanTemplates: vi.mocked(commands.listPlanTemplates),
    goalFromTemplate: vi.mocked(commands.goalFromTemplate),
    deletePlanTemplate: vi.mocked(commands.deletePlanTemplate),
    deleteGoal: vi.mocked(commands.deleteGoal),
    addActivity: vi.mocked(commands.addActivity),
    editActivity: vi.mocked(commands.editActivity),
    setActivityFeedback: vi.mocked(commands.setActivityFeedback),
    setWorkoutFeedback: vi.mocked(commands.setWorkoutFeedback),
    wellnessDays: vi.mocked(commands.wellnessDays),
    setWellness: vi.mocked(commands.setWellness),
    startDemo: vi.mocked(commands.startDemo),
    removeDemo: vi.mocked(commands.removeDemo),
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
