import { Alert, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { providerName, type ProviderData } from "../../../lib/ownData";
import { useCommand } from "../../../lib/useProfile";
import { EraseEverythingModal } from "./EraseEverythingModal";
import { EraseProviderModal } from "./EraseProviderModal";

/** Erasure: what one source brought in, or everything Tempo stored. */
export function EraseSection() {
  const { t } = useTranslation();
  const providers = useCommand<ProviderData[]>(() => commands.dataProviders());
  const [provider, setProvider] = useState<string | null>(null);
  const [everything, setEverything] = useState(false);

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="erase-section">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3}>{t("data.erase.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("data.erase.intro")}
          </Text>
        </Stack>
        {providers.loading && !providers.data && <Skeleton h={80} />}
        {providers.error && (
          <Alert color="red" variant="light" title={t("data.erase.listError")} data-testid="erase-list-error">
            {providers.error.message}
          </Alert>
        )}
        {providers.data?.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="erase-providers-empty">
            {t("data.erase.noProviders")}
          </Text>
        )}
        {providers.data && providers.data.length > 0 && (
          <Table verticalSpacing="xs" data-testid="erase-providers">
            <Table.Tbody>
              {providers.data.map((p) => (
                <Table.Tr key={p.provider} data-testid="erase-provider-row" data-provider={p.provider}>
                  <Table.Td fw={600}>{providerName(t, p.provider)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{t("data.erase.activities", { count: p.activities })}</Text>
                    {p.only_source !== p.activities && (
                      <Text size="xs" c="dimmed">
                        {t("data.erase.onlySource", { count: p.only_source })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="light"
                      color="red"
                      onClick={() => setProvider(p.provider)}
                      data-testid={`erase-provider-${p.provider}`}
                    >
                      {t("data.erase.provider")}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between" align="center" mt="sm">
          <Text size="sm" maw={520}>
            {t("data.erase.everythingIntro")}
          </Text>
          <Button color="red" leftSection={<IconTrash size={16} />} onClick={() => setEverything(true)} data-testid="erase-everything">
            {t("data.erase.everything")}
          </Button>
        </Group>
      </Stack>
      <EraseProviderModal
        provider={provider}
        onClose={() => setProvider(null)}
        onErased={(name, report) => {
          setProvider(null);
          notifications.show({
            color: "teal",
            title: t("data.erase.doneTitle", { provider: providerName(t, name) }),
            message: (
              <span data-testid="erase-done">
                {t("data.erase.done", { activities: report.activities_deleted, sources: report.sources_removed })}
              </span>
            ),
          });
          void providers.reload();
        }}
      />
      <EraseEverythingModal opened={everything} onClose={() => setEverything(false)} />
    </Card>
  );
}
