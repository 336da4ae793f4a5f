import { vi } from "vitest";
import { commands } from "../bindings";
import { makeCommands } from "./fixtures";

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
