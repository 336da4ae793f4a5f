import type { ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { SettingsProvider } from "./lib/settings";
import { colorSchemeManager, theme } from "./theme";

/**
 * Everything but the router, so tests can supply a MemoryRouter. Tests pass
 * `env="test"`: Mantine then renders modals, menus and drawers at once and in
 * place, instead of after a transition that a loaded machine may not have run
 * by the time the test looks.
 */
export function Providers({ children, env = "default" }: { children: ReactNode; env?: "default" | "test" }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager} env={env}>
      <Notifications position="bottom-right" />
      <SettingsProvider>{children}</SettingsProvider>
    </MantineProvider>
  );
}
