import { Group, Paper, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Units } from "../../bindings";
import type { ActivityTotals } from "../../lib/api";
import { formatDistance, formatElevation, formatHours } from "../../lib/activities/format";

function Item({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} data-testid={testId} style={{ fontVariantNumeric: "tabular-nums" }}>
        {value}
      </Text>
    </Group>
  );
}

/** "1 activity", "1,234 activities" ("0 activité" in French). */
export function countLabel(count: number, locale: string, t: TFunction): string {
  const one = new Intl.PluralRules(locale).select(count) === "one";
  return t(one ? "activities.totals.countOne" : "activities.totals.countMany", {
    n: new Intl.NumberFormat(locale).format(count),
  });
}

/** Sums over the filtered activities, as the backend computed them. */
export function TotalsBar({ totals, units }: { totals: ActivityTotals; units: Units }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <Paper withBorder radius="md" px="md" py={8} data-testid="totals-bar">
      <Group gap="xl" wrap="wrap">
        <Text size="sm" fw={600} data-testid="totals-count">
          {countLabel(totals.count, locale, t)}
        </Text>
        <Item label={t("activities.totals.distance")} value={formatDistance(totals.distance_m ?? 0, locale, units)} testId="totals-distance" />
        <Item label={t("activities.totals.moving")} value={formatHours(totals.moving_s ?? 0, locale)} testId="totals-moving" />
        <Item label={t("activities.totals.ascent")} value={formatElevation(totals.ascent_m ?? 0, locale, units)} testId="totals-ascent" />
      </Group>
    </Paper>
  );
}
