import { useState } from "react";
import { Alert, Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFlask } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands } from "../bindings";
import { page } from "../lib/reload";
import { useSettings } from "../lib/settings";

/**
 * A slim banner while the app shows the demo athlete, so nobody mistakes the
 * demo's activities for their own. Renders nothing outside the demo.
 */
export function DemoBanner() {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const [busy, setBusy] = useState(false);
  if (!settings.demo) return null;

  const remove = async () => {
    setBusy(true);
    try {
      const res = await commands.removeDemo();
      if (res.status === "ok") {
        // The backend switched databases: reload so every view reads the athlete's own data.
        page.reload();
        return;
      }
      notifications.show({ color: "red", title: t("demo.removeError"), message: res.error.message });
    } catch (e) {
      notifications.show({ color: "red", title: t("demo.removeError"), message: String(e) });
    }
    setBusy(false);
  };

  return (
    <Alert variant="light" color="grape" py={6} radius={0} icon={<IconFlask size={16} />} data-testid="demo-banner">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{t("demo.banner")}</Text>
        <Button size="compact-xs" variant="outline" color="grape" loading={busy} onClick={remove} data-testid="demo-remove">
          {t("demo.remove")}
        </Button>
      </Group>
    </Alert>
  );
}
