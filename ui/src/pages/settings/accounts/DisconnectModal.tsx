import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { run } from "../../../lib/ownData";
import { syncProviderName, type Account } from "../../../lib/sync";

/** Confirms disconnecting: the keychain secrets go, the activities stay (Settings → Data erases those). */
export function DisconnectModal({
  account,
  opened,
  onClose,
  onDisconnected,
}: {
  account: Account;
  opened: boolean;
  onClose: () => void;
  onDisconnected: (a: Account) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const name = syncProviderName(t, account.provider);

  const disconnect = async () => {
    setBusy(true);
    setFailure(null);
    const res = await run(() => commands.accountDisconnect(account.provider));
    setBusy(false);
    if (res.status === "ok") onDisconnected(res.data);
    else setFailure(res.error.message);
  };

  return (
    <Modal opened={opened} onClose={busy ? () => {} : onClose} title={t("accounts.disconnect.title", { provider: name })} centered data-testid="disconnect-modal">
      <Stack gap="md">
        <Text size="sm">{t("accounts.disconnect.body", { provider: name })}</Text>
        <Text size="sm" c="dimmed">
          {t("accounts.disconnect.erase", { provider: name })}
        </Text>
        {failure && (
          <Alert color="red" variant="light" data-testid="disconnect-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-testid="disconnect-cancel">
            {t("accounts.cancel")}
          </Button>
          <Button color="red" onClick={() => void disconnect()} loading={busy} data-testid="disconnect-confirm">
            {t("accounts.disconnect.confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
