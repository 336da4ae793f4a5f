import { useCallback, useEffect, useState } from "react";
import { Center, Loader } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Navigate, Route, Routes } from "react-router";
import { useTranslation } from "react-i18next";
import { commands } from "./bindings";
import type { ApiError } from "./lib/api";
import { Layout } from "./components/Layout";
import { ActivitiesPage } from "./pages/activities/ActivitiesPage";
import { ActivityDetailPage } from "./pages/activities/ActivityDetailPage";
import { DbErrorPage } from "./pages/DbErrorPage";
import { CoachPage } from "./pages/coach/CoachPage";
import { Dashboard } from "./pages/Dashboard";
import { KnowledgeArticlePage } from "./pages/knowledge/KnowledgeArticlePage";
import { KnowledgeSearchPage } from "./pages/knowledge/KnowledgeSearchPage";
import { useFirstRun } from "./pages/onboarding/useFirstRun";
import { WelcomePage } from "./pages/onboarding/WelcomePage";
import { PlanPage } from "./pages/plan/PlanPage";
import { SettingsPage } from "./pages/settings/SettingsPage";

type DbState = { kind: "checking" } | { kind: "ok" } | { kind: "fatal"; error: ApiError };

export function isDatabaseError(error: ApiError): boolean {
  return error.code.startsWith("database_");
}

export function App() {
  const { t } = useTranslation();
  const [db, setDb] = useState<DbState>({ kind: "checking" });
  // Held here, not in the index route, so the activity list is asked for once per session.
  const firstRun = useFirstRun(db.kind === "ok");

  const check = useCallback(async () => {
    try {
      const res = await commands.checkDatabase();
      if (res.status === "error" && isDatabaseError(res.error)) {
        setDb({ kind: "fatal", error: res.error });
        return;
      }
      if (res.status === "error") {
        notifications.show({ color: "red", title: t("errors.generic"), message: res.error.message });
      }
    } catch {
      // Not running inside the desktop shell: let the UI render anyway.
    }
    setDb({ kind: "ok" });
  }, [t]);

  useEffect(() => {
    void check();
  }, [check]);

  if (db.kind === "checking") {
    return (
      <Center h="100vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (db.kind === "fatal") return <DbErrorPage error={db.error} onRetry={check} />;

  return (
    <Routes>
      <Route path="welcome" element={<WelcomePage />} />
      <Route element={<Layout />}>
        <Route index element={<Home firstRun={firstRun} />} />
        <Route path="activities" element={<ActivitiesPage />} />
        <Route path="activities/:id" element={<ActivityDetailPage />} />
        <Route path="plan" element={<PlanPage />} />
        <Route path="coach" element={<CoachPage />} />
        <Route path="coach/:conversationId" element={<CoachPage />} />
        <Route path="knowledge" element={<KnowledgeSearchPage />} />
        <Route path="knowledge/:pageId" element={<KnowledgeArticlePage />} />
        <Route path="settings" element={<Navigate to="/settings/profile" replace />} />
        <Route path="settings/:tab" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

/** The dashboard, unless this is a first run (then the welcome), or not known yet. */
function Home({ firstRun }: { firstRun: ReturnType<typeof useFirstRun> }) {
  const { t } = useTranslation();
  if (firstRun === "welcome") return <Navigate to="/welcome" replace />;
  if (firstRun === "pending")
    return (
      <Center py="xl">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  return <Dashboard />;
}
