import "./localeGuard";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./styles.css";
import "./i18n";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import { App } from "./App";
import { Providers } from "./Providers";

if (import.meta.env.VITE_TEMPO_MOCK === "1") {
  const { installDevMock } = await import("./devMock");
  installDevMock();
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Providers>
      <HashRouter>
        <App />
      </HashRouter>
    </Providers>
  </StrictMode>,
);
