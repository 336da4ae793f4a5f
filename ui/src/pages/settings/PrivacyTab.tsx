import { Alert, Badge, Button, Card, Code, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLock } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import { ConsentDialog } from "../../components/ConsentDialog";
import {
  KNOWN_STORES,
  consentFieldName,
  formatDate,
  providerName,
  run,
  storeName,
  type Consent,
  type PrivacyOverview,
} from "../../lib/ownData";
import { useCommand } from "../../lib/useProfile";

/** Settings › Privacy: what Tempo keeps where, what may leave the computer, and the consents given. */
export function PrivacyTab() {
  const { t } = useTranslation();
  const overview = useCommand<PrivacyOverview>(() => commands.privacyOverview());
  const [reviewing, setReviewing] = useState<string | null>(null);

  if (overview.loading && !overview.data) return <Skeleton h={360} radius="lg" />;
  if (!overview.data)
    return (
      <Alert color="red" variant="light" title={t("privacy.loadError")} data-testid="privacy-load-error">
        {overview.error?.message}
      </Alert>
    );
  const data = overview.data;

  return (
    <Stack gap="lg" maw={900}>
      <Stores overview={data} />
      <Sharing overview={data} onReview={setReviewing} />
      <Consents consents={data.consents} onRevoked={() => void overview.reload()} />
      {reviewing && (
        <ConsentDialog
          provider={reviewing}
          opened
          onClose={() => setReviewing(null)}
          onGranted={() => {
            setReviewing(null);
            notifications.show({ color: "teal", message: t("privacy.consent.granted", { provider: providerName(t, reviewing) }) });
            void overview.reload();
          }}
        />
      )}
    </Stack>
  );
}

function Stores({ overview }: { overview: PrivacyOverview }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" padding="xl" data-testid="privacy-stores">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3}>{t("privacy.storesTitle")}</Title>
          <Text size="sm" c="dimmed">
            {t("privacy.storesIntro")}
          </Text>
        </Stack>
        <Table verticalSpacing="sm">
          <Table.Tbody>
            {overview.stores.map((s) => (
              <Table.Tr key={s.what} data-testid="privacy-store" data-what={s.what}>
                <Table.Td w="40%">
                  <Text size="sm" fw={600}>
                    {storeName(t, s.what)}
                  </Text>
                  {KNOWN_STORES.includes(s.what) && (
                    <Text size="xs" c="dimmed">
                      {t(`privacy.storeHints.${s.what}`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code style={{ wordBreak: "break-all" }}>{s.path}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

function Sharing({ overview, onReview }: { overview: PrivacyOverview; onReview: (provider: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" padding="xl" data-testid="privacy-sharing">
      <Stack gap="md">
        <Title order={3}>{t("privacy.sharingTitle")}</Title>
        <Alert color="teal" variant="light" icon={<IconLock size={18} />} data-testid="privacy-nothing-leaves">
          {t("privacy.nothingLeaves")}
        </Alert>
        {overview.cloud_providers.length > 0 && (
          <Stack gap="xs">
            <Text size="sm">{t("privacy.cloudIntro")}</Text>
            {overview.cloud_providers.map((p) => {
              const consent = overview.consents.find((c) => c.provider === p);
              return (
                <Group key={p} justify="space-between" data-testid="privacy-cloud-provider" data-provider={p}>
                  <Group gap="sm">
                    <Text size="sm" fw={600}>
                      {providerName(t, p)}
                    </Text>
                    <Badge variant="light" color={consent ? "teal" : "gray"} data-testid="privacy-consent-state">
                      {consent ? t("privacy.allowed") : t("privacy.notAllowed")}
                    </Badge>
                  </Group>
                  <Button size="compact-sm" variant="light" onClick={() => onReview(p)} data-testid={`consent-review-${p}`}>
                    {t("privacy.review")}
                  </Button>
                </Group>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function Consents({ consents, onRevoked }: { consents: Consent[]; onRevoked: () => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);

  const revoke = async (provider: string) => {
    setBusy(provider);
    const res = await run(() => commands.revokeConsent(provider));
    setBusy(null);
    if (res.status === "ok") {
      notifications.show({ color: "teal", message: t("privacy.revoked", { provider: providerName(t, provider) }) });
      onRevoked();
    } else {
      notifications.show({ color: "red", title: t("privacy.revokeError"), message: res.error.message });
    }
  };

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="privacy-consents">
      <Stack gap="md">
        <Title order={3}>{t("privacy.consentsTitle")}</Title>
        {consents.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="privacy-no-consents">
            {t("privacy.noConsents")}
          </Text>
        ) : (
          consents.map((c) => (
            <Group key={c.provider} justify="space-between" align="flex-start" wrap="nowrap" data-testid="privacy-consent" data-provider={c.provider}>
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {providerName(t, c.provider)}
                </Text>
                <Text size="sm">{c.fields.map((f) => consentFieldName(t, f)).join(", ")}</Text>
                <Text size="xs" c="dimmed">
                  {t("privacy.grantedOn", { date: formatDate(c.granted_at, i18n.language) })}
                </Text>
              </Stack>
              <Button
                size="compact-sm"
                variant="light"
                color="red"
                loading={busy === c.provider}
                onClick={() => void revoke(c.provider)}
                data-testid={`consent-revoke-${c.provider}`}
              >
                {t("privacy.revoke")}
              </Button>
            </Group>
          ))
        )}
      </Stack>
    </Card>
  );
}
