import { Badge, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { SwimLength } from "../../../lib/api";
import { formatDuration } from "../../../lib/activities/format";
import { swimSummary } from "../../../lib/activities/swim";
import { formatNumber } from "../../../lib/format";

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Stack>
  );
}

export function SwimLengths({ lengths, poolLengthM }: { lengths: SwimLength[]; poolLengthM: number | null }) {
  const { t, i18n } = useTranslation();
  if (lengths.length === 0) return null;
  const s = swimSummary(lengths, poolLengthM);
  const locale = i18n.language;
  return (
    <Card withBorder radius="lg" padding="md" data-testid="swim-lengths">
      <Text fw={600} mb="xs">
        {poolLengthM
          ? t("activities.swim.titlePool", { n: s.lengths, pool: formatNumber(poolLengthM, locale, 1) })
          : t("activities.swim.title", { n: s.lengths })}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {s.distance_m !== null && <Figure label={t("activities.swim.distance")} value={`${formatNumber(s.distance_m, locale, 0)} m`} />}
        <Figure label={t("activities.swim.swimTime")} value={formatDuration(s.swimTime_s)} />
        {s.avgLength_s !== null && <Figure label={t("activities.swim.avgLength")} value={formatDuration(s.avgLength_s)} />}
        {s.avgStrokes !== null && <Figure label={t("activities.swim.avgStrokes")} value={formatNumber(s.avgStrokes, locale, 1)} />}
        <Figure label={t("activities.swim.rests")} value={String(s.rests)} />
      </SimpleGrid>
      {s.strokes.length > 0 && (
        <Group gap={6} mt="sm">
          {s.strokes.map(([stroke, n]) => (
            <Badge key={stroke} variant="light" color="cyan" tt="none">
              {t(`activities.swim.strokes.${stroke}`, { defaultValue: stroke })} × {n}
            </Badge>
          ))}
        </Group>
      )}
    </Card>
  );
}
