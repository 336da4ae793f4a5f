import { Group, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Units } from "../../bindings";
import type { CriticalFit } from "../../lib/api";
import { fmtNum } from "../../lib/activities/format";
import { KM_PER_MILE } from "../../lib/pace";
import { useSettings } from "../../lib/settings";
import { finite, paceNumber, paceUnit } from "../../lib/trends";
import { DASH } from "./parts";

const YARDS_PER_M = 1.0936133;

type Line = { value: string; se: string | null };

/** A critical power fit as text: CP in W and W′ in kJ, each ± its standard error. */
export function powerFitLines(f: CriticalFit, l: string): { critical: Line; capacity: Line } {
  const w = (v: number) => `${fmtNum(v, l, 0)} W`;
  const kj = (v: number) => `${fmtNum(v / 1000, l, 1)} kJ`;
  return {
    critical: { value: finite(f.critical) ? w(f.critical) : DASH, se: finite(f.critical_se) ? w(f.critical_se) : null },
    capacity: { value: finite(f.capacity) ? kj(f.capacity) : DASH, se: finite(f.capacity_se) ? kj(f.capacity_se) : null },
  };
}

/**
 * A critical speed fit as text: CS as a pace and D′ in m (yd), each ± its
 * standard error (the pace's error from the speed's: Δpace ≈ Δv · 1000 / v²).
 */
export function speedFitLines(f: CriticalFit, l: string, units: Units): { critical: Line; capacity: Line } {
  const imperial = units === "imperial";
  const cs = finite(f.critical) && f.critical > 0 ? f.critical : null;
  const sePace = cs !== null && finite(f.critical_se) ? (f.critical_se * 1000) / (cs * cs) * (imperial ? KM_PER_MILE : 1) : null;
  const dist = (m: number) => (imperial ? `${fmtNum(m * YARDS_PER_M, l, 0)} yd` : `${fmtNum(m, l, 0)} m`);
  return {
    critical: {
      value: cs === null ? DASH : `${paceNumber(1000 / cs, units)} ${paceUnit(units)}`,
      se: sePace === null ? null : `${fmtNum(sePace, l, 0)} s`,
    },
    capacity: { value: finite(f.capacity) ? dist(f.capacity) : DASH, se: finite(f.capacity_se) ? dist(f.capacity_se) : null },
  };
}

/** CP/W′ and CS/D′ with their standard errors and R². */
export function CriticalFits({ power, speed }: { power: CriticalFit | null; speed: CriticalFit | null }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const l = i18n.language;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="critical-fits">
      <Fit
        testId="critical-power"
        title={t("dashboard.critical.power")}
        hint={t("dashboard.critical.help.power")}
        names={[t("dashboard.critical.cp"), t("dashboard.critical.wPrime")]}
        fit={power}
        lines={power ? powerFitLines(power, l) : null}
      />
      <Fit
        testId="critical-speed"
        title={t("dashboard.critical.speed")}
        hint={t("dashboard.critical.help.speed")}
        names={[t("dashboard.critical.cs"), t("dashboard.critical.dPrime")]}
        fit={speed}
        lines={speed ? speedFitLines(speed, l, settings.units) : null}
      />
    </SimpleGrid>
  );
}

function Fit({
  testId,
  title,
  hint,
  names,
  fit,
  lines,
}: {
  testId: string;
  title: string;
  hint: string;
  names: [string, string];
  fit: CriticalFit | null;
  lines: { critical: Line; capacity: Line } | null;
}) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const row = (name: string, line: Line, id: string) => (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {name}
      </Text>
      <Text size="sm" fw={700} data-testid={`${testId}-${id}`} style={{ fontVariantNumeric: "tabular-nums" }}>
        {line.value}
        {line.se && (
          <Text span size="xs" c="dimmed" fw={400}>
            {" "}
            ± {line.se}
          </Text>
        )}
      </Text>
    </Group>
  );
  return (
    <Stack gap={4} data-testid={testId}>
      <Tooltip label={hint} multiline maw={340} withArrow openDelay={150}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ cursor: "help", textDecoration: "underline dotted" }} span>
          {title}
        </Text>
      </Tooltip>
      {fit && lines ? (
        <>
          {row(names[0], lines.critical, "critical")}
          {row(names[1], lines.capacity, "capacity")}
          <Text size="xs" c="dimmed" data-testid={`${testId}-quality`}>
            {t("dashboard.critical.quality", {
              r2: finite(fit.r_squared) ? new Intl.NumberFormat(l, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(fit.r_squared) : DASH,
              points: fit.points,
            })}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed" data-testid={`${testId}-none`}>
          {t("dashboard.critical.none")}
        </Text>
      )}
    </Stack>
  );
}
