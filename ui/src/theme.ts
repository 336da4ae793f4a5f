import { createTheme, localStorageColorSchemeManager } from "@mantine/core";

// System fonts only: the app is offline and the CSP forbids remote fonts.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: { light: 7, dark: 6 },
  defaultRadius: "md",
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: "650" },
  cursorType: "pointer",
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: "tempo-color-scheme" });
