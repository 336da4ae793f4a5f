import { Badge, Card, Group, Stack, Text } from "@mantine/core";
import { IconFile } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Source } from "../../../lib/api";
import { formatBytes } from "../../../lib/format";

const ORIGINS = new Set(["file", "garmin_export", "strava_export"]);

export function SourcesList({ sources }: { sources: Source[] }) {
  const { t, i18n } = useTranslation();
  if (sources.length === 0) return null;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <Card withBorder radius="lg" padding="md" data-testid="sources">
      <Text fw={600} mb="xs">
        {t("activities.sources.title")}
      </Text>
      <Stack gap="xs">
        {sources.map((s, i) => (
          <Group key={`${s.file_name}-${i}`} gap="sm" wrap="nowrap" align="flex-start" data-testid="source-item">
            <IconFile size={18} stroke={1.6} style={{ flexShrink: 0, marginTop: 2 }} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap={6}>
                <Text size="sm" fw={500} style={{ wordBreak: "break-all" }}>
                  {s.file_name}
                </Text>
                <Badge size="xs" variant="outline" color="gray" radius="sm">
                  {s.format.toUpperCase()}
                </Badge>
                {s.primary && (
                  <Badge size="xs" variant="light" color="teal" radius="sm" data-testid="source-primary">
                    {t("activities.sources.shown")}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {ORIGINS.has(s.origin) ? t(`activities.sources.origin.${s.origin}`) : s.origin} · {formatBytes(s.size_bytes, i18n.language)} ·{" "}
                {t("activities.sources.importedAt", { date: date.format(new Date(s.imported_at)) })}
              </Text>
            </Stack>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
