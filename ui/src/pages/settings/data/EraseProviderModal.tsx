import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import { providerName, run, type EraseReport } from "../../../lib/ownData";
import { ErasePreviewList, useErasePreview } from "./ErasePreviewList";

/** Confirms erasing what one provider brought in, showing the preview first. */
export function EraseProviderModal({
  provider,
  onClose,
  onErased,
}: {
  provider: string | null;
  onClose: () => void;
  onErased: (provider: string, report: EraseReport) => void;
}) {
  const { t } = useTranslation();
  const { preview, error } = useErasePreview(provider, provider !== null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => setFailure(null), [provider]);

  const erase = async () => {
    if (!provider) return;
    setBusy(true);
    setFailure(null);
    const res = await run(() => commands.eraseProvider(provider));
    setBusy(false);
    if (res.status === "ok") onErased(provider, res.data);
    else setFailure(res.error.message);
  };

  return (
    <Modal
      opened={provider !== null}
      onClose={busy ? () => {} : onClose}
      title={provider ? t("data.erase.providerTitle", { provider: providerName(t, provider) }) : ""}
      centered
      size="lg"
      data-testid="erase-provider-modal"
    >
      <Stack gap="md">
        <Text size="sm">{t("data.erase.providerBody")}</Text>
        <ErasePreviewList preview={preview} error={error} />
        {failure && (
          <Alert color="red" variant="light" title={t("data.erase.error")} data-testid="erase-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-testid="erase-provider-cancel">
            {t("data.cancel")}
          </Button>
          <Button color="red" onClick={() => void erase()} loading={busy} disabled={!preview} data-testid="erase-provider-confirm">
            {t("data.erase.confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
