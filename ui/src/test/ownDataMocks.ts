import { vi } from "vitest";
import { commands } from "../bindings";

/**
 * The typed mocks of the "own your data" commands. The test file must mock the
 * bindings (every command a vi.fn()) and reset them with setupCommandMocks,
 * which gives these the defaults of makeOwnDataCommands.
 */
export function ownDataMocks() {
  return {
    backupNow: vi.mocked(commands.backupNow),
    backupToFile: vi.mocked(commands.backupToFile),
    listBackups: vi.mocked(commands.listBackups),
    chooseBackupFile: vi.mocked(commands.chooseBackupFile),
    restoreBackup: vi.mocked(commands.restoreBackup),
    exportBundle: vi.mocked(commands.exportBundle),
    dataProviders: vi.mocked(commands.dataProviders),
    erasePreview: vi.mocked(commands.erasePreview),
    eraseProvider: vi.mocked(commands.eraseProvider),
    eraseEverything: vi.mocked(commands.eraseEverything),
    privacyOverview: vi.mocked(commands.privacyOverview),
    grantConsent: vi.mocked(commands.grantConsent),
    revokeConsent: vi.mocked(commands.revokeConsent),
    reminders: vi.mocked(commands.reminders),
    refreshReminders: vi.mocked(commands.refreshReminders),
    markRemindersRead: vi.mocked(commands.markRemindersRead),
  };
}
