import { AppShell, Group, NavLink, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import {
  IconActivity,
  IconBook,
  IconHeartRateMonitor,
  IconLayoutDashboard,
  IconMessageChatbot,
  IconSettings,
  IconTargetArrow,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { ImportProvider, useFileDrop, useImport } from "../lib/activities/useImport";
import { DemoBanner } from "./DemoBanner";
import { DropOverlay } from "./DropOverlay";
import { InboxButton } from "./InboxButton";
import { SyncIndicator } from "./SyncIndicator";

type NavItem = { to: string; key: string; icon: ComponentType<{ size?: number; stroke?: number }> };

const NAV: NavItem[] = [
  { to: "/", key: "dashboard", icon: IconLayoutDashboard },
  { to: "/activities", key: "activities", icon: IconActivity },
  { to: "/plan", key: "plan", icon: IconTargetArrow },
  { to: "/coach", key: "coach", icon: IconMessageChatbot },
  { to: "/knowledge", key: "knowledge", icon: IconBook },
  { to: "/settings", key: "settings", icon: IconSettings },
];

function isActive(pathname: string, to: string) {
  return to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);
}

export function Layout() {
  return (
    <ImportProvider>
      <Shell />
    </ImportProvider>
  );
}

/** Files dropped anywhere on the window are imported, and the activity list shows the progress. */
function FileDrop() {
  const { start } = useImport();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const over = useFileDrop((paths) => {
    if (pathname !== "/activities") navigate("/activities");
    void start(paths);
  });
  return over ? <DropOverlay /> : null;
}

function Shell() {
  const { t } = useTranslation();
  const { pathname } = useLocation();

  return (
    // "alt": the navbar runs full height and the header only spans the page, so the brand stays where it was.
    <AppShell layout="alt" header={{ height: 48 }} navbar={{ width: 232, breakpoint: 0 }} padding="xl">
      <AppShell.Header bg="var(--tempo-main-bg)" withBorder={false}>
        <Group h="100%" px="xl" gap="xs" justify="flex-end" data-testid="app-header">
          <SyncIndicator />
          <InboxButton />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md">
        <AppShell.Section>
          <Group gap="xs" px="xs" pb="lg" pt={4}>
            <ThemeIcon variant="gradient" gradient={{ from: "teal.6", to: "cyan.6", deg: 135 }} size={34} radius="md">
              <IconHeartRateMonitor size={20} stroke={2} />
            </ThemeIcon>
            <Stack gap={0}>
              <Title order={3} className="tempo-brand" lh={1.1}>
                Tempo
              </Title>
              <Text size="xs" c="dimmed">
                {t("app.tagline")}
              </Text>
            </Stack>
          </Group>
        </AppShell.Section>
        <AppShell.Section grow component="nav" aria-label={t("nav.label")}>
          <Stack gap={4}>
            {NAV.map(({ to, key, icon: Icon }) => (
              <NavLink
                key={key}
                component={Link}
                to={to}
                label={t(`nav.${key}`)}
                leftSection={<Icon size={19} stroke={1.7} />}
                active={isActive(pathname, to)}
                variant="light"
                data-testid={`nav-${key}`}
                styles={{ root: { borderRadius: "var(--mantine-radius-md)" } }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="xs">
            {t("app.localFirst")}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--tempo-main-bg)">
        <DemoBanner />
        <Outlet />
      </AppShell.Main>
      <FileDrop />
    </AppShell>
  );
}
