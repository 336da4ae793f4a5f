import { Center, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconDragDrop } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/** Covers the window while files are dragged over it. */
export function DropOverlay() {
  const { t } = useTranslation();
  return (
    <Center
      data-testid="drop-overlay"
      role="status"
      style={{
        position: "fixed",
        inset: 0,
        zIndex: 1000,
        background: "color-mix(in srgb, var(--mantine-color-body) 82%, transparent)",
        backdropFilter: "blur(3px)",
        pointerEvents: "none",
      }}
    >
      <Stack
        align="center"
        gap="sm"
        p={48}
        style={{
          border: "3px dashed var(--mantine-primary-color-filled)",
          borderRadius: "var(--mantine-radius-xl)",
          background: "var(--mantine-color-body)",
        }}
      >
        <ThemeIcon size={72} radius="xl" variant="light">
          <IconDragDrop size={40} stroke={1.5} />
        </ThemeIcon>
        <Title order={3}>{t("activities.drop.title")}</Title>
        <Text c="dimmed" size="sm" ta="center" maw={420}>
          {t("activities.drop.body")}
        </Text>
      </Stack>
    </Center>
  );
}
