import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconUserCircle } from "@tabler/icons-react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { AskCoachButton } from "../components/AskCoachButton";
import { isProfileEmpty } from "../lib/profileForm";
import { useProfile } from "../lib/useProfile";
import { FitnessChart } from "./dashboard/FitnessChart";
import { MeanMaxChart } from "./dashboard/MeanMaxChart";
import { NextSessionCard } from "./dashboard/NextSessionCard";
import { ThresholdsCard } from "./dashboard/ThresholdsCard";
import { TrainingStatusCard } from "./dashboard/TrainingStatusCard";
import { VolumeChart } from "./dashboard/VolumeChart";
import { WellnessCard } from "./dashboard/WellnessCard";
import { ZoneDistributionCard } from "./dashboard/ZoneDistributionCard";

export function Dashboard() {
  const { t } = useTranslation();
  const profile = useProfile();
  const p = profile.data;
  const empty = isProfileEmpty(p);

  return (
    <Stack gap="lg" maw={1100}>
      <Card withBorder radius="lg" padding="xl" data-testid="dashboard-welcome">
        {profile.loading && !p ? (
          <Skeleton h={60} />
        ) : (
          <Stack gap="md">
            <Group justify="space-between" align="flex-start">
              <Stack gap={4}>
                <Title order={2} data-testid="dashboard-greeting">
                  {p?.name ? t("dashboard.greetingNamed", { name: p.name }) : t("dashboard.greeting")}
                </Title>
                <Text c="dimmed">{empty ? t("dashboard.introEmpty") : t("dashboard.intro")}</Text>
              </Stack>
              <Group gap="xs">
                <AskCoachButton about={{ kind: "dashboard" }} />
                {!empty && (
                  <Button component={Link} to="/settings/profile" variant="subtle" size="sm">
                    {t("dashboard.editProfile")}
                  </Button>
                )}
              </Group>
            </Group>

            {profile.error && (
              <Alert color="red" variant="light" title={t("errors.generic")}>
                {profile.error.message}
              </Alert>
            )}

            {empty && (
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
            )}
          </Stack>
        )}
      </Card>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <TrainingStatusCard />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <NextSessionCard />
            {/* The athlete's own wellness notes stand in for recovery until resting-HR trends exist. */}
            <WellnessCard />
          </Stack>
        </Grid.Col>
      </Grid>

      <FitnessChart />
      <VolumeChart />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <MeanMaxChart />
        <ZoneDistributionCard />
      </SimpleGrid>

      <ThresholdsCard profile={p} onProfile={profile.setData} />
    </Stack>
  );
}
