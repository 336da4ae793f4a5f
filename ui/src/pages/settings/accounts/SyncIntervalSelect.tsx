import { Card, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSettings } from "../../../lib/settings";
import { DEFAULT_SYNC_INTERVAL, SYNC_INTERVALS } from "../../../lib/sync";

/**
 * How often the connected accounts sync in the background. An app setting, saved
 * through the settings context so that it never sends back a stale copy of the
 * other settings.
 */
export function SyncIntervalSelect() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const value = settings.sync_interval_min ?? DEFAULT_SYNC_INTERVAL;
  return (
    <Card withBorder radius="lg" padding="xl" data-testid="sync-interval-card">
      <Stack gap="sm">
        <Stack gap={4}>
          <Title order={3}>{t("accounts.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("accounts.intro")}
          </Text>
        </Stack>
        <NativeSelect
          label={t("accounts.interval.label")}
          description={t("accounts.interval.hint")}
          value={String(value)}
          onChange={(e) => void update({ sync_interval_min: Number(e.currentTarget.value) })}
          data={SYNC_INTERVALS.map((m) => ({ value: String(m), label: t(`accounts.interval.options.${m}`) }))}
          maw={320}
          data-testid="sync-interval"
        />
      </Stack>
    </Card>
  );
}
