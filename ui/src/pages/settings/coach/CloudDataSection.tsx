import { Alert, Badge, Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { IconBrandStrava, IconCloudUpload } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConsentDialog } from "../../../components/ConsentDialog";
import { coachProviderName, type ProviderSetup } from "../../../lib/coach";
import { consentFieldName } from "../../../lib/ownData";

/** For a provider whose servers are elsewhere: what is sent (the consent), how to change it, and the Strava rule. */
export function CloudDataSection({ setup, onChanged }: { setup: ProviderSetup; onChanged: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const name = coachProviderName(t, setup.provider);
  const fields = setup.consent_fields.filter((f) => f !== "strava_activities");
  return (
    <Alert color="blue" variant="light" icon={<IconCloudUpload size={18} />} data-testid="coach-cloud-data">
      <Stack gap="xs">
        <Title order={5}>{t("coach.settings.cloud.title", { provider: name })}</Title>
        <Text size="sm">{t("coach.settings.cloud.intro", { provider: name })}</Text>
        {fields.length === 0 ? (
          <Text size="sm" fw={500} data-testid="coach-cloud-nothing">
            {t("coach.settings.cloud.nothing")}
          </Text>
        ) : (
          <List size="sm" data-testid="coach-cloud-fields">
            {fields.map((f) => (
              <List.Item key={f}>{consentFieldName(t, f)}</List.Item>
            ))}
          </List>
        )}
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <IconBrandStrava size={18} style={{ flexShrink: 0 }} />
          <Stack gap={2}>
            <Text size="sm">{t("privacy.fieldHints.strava_activities")}</Text>
            <Badge variant="light" color={setup.strava_opt_in ? "orange" : "gray"} tt="none" data-testid="coach-cloud-strava">
              {setup.strava_opt_in ? t("coach.settings.cloud.stravaSent") : t("coach.settings.cloud.stravaNotSent")}
            </Badge>
          </Stack>
        </Group>
        <Group>
          <Button size="xs" variant="default" onClick={() => setOpen(true)} data-testid="coach-cloud-change">
            {t("coach.settings.cloud.change")}
          </Button>
        </Group>
      </Stack>
      <ConsentDialog
        provider={setup.provider}
        opened={open}
        onClose={() => setOpen(false)}
        onGranted={() => {
          setOpen(false);
          onChanged();
        }}
      />
    </Alert>
  );
}
