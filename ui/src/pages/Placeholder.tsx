import { Badge, Card, Center, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconMessageChatbot, IconTargetArrow } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

const ICONS = { plan: IconTargetArrow, coach: IconMessageChatbot } as const;

export type PlaceholderSection = keyof typeof ICONS;

export function Placeholder({ section }: { section: PlaceholderSection }) {
  const { t } = useTranslation();
  const Icon = ICONS[section];
  return (
    <Stack gap="lg" maw={880}>
      <Title order={2}>{t(`nav.${section}`)}</Title>
      <Card withBorder padding="xl" radius="lg" data-testid={`placeholder-${section}`}>
        <Center>
          <Stack align="center" gap="sm" maw={520} py="xl">
            <ThemeIcon size={64} radius="xl" variant="light">
              <Icon size={34} stroke={1.5} />
            </ThemeIcon>
            <Badge variant="light" color="gray">
              {t("common.comingSoon")}
            </Badge>
            <Title order={3} ta="center">
              {t(`placeholder.${section}.title`)}
            </Title>
            <Text c="dimmed" ta="center">
              {t(`placeholder.${section}.body`)}
            </Text>
          </Stack>
        </Center>
      </Card>
    </Stack>
  );
}
