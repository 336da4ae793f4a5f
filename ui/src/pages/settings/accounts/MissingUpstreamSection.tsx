import { Alert, Button, Card, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { formatDateTime, run } from "../../../lib/ownData";
import { syncProviderName, type MissingUpstream } from "../../../lib/sync";

/**
 * Activities a provider no longer lists (deleted or made private there). Tempo
 * never deletes them on its own: the athlete keeps each one or deletes it here.
 */
export function MissingUpstreamSection({ items, onResolved }: { items: MissingUpstream[]; onResolved: () => void }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState<MissingUpstream | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (items.length === 0) return null;

  const resolve = async (m: MissingUpstream, deleteLocal: boolean) => {
    setBusy(m.remote_id);
    setFailure(null);
    const res = await run(() => commands.syncResolveMissing(m.provider, m.remote_id, deleteLocal));
    setBusy(null);
    setConfirming(null);
    if (res.status === "ok") onResolved();
    else setFailure(res.error.message);
  };

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="missing-upstream">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3}>{t("accounts.missing.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("accounts.missing.intro")}
          </Text>
        </Stack>
        {failure && (
          <Alert color="red" variant="light" data-testid="missing-error">
            {failure}
          </Alert>
        )}
        <Table verticalSpacing="xs">
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={`${m.provider}:${m.remote_id}`} data-testid="missing-item" data-remote-id={m.remote_id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {m.name ?? t("accounts.missing.unnamed")}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {syncProviderName(t, m.provider)} · {formatDateTime(m.start, i18n.language)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" loading={busy === m.remote_id && !confirming} onClick={() => void resolve(m, false)} data-testid="missing-keep">
                      {t("accounts.missing.keep")}
                    </Button>
                    <Button size="xs" variant="light" color="red" disabled={busy !== null} onClick={() => setConfirming(m)} data-testid="missing-delete">
                      {t("accounts.missing.delete")}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Modal
        opened={confirming !== null}
        onClose={() => busy === null && setConfirming(null)}
        title={t("accounts.missing.confirmTitle")}
        centered
        data-testid="missing-delete-modal"
      >
        {confirming && (
          <Stack gap="md">
            <Text size="sm">
              {t("accounts.missing.confirmBody", { name: confirming.name ?? t("accounts.missing.unnamed"), provider: syncProviderName(t, confirming.provider) })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)} disabled={busy !== null} data-testid="missing-delete-cancel">
                {t("accounts.cancel")}
              </Button>
              <Button color="red" loading={busy !== null} onClick={() => void resolve(confirming, true)} data-testid="missing-delete-confirm">
                {t("accounts.missing.delete")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}
