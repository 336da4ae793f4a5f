import { Card, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MeasureKey } from "../../bindings";
import type { Profile } from "../../lib/api";
import { measureOf } from "../../lib/api";
import { formatMeasure } from "../../lib/display";
import { useSettings } from "../../lib/settings";

export const THRESHOLDS: MeasureKey[] = ["max_hr", "lthr", "ftp_w", "threshold_pace_s_per_km", "vma_kmh"];

/** The thresholds in force today, each with the date it took effect. */
export function CurrentThresholds({ profile }: { profile: Profile | null }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const present = THRESHOLDS.flatMap((k) => {
    const m = measureOf(profile, k);
    return m ? [{ key: k, ...m }] : [];
  });
  if (present.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="dashboard-no-thresholds">
        {t("dashboard.noThresholds")}
      </Text>
    );
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md" data-testid="dashboard-thresholds">
      {present.map(({ key: k, value, effective }) => (
        <Card key={k} radius="md" padding="md" bg="var(--mantine-color-default-hover)">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(`measures.short.${k}`)}
          </Text>
          <Text size="xl" fw={700} data-testid={`dashboard-threshold-${k}`}>
            {formatMeasure(k, value, t, i18n.language, settings.units)}
          </Text>
          <Text size="xs" c="dimmed">
            {t("profile.since", { date: effective })}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
