import { Alert, Card, Group, SegmentedControl, Stack, Table, Text, Title, useComputedColorScheme, useMantineTheme } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import uPlot from "uplot";
import { commands } from "../../bindings";
import type { ApiError } from "../../lib/api";
import { coachProviderName, formatCost, tokensPerDay, type UsageReport } from "../../lib/coach";
import { formatNumber } from "../../lib/format";
import { formatMillis, run } from "../../lib/ownData";
import { mountPlot, plotColors } from "../dashboard/plot";

const PERIODS = ["7", "30", "90"] as const;
const DASH = "—";

/** Coach → Usage: requests, tokens, latency and estimated cost per provider and model, and tokens per day. */
export function UsageView() {
  const { t } = useTranslation();
  const [days, setDays] = useState<(typeof PERIODS)[number]>("30");
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let alive = true;
    void run(() => commands.coachUsage(Number(days))).then((res) => {
      if (!alive) return;
      if (res.status === "ok") {
        setReport(res.data);
        setError(null);
      } else setError(res.error);
    });
    return () => {
      alive = false;
    };
  }, [days]);

  return (
    <Card withBorder radius="lg" padding="lg" data-testid="coach-usage">
      <Stack gap="md">
        <Group justify="space-between">
          <Stack gap={2}>
            <Title order={4}>{t("coach.usage.title")}</Title>
            <Text size="sm" c="dimmed">
              {t("coach.usage.intro")}
            </Text>
          </Stack>
          <SegmentedControl
            size="xs"
            value={days}
            onChange={(v) => setDays(v as (typeof PERIODS)[number])}
            data={PERIODS.map((d) => ({ value: d, label: t("coach.usage.days", { n: d }) }))}
            data-testid="coach-usage-days"
          />
        </Group>
        {error && (
          <Alert color="red" variant="light" data-testid="coach-usage-error">
            {error.message}
          </Alert>
        )}
        {report && report.totals.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="coach-usage-empty">
            {t("coach.usage.empty")}
          </Text>
        )}
        {report && report.totals.length > 0 && (
          <>
            <UsageTable report={report} />
            <TokensChart report={report} />
          </>
        )}
      </Stack>
    </Card>
  );
}

function UsageTable({ report }: { report: UsageReport }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const n = (v: number) => formatNumber(v, l, 0);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped data-testid="coach-usage-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("coach.usage.provider")}</Table.Th>
            <Table.Th>{t("coach.usage.model")}</Table.Th>
            <Table.Th ta="right">{t("coach.usage.requests")}</Table.Th>
            <Table.Th ta="right">{t("coach.usage.prompt")}</Table.Th>
            <Table.Th ta="right">{t("coach.usage.completion")}</Table.Th>
            <Table.Th ta="right">{t("coach.usage.latency")}</Table.Th>
            <Table.Th ta="right">{t("coach.usage.cost")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.totals.map((r) => (
            <Table.Tr key={`${r.provider}/${r.model}`} data-testid="coach-usage-row">
              <Table.Td>{coachProviderName(t, r.provider)}</Table.Td>
              <Table.Td>{r.model || DASH}</Table.Td>
              <Table.Td ta="right">{n(r.requests)}</Table.Td>
              <Table.Td ta="right">{n(r.prompt_tokens)}</Table.Td>
              <Table.Td ta="right">{n(r.completion_tokens)}</Table.Td>
              <Table.Td ta="right">{formatMillis(r.avg_latency_ms, l)}</Table.Td>
              <Table.Td ta="right">{r.cost_usd === null ? DASH : formatCost(r.cost_usd, l)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const HEIGHT = 180;

/** Prompt and completion tokens per day, all providers together. */
function TokensChart({ report }: { report: UsageReport }) {
  const { t, i18n } = useTranslation();
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme("light");
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const l = i18n.language;
    const { axis, grid } = plotColors(scheme);
    const series = tokensPerDay(report);
    const xs = series.days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const day = (s: number) => new Intl.DateTimeFormat(l, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(s * 1000));
    const val = (_u: uPlot, v: number | null) => (v === null || v === undefined ? DASH : formatNumber(v, l, 0));
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 700),
      height: HEIGHT,
      cursor: { y: false, drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [
        { stroke: axis, grid: { show: false }, ticks: { stroke: grid }, values: (_u, splits) => splits.map(day) },
        { stroke: axis, size: 60, grid: { stroke: grid }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((s) => formatNumber(s, l, 0)) },
      ],
      series: [
        { label: t("coach.usage.day"), value: (_u, v) => (v === null || v === undefined ? DASH : day(v)) },
        { label: t("coach.usage.prompt"), stroke: theme.colors.blue[6], width: 2, value: val },
        { label: t("coach.usage.completion"), stroke: theme.colors.grape[6], width: 2, value: val },
      ],
    };
    return mountPlot(opts, [xs, series.prompt, series.completion], el);
  }, [report, scheme, theme, t, i18n.language]);

  return <div ref={ref} data-testid="coach-usage-chart" style={{ width: "100%", minHeight: HEIGHT }} />;
}
