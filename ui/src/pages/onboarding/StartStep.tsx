import { useState, type ComponentType } from "react";
import { Badge, Group, SimpleGrid, Stack, Text, ThemeIcon, UnstyledButton } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCloud, IconFileImport, IconFlask, IconPlayerSkipForward } from "@tabler/icons-react";
import { useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { toApiError } from "../../lib/activities/useImport";
import { page } from "../../lib/reload";
import { useSettings } from "../../lib/settings";

type Choice = "import" | "connect" | "demo" | "skip";

/**
 * Step 3: how to start. Every way out records that onboarding is done, so the
 * welcome never comes back; the other settings are kept as they are.
 */
export function StartStep() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { update } = useSettings();
  const [busy, setBusy] = useState<Choice | null>(null);

  const finish = async (choice: Choice, to: string) => {
    setBusy(choice);
    await update({ onboarded: true });
    navigate(to, { replace: true });
  };

  const demo = async () => {
    setBusy("demo");
    // Onboarded first: the demo is another database, and the app reloads into it.
    await update({ onboarded: true });
    try {
      const res = await commands.startDemo();
      if (res.status === "ok") {
        // Reload onto the dashboard: reloading /welcome would show it again.
        navigate("/", { replace: true });
        page.reload();
        return;
      }
      notifications.show({ color: "red", title: t("onboarding.start.demoError"), message: res.error.message });
    } catch (e) {
      notifications.show({ color: "red", title: t("onboarding.start.demoError"), message: toApiError(e).message });
    }
    setBusy(null);
  };

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <ChoiceCard
        icon={IconFileImport}
        title={t("onboarding.start.import.title")}
        body={t("onboarding.start.import.body")}
        disabled={busy !== null}
        onClick={() => void finish("import", "/activities")}
        testId="onboarding-import"
      />
      <ChoiceCard
        icon={IconCloud}
        title={t("onboarding.start.connect.title")}
        body={t("onboarding.start.connect.body")}
        badge={t("onboarding.start.connect.later")}
        disabled
        testId="onboarding-connect"
      />
      <ChoiceCard
        icon={IconFlask}
        title={t("onboarding.start.demo.title")}
        body={t("onboarding.start.demo.body")}
        disabled={busy !== null}
        onClick={() => void demo()}
        testId="onboarding-demo"
      />
      <ChoiceCard
        icon={IconPlayerSkipForward}
        title={t("onboarding.start.skip.title")}
        body={t("onboarding.start.skip.body")}
        disabled={busy !== null}
        onClick={() => void finish("skip", "/")}
        testId="onboarding-skip"
      />
    </SimpleGrid>
  );
}

function ChoiceCard({
  icon: Icon,
  title,
  body,
  badge,
  disabled,
  onClick,
  testId,
}: {
  icon: ComponentType<{ size?: number; stroke?: number }>;
  title: string;
  body: string;
  badge?: string;
  disabled?: boolean;
  onClick?: () => void;
  testId: string;
}) {
  return (
    <UnstyledButton
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
      p="md"
      style={{
        border: "1px solid var(--mantine-color-default-border)",
        borderRadius: "var(--mantine-radius-md)",
        opacity: disabled && !onClick ? 0.6 : 1,
        cursor: disabled ? "not-allowed" : "pointer",
      }}
    >
      <Stack gap={6}>
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" radius="md" size={36}>
            <Icon size={20} stroke={1.6} />
          </ThemeIcon>
          <Text fw={600}>{title}</Text>
          {badge && (
            <Badge size="xs" variant="outline" color="gray">
              {badge}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {body}
        </Text>
      </Stack>
    </UnstyledButton>
  );
}
