// The plan week by week: phase, recovery weeks, planned against done (km and
// load) as small bars, and the rules of the plan generator that shaped each week.
import { Badge, Box, Card, Group, ScrollArea, Stack, Table, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { IconChartBar } from "@tabler/icons-react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { PlanView, WeekView } from "../../lib/api";
import { fmtNum } from "../../lib/activities/format";
import { addDaysIso } from "../../lib/goalForm";
import { KM_PER_MILE } from "../../lib/pace";
import { PHASE_COLORS, formatDay, ruleHref, ruleNumber } from "../../lib/plan";
import { useSettings } from "../../lib/settings";
import { finite } from "../../lib/trends";
import { CardTitle } from "../dashboard/parts";

/** Planned (light) and done (solid) as two bars on one scale. */
function PairBar({ planned, done, max, color, label, testId }: { planned: number; done: number; max: number; color: string; label: string; testId: string }) {
  const w = (v: number) => `${max > 0 ? Math.min(100, (Math.max(0, v) / max) * 100) : 0}%`;
  return (
    <Tooltip label={label}>
      <Box data-testid={testId} data-planned={planned} data-done={done} aria-label={label} style={{ position: "relative", height: 14, minWidth: 120 }}>
        <Box style={{ position: "absolute", inset: 0, width: w(planned), background: `var(--mantine-color-${color}-light)`, borderRadius: 3 }} />
        <Box style={{ position: "absolute", top: 3, bottom: 3, left: 0, width: w(done), background: `var(--mantine-color-${color}-6)`, borderRadius: 3 }} />
      </Box>
    </Tooltip>
  );
}

export function WeekLoads({ plan, today, onWeek }: { plan: PlanView; today: string; onWeek: (start: string) => void }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const locale = i18n.language;
  const imperial = settings.units === "imperial";
  const dist = (km: number) => (imperial ? km / KM_PER_MILE : km);
  const unit = imperial ? "mi" : "km";
  const val = (v: number | null | undefined) => (finite(v) ? v : 0);
  const maxKm = Math.max(1, ...plan.weeks.map((w) => Math.max(val(w.target_km), val(w.done_km))));
  const maxLoad = Math.max(1, ...plan.weeks.map((w) => Math.max(val(w.planned_load), val(w.done_load))));

  return (
    <Card withBorder radius="lg" padding="lg" data-testid="week-loads">
      <CardTitle icon={IconChartBar} title={t("plan.weeks.title")}>
        <Group gap="xs">
          <Legend color="blue" text={t("plan.weeks.planned")} light />
          <Legend color="blue" text={t("plan.weeks.done")} />
        </Group>
      </CardTitle>
      <ScrollArea>
        <Table verticalSpacing={6} highlightOnHover miw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("plan.weeks.week")}</Table.Th>
              <Table.Th>{t("plan.weeks.phase")}</Table.Th>
              <Table.Th>{t("plan.weeks.distance", { unit })}</Table.Th>
              <Table.Th>{t("plan.weeks.load")}</Table.Th>
              <Table.Th>{t("plan.weeks.rules")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.weeks.map((w) => (
              <WeekRow
                key={w.index}
                w={w}
                current={w.start <= today && today <= addDaysIso(w.start, 6)}
                locale={locale}
                km={{ planned: dist(val(w.target_km)), done: dist(val(w.done_km)), max: dist(maxKm), unit }}
                maxLoad={maxLoad}
                onWeek={onWeek}
              />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}

function Legend({ color, text, light }: { color: string; text: string; light?: boolean }) {
  return (
    <Group gap={4}>
      <Box w={12} h={8} style={{ borderRadius: 2, background: `var(--mantine-color-${color}-${light ? "light" : "6"})` }} />
      <Text size="xs" c="dimmed">
        {text}
      </Text>
    </Group>
  );
}

function WeekRow({
  w,
  current,
  locale,
  km,
  maxLoad,
  onWeek,
}: {
  w: WeekView;
  current: boolean;
  locale: string;
  km: { planned: number; done: number; max: number; unit: string };
  maxLoad: number;
  onWeek: (start: string) => void;
}) {
  const { t } = useTranslation();
  const plannedLoad = finite(w.planned_load) ? w.planned_load : 0;
  const doneLoad = finite(w.done_load) ? w.done_load : 0;
  const kmLabel = t("plan.weeks.values", { done: fmtNum(km.done, locale, 1), planned: fmtNum(km.planned, locale, 1), unit: km.unit });
  const loadLabel = t("plan.weeks.loadValues", { done: fmtNum(doneLoad, locale, 0), planned: fmtNum(plannedLoad, locale, 0) });
  return (
    <Table.Tr
      data-testid="week-row"
      data-index={w.index}
      data-phase={w.phase}
      data-recovery={w.recovery || undefined}
      data-current={current || undefined}
      bg={current ? "var(--mantine-primary-color-light)" : undefined}
    >
      <Table.Td>
        <UnstyledButton onClick={() => onWeek(w.start)} data-testid="week-open" aria-label={t("plan.weeks.open", { n: w.index + 1 })}>
          <Text size="sm" fw={600}>
            {t("plan.weeks.weekN", { n: w.index + 1 })}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDay(w.start, locale, { day: "numeric", month: "short" })}
          </Text>
        </UnstyledButton>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge size="sm" variant="light" color={PHASE_COLORS[w.phase] ?? "gray"}>
            {t(`plan.phase.${w.phase}`)}
          </Badge>
          {w.recovery && (
            <Badge size="sm" variant="outline" color="green" data-testid="week-recovery">
              {t("plan.weeks.recovery")}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <PairBar planned={km.planned} done={km.done} max={km.max} color="blue" label={kmLabel} testId="week-km" />
          <Text size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
            {kmLabel}
            {finite(w.long_run_km) && w.long_run_km > 0 && <> · {t("plan.weeks.longRun", { km: fmtNum(w.long_run_km, locale, 0) })}</>}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <PairBar planned={plannedLoad} done={doneLoad} max={maxLoad} color="orange" label={loadLabel} testId="week-load" />
          <Text size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
            {loadLabel}
            {finite(w.compliance) && <> · {t("plan.weeks.compliance", { pct: Math.round(w.compliance * 100) })}</>}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Group gap={4} data-testid="week-rules" data-index={w.index}>
          {w.rules.map((r, i) => {
            const n = ruleNumber(r.rule);
            return (
              <Tooltip key={`${r.rule}-${i}`} label={<span lang="en">{r.note}</span>} multiline maw={320}>
                <Badge
                  component={Link}
                  to={ruleHref(r.rule)}
                  size="sm"
                  variant="light"
                  color="gray"
                  radius="sm"
                  tt="none"
                  style={{ cursor: "pointer" }}
                  data-testid="week-rule"
                  data-rule={r.rule}
                  data-note={r.note}
                >
                  {n !== null ? t("plan.weeks.rule", { n }) : r.rule}
                </Badge>
              </Tooltip>
            );
          })}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
