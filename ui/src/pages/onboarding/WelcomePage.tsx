import { useState } from "react";
import { Button, Card, Center, Group, Stack, Stepper, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Profile } from "../../lib/api";
import { useProfile } from "../../lib/useProfile";
import { PreferencesStep } from "./PreferencesStep";
import { PROFILE_FORM_ID, ProfileStep } from "./ProfileStep";
import { StartStep } from "./StartStep";

const STEPS = ["preferences", "profile", "start"] as const;

/** First run: language and units, the profile essentials, then how to start. */
export function WelcomePage() {
  const { t } = useTranslation();
  const profile = useProfile();
  const [active, setActive] = useState(0);
  // The profile as saved in step 2, so going back shows what was typed.
  const [saved, setSaved] = useState<Profile | null | undefined>(undefined);
  const step = STEPS[active];
  const current = saved !== undefined ? saved : profile.data;

  return (
    <Center mih="100dvh" p="md" data-testid="welcome-page">
      <Card withBorder radius="lg" padding="xl" w="100%" maw={760}>
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={2}>{t("onboarding.title")}</Title>
            <Text c="dimmed">{t("onboarding.intro")}</Text>
          </Stack>
          <Stepper active={active} onStepClick={(i) => i < active && setActive(i)} allowNextStepsSelect={false} size="sm" data-testid="onboarding-stepper">
            {STEPS.map((s) => (
              <Stepper.Step key={s} label={t(`onboarding.steps.${s}.label`)} data-testid={`onboarding-step-${s}`}>
                <Stack gap="md" pt="md" data-testid={`onboarding-panel-${s}`}>
                  <Text size="sm" c="dimmed">
                    {t(`onboarding.steps.${s}.explain`)}
                  </Text>
                  {s === "preferences" && <PreferencesStep />}
                  {s === "profile" &&
                    (profile.loading && saved === undefined ? null : (
                      <ProfileStep
                        profile={current ?? null}
                        onDone={(p) => {
                          setSaved(p);
                          setActive(2);
                        }}
                      />
                    ))}
                  {s === "start" && <StartStep />}
                </Stack>
              </Stepper.Step>
            ))}
          </Stepper>
          <Group justify="space-between">
            <Button variant="default" onClick={() => setActive((a) => a - 1)} disabled={active === 0} data-testid="onboarding-back">
              {t("onboarding.back")}
            </Button>
            {step === "preferences" && (
              <Button onClick={() => setActive(1)} data-testid="onboarding-next">
                {t("onboarding.next")}
              </Button>
            )}
            {step === "profile" && (
              // Submits the profile form: it moves on once what was typed is checked and saved.
              <Button type="submit" form={PROFILE_FORM_ID} data-testid="onboarding-next">
                {t("onboarding.next")}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
    </Center>
  );
}
