import { useEffect, useMemo, useState } from "react";
import { Anchor, Badge, Center, Code, Divider, Group, List, Loader, Stack, Table, Title, Typography } from "@mantine/core";
import { IconArrowLeft, IconLanguage } from "@tabler/icons-react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import {
  headingId,
  kb,
  loadPageIndex,
  pageHref,
  searchHref,
  sportColor,
  toKbError,
  withoutTitle,
  type KbError,
  type KbLang,
  type KbPage,
  type KbPageSummary,
} from "../../lib/knowledge";
import { KnowledgeError } from "./KnowledgeError";

type PageState = { kind: "loading" } | { kind: "ok"; page: KbPage } | { kind: "error"; error: KbError };

export function KnowledgeArticlePage() {
  const { t } = useTranslation();
  const { pageId = "" } = useParams();
  const [params] = useSearchParams();
  const { search } = useLocation();
  const [state, setState] = useState<PageState>({ kind: "loading" });
  const [index, setIndex] = useState<KbPageSummary[]>([]);
  const query = (params.get("q") ?? "").trim();
  const section = params.get("section");

  useEffect(() => {
    let alive = true;
    setState({ kind: "loading" });
    kb.kbPage(pageId)
      .then((res) => alive && setState(res.status === "ok" ? { kind: "ok", page: res.data } : { kind: "error", error: res.error }))
      .catch((e: unknown) => alive && setState({ kind: "error", error: toKbError(e) }));
    return () => {
      alive = false;
    };
  }, [pageId]);

  // The page list turns `page-id` mentions into links; without it they stay code.
  useEffect(() => {
    let alive = true;
    loadPageIndex()
      .then((list) => alive && setIndex(list))
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, []);

  // Jump to the section a search hit came from.
  useEffect(() => {
    if (state.kind !== "ok") return;
    if (section) document.getElementById(headingId(section))?.scrollIntoView({ block: "start" });
    else (document.scrollingElement ?? document.documentElement).scrollTo?.({ top: 0 });
  }, [state, section]);

  // Links to other pages keep the search (not the section) for their back link.
  const carried = useMemo(() => {
    const next = new URLSearchParams(search);
    next.delete("section");
    const s = next.toString();
    return s ? `?${s}` : "";
  }, [search]);

  const back = (
    <Anchor
      component={Link}
      to={searchHref(query, params.get("lang"))}
      size="sm"
      data-testid="kb-back"
      style={{ display: "inline-flex", alignItems: "center", gap: 4, alignSelf: "flex-start" }}
    >
      <IconArrowLeft size={16} />
      {query ? t("knowledge.page.back") : t("knowledge.page.backAll")}
    </Anchor>
  );

  if (state.kind === "loading")
    return (
      <Stack gap="lg" maw={760}>
        {back}
        <Center py="xl">
          <Loader aria-label={t("common.loading")} />
        </Center>
      </Stack>
    );
  if (state.kind === "error")
    return (
      <Stack gap="lg" maw={760}>
        {back}
        <KnowledgeError error={state.error} title={t("knowledge.errors.pageTitle")} />
      </Stack>
    );

  const { page } = state;
  return (
    <Stack gap="md" maw={760} component="article" lang={page.language} data-testid="kb-page">
      {back}
      <Stack gap="xs">
        <Title order={1} size="h2" data-testid="kb-page-title">
          {page.title}
        </Title>
        <Group gap={6}>
          <Badge variant="outline" color="gray" size="sm" radius="sm">
            {page.language.toUpperCase()}
          </Badge>
          <Badge variant="light" color={sportColor(page.sport)} size="sm" radius="sm">
            {t(`knowledge.sport.${page.sport}`, { defaultValue: page.sport })}
          </Badge>
          {page.translation && (
            <Anchor
              component={Link}
              to={pageHref(page.translation, carried)}
              size="sm"
              ml="xs"
              lang={otherLang(page.language)}
              data-testid="kb-translation-link"
              style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
            >
              <IconLanguage size={16} />
              {t(`knowledge.page.readIn.${otherLang(page.language)}`)}
            </Anchor>
          )}
        </Group>
        {page.topics.length > 0 && (
          <Group gap={6} aria-label={t("knowledge.page.topics")} data-testid="kb-topics">
            {page.topics.map((topic) => (
              <Badge key={topic} variant="light" color="gray" size="sm" radius="sm" tt="none" fw={500} data-testid="kb-topic">
                {topic}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
      <Divider />
      <MarkdownBody markdown={withoutTitle(page.markdown)} language={page.language} index={index} carried={carried} />
      {page.sources.length > 0 && (
        <Stack gap="xs" component="section" data-testid="kb-sources" mt="md">
          <Divider />
          <Title order={2} size="h4">
            {t("knowledge.page.sources")}
          </Title>
          <List type="ordered" size="sm" spacing={6} c="dimmed">
            {page.sources.map((s) => (
              <List.Item key={s} data-testid="kb-source">
                {s}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

function otherLang(lang: KbLang): KbLang {
  return lang === "fr" ? "en" : "fr";
}

/** The text of a heading's children, for its id. */
function textOf(node: unknown): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (node && typeof node === "object" && "props" in node) {
    return textOf((node as { props: { children?: unknown } }).props.children);
  }
  return "";
}

function MarkdownBody({
  markdown,
  language,
  index,
  carried,
}: {
  markdown: string;
  language: KbLang;
  index: KbPageSummary[];
  carried: string;
}) {
  const components = useMemo<Components>(() => {
    const ids = new Set(index.map((p) => p.id));
    // A page id written as code (`intensity-distribution`) links to that page, in this page's language when it exists.
    const linkFor = (text: string): string | null => {
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text)) return null;
      if (language === "fr" && ids.has(`${text}-fr`)) return `${text}-fr`;
      return ids.has(text) ? text : null;
    };
    return {
      h1: ({ children }) => (
        <Title order={2} size="h3" id={headingId(textOf(children))} mt="xl" mb="xs">
          {children}
        </Title>
      ),
      h2: ({ children }) => (
        <Title order={2} size="h3" id={headingId(textOf(children))} mt="xl" mb="xs">
          {children}
        </Title>
      ),
      h3: ({ children }) => (
        <Title order={3} size="h4" id={headingId(textOf(children))} mt="lg" mb="xs">
          {children}
        </Title>
      ),
      h4: ({ children }) => (
        <Title order={4} size="h5" id={headingId(textOf(children))} mt="md" mb="xs">
          {children}
        </Title>
      ),
      table: ({ children }) => (
        <Table.ScrollContainer minWidth={440} mb="md" type="native">
          <Table striped highlightOnHover withTableBorder verticalSpacing={6} horizontalSpacing="sm" fz="sm" className="kb-table">
            {children}
          </Table>
        </Table.ScrollContainer>
      ),
      thead: ({ children }) => <Table.Thead>{children}</Table.Thead>,
      tbody: ({ children }) => <Table.Tbody>{children}</Table.Tbody>,
      tr: ({ children }) => <Table.Tr>{children}</Table.Tr>,
      th: ({ children, style }) => <Table.Th style={style}>{children}</Table.Th>,
      td: ({ children, style }) => <Table.Td style={style}>{children}</Table.Td>,
      code: ({ children, className }) => {
        const text = textOf(children);
        const target = !className && !text.includes("\n") ? linkFor(text) : null;
        if (target) {
          const title = index.find((p) => p.id === target)?.title ?? text;
          return (
            <Anchor component={Link} to={pageHref(target, carried)} title={title} data-testid="kb-inline-page-link">
              {title}
            </Anchor>
          );
        }
        return <Code className={className}>{children}</Code>;
      },
      a: ({ children, href }) => {
        if (href && /^[a-z0-9-]+$/.test(href))
          return (
            <Anchor component={Link} to={pageHref(href, carried)}>
              {children}
            </Anchor>
          );
        // No navigation away from the app inside the webview: show where it points.
        return (
          <Anchor href={href} target="_blank" rel="noopener noreferrer" title={href}>
            {children}
          </Anchor>
        );
      },
    };
  }, [index, language, carried]);

  return (
    <Typography className="kb-markdown" data-testid="kb-markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {markdown}
      </ReactMarkdown>
    </Typography>
  );
}
