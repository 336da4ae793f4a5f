import {
  Alert,
  Button,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import {
  IconCalendarEvent,
  IconHeartbeat,
  IconRun,
  IconUserCircle,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { MeasureKey } from "../bindings";
import { measureOf } from "../lib/api";
import { formatMeasure } from "../lib/display";
import { isProfileEmpty } from "../lib/profileForm";
import { useSettings } from "../lib/settings";
import { useProfile } from "../lib/useProfile";
import { FitnessChart } from "./dashboard/FitnessChart";

const THRESHOLDS: MeasureKey[] = ["max_hr", "lthr", "ftp_w", "threshold_pace_s_per_km", "vma_kmh"];

function EmptyCard({
  title,
  body,
  icon: Icon,
}: {
  title: string;
  body: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
}) {
  return (
    <Card withBorder radius="lg" padding="lg">
      <Group gap="sm" mb="sm">
        <ThemeIcon variant="light" radius="md" size={36}>
          <Icon size={20} stroke={1.6} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        {body}
      </Text>
    </Card>
  );
}

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const profile = useProfile();
  const p = profile.data;
  const empty = isProfileEmpty(p);
  const present = THRESHOLDS.flatMap((k) => {
    const m = measureOf(p, k);
    return m ? [{ key: k, ...m }] : [];
  });

  return (
    <Stack gap="lg" maw={1100}>
      <Card withBorder radius="lg" padding="xl" data-testid="dashboard-welcome">
        {profile.loading ? (
          <Skeleton h={80} />
        ) : (
          <Stack gap="md">
            <Group justify="space-between" align="flex-start">
              <Stack gap={4}>
                <Title order={2} data-testid="dashboard-greeting">
                  {p?.name ? t("dashboard.greetingNamed", { name: p.name }) : t("dashboard.greeting")}
                </Title>
                <Text c="dimmed">{empty ? t("dashboard.introEmpty") : t("dashboard.intro")}</Text>
              </Stack>
              {!empty && (
                <Button component={Link} to="/settings/profile" variant="subtle" size="sm">
                  {t("dashboard.editProfile")}
                </Button>
              )}
            </Group>

            {profile.error && (
              <Alert color="red" variant="light" title={t("errors.generic")}>
                {profile.error.message}
              </Alert>
            )}

            {empty ? (
              <Group>
                <Button
                  component={Link}
                  to="/settings/profile"
                  leftSection={<IconUserCircle size={18} />}
                  data-testid="dashboard-setup-profile"
                >
                  {t("dashboard.setupProfile")}
                </Button>
              </Group>
            ) : present.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("dashboard.noThresholds")}
              </Text>
            ) : (
              <SimpleGrid cols={5} spacing="md" data-testid="dashboard-thresholds">
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
            )}
          </Stack>
        )}
      </Card>

      <SimpleGrid cols={3} spacing="lg">
        <EmptyCard title={t("dashboard.week.title")} body={t("dashboard.week.empty")} icon={IconRun} />
        <EmptyCard title={t("dashboard.next.title")} body={t("dashboard.next.empty")} icon={IconCalendarEvent} />
        <EmptyCard title={t("dashboard.recovery.title")} body={t("dashboard.recovery.empty")} icon={IconHeartbeat} />
      </SimpleGrid>

      <FitnessChart />
    </Stack>
  );
}
