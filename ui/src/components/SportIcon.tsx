import {
  IconActivity,
  IconArrowsExchange,
  IconBarbell,
  IconBike,
  IconKayak,
  IconMountain,
  IconRun,
  IconSkiJumping,
  IconSwimming,
  IconWalk,
} from "@tabler/icons-react";
import type { ComponentType } from "react";

type Icon = ComponentType<{ size?: number; stroke?: number; color?: string; "aria-hidden"?: boolean }>;

const ICONS: Record<string, Icon> = {
  running: IconRun,
  cycling: IconBike,
  swimming: IconSwimming,
  walking: IconWalk,
  hiking: IconMountain,
  rowing: IconKayak,
  cross_country_skiing: IconSkiJumping,
  strength: IconBarbell,
  transition: IconArrowsExchange,
};

const COLORS: Record<string, string> = {
  running: "orange",
  cycling: "blue",
  swimming: "cyan",
  walking: "teal",
  hiking: "green",
  rowing: "indigo",
  cross_country_skiing: "grape",
  strength: "red",
};

/** The Mantine color of a sport. */
export function sportColor(sport: string): string {
  return COLORS[sport] ?? "gray";
}

export function SportIcon({ sport, size = 18 }: { sport: string; size?: number }) {
  const Icon = ICONS[sport] ?? IconActivity;
  return <Icon size={size} stroke={1.7} color={`var(--mantine-color-${sportColor(sport)}-6)`} aria-hidden />;
}
