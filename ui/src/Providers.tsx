import type { ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { SettingsProvider } from "./lib/settings";
import { colorSchemeManager, theme } from "./theme";

/** Everything but the router, so tests can supply a MemoryRouter. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
      <Notifications position="bottom-right" />
      <SettingsProvider>{children}</SettingsProvider>
    </MantineProvider>
  );
}
