import { Badge } from "@mantine/core";
import { IconActivity, IconBook, IconCalendarEvent, IconChartLine, type Icon } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Citation, CitationKind } from "../bindings";
import { citationHref } from "../lib/coach";
import { pageHref } from "../lib/knowledge";

const ICONS: Record<CitationKind, Icon> = {
  knowledge: IconBook,
  activity: IconActivity,
  plan: IconCalendarEvent,
  workout: IconCalendarEvent,
  metric: IconChartLine,
};

type Props = { pageId: string; title: string } | { citation: Citation; n?: number };

/**
 * A compact link to what an answer relies on: a knowledge-base page (the
 * default), or, given a coach `citation`, an activity, the plan or a metric
 * (a metric has nowhere to go, so it is a plain chip).
 */
export function CitationChip(props: Props) {
  const c: Citation = "citation" in props ? props.citation : { kind: "knowledge", id: props.pageId, title: props.title, detail: null };
  const to = c.kind === "knowledge" ? pageHref(c.id) : citationHref(c);
  const I = ICONS[c.kind] ?? IconBook;
  const hint = c.detail ? `${c.title} — ${c.detail}` : c.title;
  // The number the answer's text links to, "(1)".
  const label = "n" in props && props.n ? `(${props.n}) ${c.title}` : c.title;
  const common = {
    variant: "light",
    radius: "sm",
    size: "md",
    tt: "none",
    fw: 500,
    maw: 320,
    color: c.kind === "knowledge" ? undefined : "grape",
    leftSection: <I size={12} stroke={1.8} />,
    title: hint,
    "data-testid": "citation-chip",
    "data-kind": c.kind,
    "data-page-id": c.kind === "knowledge" ? c.id : undefined,
    "data-citation-id": c.id,
  } as const;
  if (!to) return <Badge {...common}>{label}</Badge>;
  return (
    <Badge {...common} component={Link} to={to} style={{ cursor: "pointer" }}>
      {label}
    </Badge>
  );
}
