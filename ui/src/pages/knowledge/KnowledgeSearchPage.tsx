import { useEffect, useMemo, useState, type FormEvent } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconInfoCircle, IconSearch } from "@tabler/icons-react";
import { Link, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import {
  headingTrail,
  KB_LANGS,
  kb,
  langChoice,
  loadPageIndex,
  pageHref,
  snippetText,
  sportColor,
  toKbError,
  type KbError,
  type KbHit,
  type KbPageSummary,
  type KbSearchResult,
  type LangChoice,
} from "../../lib/knowledge";
import { KnowledgeError } from "./KnowledgeError";

type SearchState =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "ok"; query: string; result: KbSearchResult }
  | { kind: "error"; error: KbError };

type PagesState = { kind: "loading" } | { kind: "ok"; pages: KbPageSummary[] } | { kind: "error"; error: KbError };

export function KnowledgeSearchPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = (params.get("q") ?? "").trim();
  const lang = langChoice(params.get("lang"), i18n.language);
  const [draft, setDraft] = useState(query);
  const [search, setSearch] = useState<SearchState>({ kind: "idle" });
  const [pages, setPages] = useState<PagesState>({ kind: "loading" });

  useEffect(() => setDraft(query), [query]);

  useEffect(() => {
    if (!query) {
      setSearch({ kind: "idle" });
      return;
    }
    let alive = true;
    setSearch({ kind: "loading" });
    kb.kbSearch(query, null, lang === "all" ? null : lang)
      .then((res) => {
        if (!alive) return;
        setSearch(res.status === "ok" ? { kind: "ok", query, result: res.data } : { kind: "error", error: res.error });
      })
      .catch((e: unknown) => alive && setSearch({ kind: "error", error: toKbError(e) }));
    return () => {
      alive = false;
    };
  }, [query, lang]);

  useEffect(() => {
    if (query) return;
    let alive = true;
    loadPageIndex()
      .then((list) => alive && setPages({ kind: "ok", pages: list }))
      .catch((e: unknown) => {
        if (!alive) return;
        const err = e as Partial<KbError> | null;
        setPages({ kind: "error", error: err && typeof err.code === "string" ? (err as KbError) : toKbError(e) });
      });
    return () => {
      alive = false;
    };
  }, [query]);

  const setQuery = (q: string) => {
    const next = new URLSearchParams(params);
    if (q) next.set("q", q);
    else next.delete("q");
    setParams(next);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setQuery(draft.trim());
  };

  const onLang = (value: string) => {
    const next = new URLSearchParams(params);
    next.set("lang", value);
    setParams(next, { replace: true });
  };

  // What a result link carries so the page's back link returns to these results.
  const linkSearch = params.toString() ? `?${params.toString()}` : "";

  return (
    <Stack gap="lg" maw={880}>
      <Stack gap={4}>
        <Title order={2}>{t("nav.knowledge")}</Title>
        <Text c="dimmed" size="sm">
          {t("knowledge.intro")}
        </Text>
      </Stack>

      <form onSubmit={onSubmit} role="search" aria-label={t("knowledge.search.label")}>
        <Stack gap="xs">
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <TextInput
              flex={1}
              size="md"
              aria-label={t("knowledge.search.label")}
              placeholder={t("knowledge.search.placeholder")}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              leftSection={<IconSearch size={18} />}
              rightSection={
                draft ? (
                  <CloseButton
                    size="sm"
                    aria-label={t("knowledge.search.clear")}
                    data-testid="kb-search-clear"
                    onClick={() => {
                      setDraft("");
                      setQuery("");
                    }}
                  />
                ) : null
              }
              data-testid="kb-search-input"
            />
            <Button type="submit" size="md" data-testid="kb-search-submit">
              {t("knowledge.search.submit")}
            </Button>
          </Group>
          <Group gap="xs">
            <Text size="xs" c="dimmed" id="kb-lang-label">
              {t("knowledge.search.langLabel")}
            </Text>
            <SegmentedControl
              size="xs"
              value={lang}
              onChange={onLang}
              aria-labelledby="kb-lang-label"
              data-testid="kb-search-lang"
              data={[
                { value: "all", label: t("knowledge.search.langAll") },
                { value: "en", label: "EN" },
                { value: "fr", label: "FR" },
              ]}
            />
          </Group>
        </Stack>
      </form>

      {query ? <SearchResults state={search} linkSearch={linkSearch} /> : <PageList state={pages} lang={lang} linkSearch={linkSearch} />}
    </Stack>
  );
}

function SearchResults({ state, linkSearch }: { state: SearchState; linkSearch: string }) {
  const { t } = useTranslation();
  if (state.kind === "idle") return null;
  if (state.kind === "loading")
    return (
      <Group gap="xs" c="dimmed">
        <Loader size="xs" />
        <Text size="sm">{t("knowledge.search.searching")}</Text>
      </Group>
    );
  if (state.kind === "error") return <KnowledgeError error={state.error} title={t("knowledge.errors.searchTitle")} />;

  const { result, query } = state;
  const count = result.hits.length;
  return (
    <Stack gap="sm" data-testid="kb-results">
      {result.mode === "bm25_only" && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconInfoCircle size={18} />}
          title={t("knowledge.search.keywordOnly")}
          data-testid="kb-mode-notice"
        >
          <Text size="sm">{t("knowledge.search.keywordOnlyBody")}</Text>
          {result.notice && (
            <Text size="xs" c="dimmed" mt={4}>
              {result.notice}
            </Text>
          )}
        </Alert>
      )}
      <Text size="xs" c="dimmed" data-testid="kb-search-meta">
        {count === 1 ? t("knowledge.search.oneResult") : t("knowledge.search.results", { count })}
        {result.took_ms !== null && ` · ${t("knowledge.search.took", { ms: formatMs(result.took_ms) })}`}
      </Text>
      {count === 0 ? (
        <Text c="dimmed" data-testid="kb-no-results">
          {t("knowledge.search.noResults", { query })}
        </Text>
      ) : (
        result.hits.map((hit, i) => <ResultCard key={`${hit.page_id}-${hit.heading}-${i}`} hit={hit} linkSearch={linkSearch} />)
      )}
    </Stack>
  );
}

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1).replace(/\.0$/, "") : String(Math.round(ms));
}

function ResultCard({ hit, linkSearch }: { hit: KbHit; linkSearch: string }) {
  const trail = headingTrail(hit.heading, hit.title);
  const section = trail.at(-1);
  const params = new URLSearchParams(linkSearch);
  if (section) params.set("section", section);
  const search = params.toString() ? `?${params.toString()}` : "";
  return (
    <Paper
      component={Link}
      to={pageHref(hit.page_id, search)}
      withBorder
      radius="md"
      p="md"
      className="kb-result"
      data-testid="kb-result"
      data-page-id={hit.page_id}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Text fw={600} c="var(--mantine-color-anchor)" data-testid="kb-result-title">
            {hit.title}
          </Text>
          {trail.length > 0 && (
            <Text size="xs" c="dimmed" truncate data-testid="kb-result-heading">
              {trail.join(" › ")}
            </Text>
          )}
        </Stack>
        <Badge variant="outline" color="gray" size="sm" radius="sm" style={{ flexShrink: 0 }}>
          {hit.language.toUpperCase()}
        </Badge>
      </Group>
      <Text size="sm" mt={6} lineClamp={3} lang={hit.language} data-testid="kb-result-snippet">
        {snippetText(hit.text)}
      </Text>
    </Paper>
  );
}

function PageList({ state, lang, linkSearch }: { state: PagesState; lang: LangChoice; linkSearch: string }) {
  const { t } = useTranslation();
  const groups = useMemo(() => {
    if (state.kind !== "ok") return [];
    const langs = lang === "all" ? KB_LANGS : [lang];
    return langs.map((l) => ({
      lang: l,
      pages: state.pages.filter((p) => p.language === l).sort((a, b) => a.title.localeCompare(b.title, l)),
    }));
  }, [state, lang]);

  if (state.kind === "loading")
    return (
      <Group gap="xs" c="dimmed">
        <Loader size="xs" />
        <Text size="sm">{t("common.loading")}</Text>
      </Group>
    );
  if (state.kind === "error") return <KnowledgeError error={state.error} title={t("knowledge.errors.pagesTitle")} />;

  return (
    <Stack gap="lg" data-testid="kb-pages">
      {groups.map((g) => (
        <Stack gap="xs" key={g.lang} data-testid={`kb-pages-${g.lang}`}>
          <Group gap="xs">
            <Title order={4}>{t(`knowledge.language.${g.lang}`)}</Title>
            <Badge variant="light" color="gray" size="sm" circle={g.pages.length < 10}>
              {g.pages.length}
            </Badge>
          </Group>
          {g.pages.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("knowledge.browse.empty")}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs">
              {g.pages.map((p) => (
                <Paper key={p.id} withBorder radius="md" px="md" py="xs" className="kb-page-item">
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Anchor component={Link} to={pageHref(p.id, linkSearch)} size="sm" fw={500} lang={p.language} data-testid="kb-page-link">
                      {p.title}
                    </Anchor>
                    <Badge variant="light" color={sportColor(p.sport)} size="xs" radius="sm" style={{ flexShrink: 0 }}>
                      {t(`knowledge.sport.${p.sport}`, { defaultValue: p.sport })}
                    </Badge>
                  </Group>
                </Paper>
              ))}
            </SimpleGrid>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
