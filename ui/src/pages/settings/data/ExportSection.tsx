import { Alert, Button, Card, Code, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconCircleCheck, IconFolderShare } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { formatBytes } from "../../../lib/format";
import { formatMillis, run, type ExportReport } from "../../../lib/ownData";

/**
 * Export bundle: everything (or a date range) in open formats, in a folder the
 * athlete picks. Handy to share a period with a coach; activities flagged
 * "exclude from export" stay out.
 */
export function ExportSection() {
  const { t } = useTranslation();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // ISO dates compare as strings.
  const badRange = from !== "" && to !== "" && from > to;

  const exportBundle = async () => {
    setBusy(true);
    setError(null);
    const res = await run(() => commands.exportBundle({ from: from || null, to: to || null }));
    setBusy(false);
    if (res.status === "error") setError(res.error.message);
    else if (res.data) setReport(res.data); // null: the folder picker was cancelled
  };

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="export-section">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3}>{t("data.export.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("data.export.intro")}
          </Text>
          <Text size="sm" c="dimmed" data-testid="export-excluded-hint">
            {t("data.export.excludedHint")}
          </Text>
        </Stack>
        <Group align="flex-end" gap="md">
          <TextInput
            type="date"
            label={t("data.export.from")}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            max={to || undefined}
            data-testid="export-from"
          />
          <TextInput
            type="date"
            label={t("data.export.to")}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            min={from || undefined}
            error={badRange ? t("data.export.badRange") : undefined}
            data-testid="export-to"
          />
          <Button
            leftSection={<IconFolderShare size={16} />}
            onClick={() => void exportBundle()}
            loading={busy}
            disabled={badRange}
            data-testid="export-button"
          >
            {t("data.export.button")}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t("data.export.rangeHint")}
        </Text>
        {error && (
          <Alert color="red" variant="light" title={t("data.export.error")} data-testid="export-error">
            {error}
          </Alert>
        )}
        {report && <ExportDone report={report} />}
      </Stack>
    </Card>
  );
}

function ExportDone({ report }: { report: ExportReport }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const figures: [string, string][] = [
    ["activities", String(report.activities)],
    ["excluded", String(report.excluded)],
    ["files", String(report.files)],
    ["size", formatBytes(report.bytes ?? 0, lng)],
    ["time", formatMillis(report.took_ms ?? 0, lng)],
  ];
  return (
    <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={t("data.export.done")} data-testid="export-report">
      <Stack gap="xs">
        <Text size="sm">
          {t("data.export.folder")} <Code data-testid="export-report-dir">{report.dir}</Code>
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
          {figures.map(([key, value]) => (
            <Stack key={key} gap={0}>
              <Text size="xs" c="dimmed">
                {t(`data.export.figures.${key}`)}
              </Text>
              <Text fw={600} data-testid={`export-report-${key}`}>
                {value}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Alert>
  );
}
