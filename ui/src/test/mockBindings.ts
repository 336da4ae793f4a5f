import { vi } from "vitest";
import { commands } from "../bindings";
import { kb, resetPageIndex } from "../lib/knowledge";
import { makeCommands, makeKbCommands } from "./fixtures";

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
