import { Card, Divider, Stack, Switch, Text } from "@mantine/core";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { REMINDER_SWITCHES, type ReminderSettings } from "../../lib/ownData";
import { DEFAULT_SETTINGS, useSettings } from "../../lib/settings";

/** Settings › Notifications: which reminders Tempo creates, and whether the system shows them too. */
export function NotificationsTab() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  // An older settings file may lack the reminders: show (and save) the defaults then.
  const reminders: ReminderSettings = { ...DEFAULT_SETTINGS.reminders, ...settings.reminders };

  const set = (key: keyof ReminderSettings, on: boolean) => void update({ reminders: { ...reminders, [key]: on } });

  return (
    <Card withBorder radius="lg" padding="xl" maw={640} data-testid="notifications-tab">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("reminders.settingsIntro")}
        </Text>
        {REMINDER_SWITCHES.map((key) => (
          <Fragment key={key}>
            {/* The system notifications switch governs how, not which: set it apart. */}
            {key === "os_notifications" && <Divider />}
            <Switch
              checked={reminders[key]}
              onChange={(e) => set(key, e.currentTarget.checked)}
              label={t(`reminders.switches.${key}`)}
              description={t(`reminders.switchHints.${key}`)}
              data-testid={`reminder-switch-${key}`}
            />
          </Fragment>
        ))}
      </Stack>
    </Card>
  );
}
