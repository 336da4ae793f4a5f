import { Alert, Button, Card, CopyButton, Group, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { DiagnosticsInfo as Diagnostics } from "../../lib/api";
import { formatBytes } from "../../lib/format";
import { useCommand } from "../../lib/useProfile";

type Row = { id: string; label: string; report: string; value: string };

function rows(d: Diagnostics, t: (k: string) => string, locale: string): Row[] {
  const none = t("common.notAvailable");
  return [
    { id: "app-version", label: t("about.appVersion"), report: "App version", value: d.app_version },
    { id: "os", label: t("about.os"), report: "OS", value: `${d.os} (${d.arch})` },
    { id: "tauri-version", label: t("about.tauriVersion"), report: "Tauri", value: d.shell?.tauri_version ?? none },
    {
      id: "webview-version",
      label: t("about.webviewVersion"),
      report: "WebView",
      value: d.shell?.webview_version ?? none,
    },
    { id: "sqlite-version", label: t("about.sqliteVersion"), report: "SQLite", value: d.sqlite_version },
    { id: "schema-version", label: t("about.schemaVersion"), report: "Schema version", value: d.schema_version },
    { id: "database-path", label: t("about.databasePath"), report: "Database", value: d.database_path },
    {
      id: "database-size",
      label: t("about.databaseSize"),
      report: "Database size",
      value:
        d.database_size_bytes == null
          ? none
          : `${formatBytes(d.database_size_bytes, locale)} (${d.database_size_bytes} B)`,
    },
    { id: "log-dir", label: t("about.logDir"), report: "Logs", value: d.log_dir },
    {
      id: "settings-path",
      label: t("about.settingsPath"),
      report: "Settings file",
      value: d.shell?.settings_path ?? none,
    },
  ];
}

/** Plain-text report for bug reports; labels stay in English so support can read them. */
export function diagnosticsReport(d: Diagnostics): string {
  const r = rows(d, () => "n/a", "en");
  return ["Tempo diagnostics", ...r.map((x) => `${x.report}: ${x.value}`)].join("\n");
}

export function AboutTab() {
  const { t, i18n } = useTranslation();
  const diag = useCommand<Diagnostics>(() => commands.getDiagnostics());

  return (
    <Card withBorder radius="lg" padding="xl">
      <Stack gap="md">
        <Group justify="space-between">
          <Text c="dimmed" size="sm">
            {t("about.intro")}
          </Text>
          {diag.data && (
            <CopyButton value={diagnosticsReport(diag.data)}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? "light" : "default"}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                  data-testid="diag-copy"
                >
                  {copied ? t("about.copied") : t("about.copy")}
                </Button>
              )}
            </CopyButton>
          )}
        </Group>
        {diag.loading && <Skeleton h={240} />}
        {diag.error && (
          <Alert color="red" variant="light" title={t("errors.generic")}>
            {diag.error.message}
          </Alert>
        )}
        {diag.data && (
          <Table variant="vertical" layout="fixed" withTableBorder>
            <Table.Tbody>
              {rows(diag.data, t, i18n.language).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Th w={200}>{r.label}</Table.Th>
                  <Table.Td
                    data-testid={`diag-${r.id}`}
                    style={{ wordBreak: "break-all", fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 }}
                  >
                    {r.value}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
