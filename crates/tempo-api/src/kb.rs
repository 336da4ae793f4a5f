//! Use cases for the knowledge base: search, read a page, list pages, reindex.
//!
//! The index is opened lazily on first use (and warmed up in the background by
//! the app), because building it the first time embeds every chunk: seconds of
//! CPU that must not delay the window. Later starts reopen the on-disk cache.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tempo_kb::{Index, KbError, KnowledgeBase, Lang, SearchMode};
use tokio::sync::OnceCell;

use crate::{AppError, ErrorCode, Tempo};

/// Default and largest number of hits a search returns.
pub const DEFAULT_HITS: u32 = 5;
pub const MAX_HITS: u32 = 50;
/// Longer queries are pasted documents, not questions.
const MAX_QUERY_CHARS: usize = 500;

/// Where the knowledge base and its index live.
#[derive(Debug, Clone)]
pub struct KnowledgeConfig {
    /// The `knowledge_base/` folder (pages in `en/`, `fr/`).
    pub kb_dir: PathBuf,
    /// Where the built index is cached (rebuilt when the pages change).
    pub cache_dir: PathBuf,
    /// The all-MiniLM-L6-v2 folder; `None` means keyword search only.
    pub model_dir: Option<PathBuf>,
}

/// The lazily opened index, shared by clones of [`Tempo`].
#[derive(Debug)]
pub(crate) struct Knowledge {
    config: KnowledgeConfig,
    index: OnceCell<Arc<Index>>,
    /// The pages alone, for browsing and reading: they load in milliseconds,
    /// while the index may spend a minute embedding them on a first start.
    pages: OnceCell<Arc<KnowledgeBase>>,
}

impl Knowledge {
    pub(crate) fn new(config: KnowledgeConfig) -> Self {
        Knowledge {
            config,
            index: OnceCell::new(),
            pages: OnceCell::new(),
        }
    }

    async fn pages(&self) -> Result<Arc<KnowledgeBase>, AppError> {
        let kb_dir = self.config.kb_dir.clone();
        self.pages
            .get_or_try_init(|| async move {
                blocking(move || KnowledgeBase::load(&kb_dir))
                    .await
                    .map(Arc::new)
            })
            .await
            .cloned()
    }

    async fn index(&self) -> Result<Arc<Index>, AppError> {
        let config = self.config.clone();
        self.index
            .get_or_try_init(|| async move {
                blocking(move || {
                    Index::open_or_build(
                        &config.kb_dir,
                        &config.cache_dir,
                        config.model_dir.as_deref(),
                    )
                })
                .await
                .map(Arc::new)
            })
            .await
            .cloned()
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, KbError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("knowledge task failed: {e}")))?
        .map_err(AppError::from)
}

impl From<KbError> for AppError {
    fn from(e: KbError) -> Self {
        tracing::error!(error = %e, "knowledge base failure");
        AppError::new(ErrorCode::Knowledge, e.to_string())
    }
}

/// A knowledge-base language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum KbLang {
    En,
    Fr,
}

impl From<KbLang> for Lang {
    fn from(l: KbLang) -> Self {
        match l {
            KbLang::En => Lang::En,
            KbLang::Fr => Lang::Fr,
        }
    }
}

impl From<Lang> for KbLang {
    fn from(l: Lang) -> Self {
        match l {
            Lang::En => KbLang::En,
            Lang::Fr => KbLang::Fr,
        }
    }
}

/// How a search was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KbSearchMode {
    /// Keywords (BM25) and meaning (embeddings), fused.
    Hybrid,
    /// Keywords only: the embedding model is missing or unusable.
    Bm25Only,
}

/// One passage found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct KbHit {
    pub page_id: String,
    pub title: String,
    /// "Title > Section > Subsection".
    pub heading: String,
    pub language: KbLang,
    /// Higher is better; comparable only within one result list.
    pub score: f64,
    /// The passage's markdown.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct KbSearchResult {
    pub mode: KbSearchMode,
    /// Why the search is keyword-only, when it is.
    pub notice: Option<String>,
    pub took_ms: f64,
    pub hits: Vec<KbHit>,
}

/// A page as listed when browsing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct KbPageSummary {
    pub id: String,
    pub title: String,
    pub language: KbLang,
    pub sport: String,
    pub topics: Vec<String>,
    pub translation: Option<String>,
}

/// A whole page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct KbPage {
    pub id: String,
    pub title: String,
    pub language: KbLang,
    pub sport: String,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    pub translation: Option<String>,
    /// The body without front matter, starting with the `# Title` line.
    pub markdown: String,
}

/// What a (re)index produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct KbIndexInfo {
    pub pages: u32,
    pub chunks: u32,
    pub mode: KbSearchMode,
    pub notice: Option<String>,
    pub cache_path: String,
    pub took_ms: f64,
}

fn sport_key(page: &tempo_kb::Page) -> String {
    serde_json::to_value(page.sport)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn mode_of(mode: SearchMode) -> (KbSearchMode, Option<String>) {
    match mode {
        SearchMode::Hybrid => (KbSearchMode::Hybrid, None),
        SearchMode::Bm25Only { reason } => (KbSearchMode::Bm25Only, Some(reason)),
    }
}

/// Searches the knowledge base. `k` defaults to 5 (at most 50); `lang` is the
/// asker's language, which favours pages written in it.
pub async fn search(
    tempo: &Tempo,
    query: &str,
    k: Option<u32>,
    lang: Option<KbLang>,
) -> Result<KbSearchResult, AppError> {
    let query = query.trim();
    if query.is_empty() {
        return Err(AppError::invalid(
            "query",
            "type a question or some words to search for",
        ));
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid(
            "query",
            format!("the query is too long (at most {MAX_QUERY_CHARS} characters)"),
        ));
    }
    let k = k.unwrap_or(DEFAULT_HITS);
    if !(1..=MAX_HITS).contains(&k) {
        return Err(AppError::invalid(
            "k",
            format!("k must be between 1 and {MAX_HITS}, got {k}"),
        ));
    }
    let index = tempo.knowledge.index().await?;
    let started = Instant::now();
    let owned = query.to_owned();
    let results = blocking(move || index.search(&owned, k as usize, lang.map(Into::into))).await?;
    let took_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (mode, notice) = mode_of(results.mode);
    Ok(KbSearchResult {
        mode,
        notice,
        took_ms,
        hits: results
            .hits
            .into_iter()
            .map(|h| KbHit {
                page_id: h.page_id,
                title: h.title,
                heading: h.heading,
                language: h.language.into(),
                score: f64::from(h.score),
                text: h.text,
            })
            .collect(),
    })
}

/// One page by id.
pub async fn page(tempo: &Tempo, id: &str) -> Result<KbPage, AppError> {
    let kb = tempo.knowledge.pages().await?;
    let page = kb.page(id).ok_or_else(|| {
        AppError::new(
            ErrorCode::NotFound,
            format!("no knowledge-base page with id {id:?}"),
        )
    })?;
    Ok(KbPage {
        id: page.id.clone(),
        title: page.title.clone(),
        language: page.language.into(),
        sport: sport_key(page),
        topics: page.topics.clone(),
        sources: page.sources.clone(),
        translation: page.translation.clone(),
        markdown: page.body_markdown.clone(),
    })
}

/// Every page, in id order.
pub async fn pages(tempo: &Tempo) -> Result<Vec<KbPageSummary>, AppError> {
    let kb = tempo.knowledge.pages().await?;
    Ok(kb
        .pages()
        .iter()
        .map(|p| KbPageSummary {
            id: p.id.clone(),
            title: p.title.clone(),
            language: p.language.into(),
            sport: sport_key(p),
            topics: p.topics.clone(),
            translation: p.translation.clone(),
        })
        .collect())
}

/// Opens the index (building it if needed): lets the app warm it up at start.
pub async fn warm_up(tempo: &Tempo) -> Result<KbIndexInfo, AppError> {
    let started = Instant::now();
    let index = tempo.knowledge.index().await?;
    Ok(info(&index, started))
}

/// Rebuilds the index from the pages, replacing the cache. The running
/// process keeps the index it has; the next start opens the new one.
pub async fn reindex(tempo: &Tempo) -> Result<KbIndexInfo, AppError> {
    let config = tempo.knowledge.config.clone();
    let started = Instant::now();
    let index = blocking(move || {
        Index::reindex(
            &config.kb_dir,
            &config.cache_dir,
            config.model_dir.as_deref(),
        )
    })
    .await?;
    Ok(info(&index, started))
}

fn info(index: &Index, started: Instant) -> KbIndexInfo {
    let (mode, notice) = mode_of(index.mode());
    KbIndexInfo {
        pages: index.knowledge_base().pages().len() as u32,
        chunks: index.chunk_count() as u32,
        mode,
        notice,
        cache_path: index.cache_path().display().to_string(),
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
    }
}
