//! Tempo's knowledge base and its retrieval engine.
//!
//! The pages under `knowledge_base/` (markdown with YAML front matter, see its
//! README) are what the coach and the search read. This crate:
//!
//! - **loads** them ([`KnowledgeBase::load`]) and refuses a page that breaks
//!   the README's rules (id ≠ file name, missing field, unknown language, a
//!   translation that does not exist or does not point back), naming the file;
//! - **chunks** each page by `##`/`###` section, the intro under `#` being its
//!   own chunk, and cuts long sections into overlapping word windows; every
//!   chunk keeps its heading path ("Title > Section > Subsection");
//! - indexes chunks twice: **BM25** with tantivy (an English and a French
//!   analyzer; the French one folds accents so "seance" finds "séance"), and
//!   **dense vectors** from all-MiniLM-L6-v2 run in-process by candle;
//! - **fuses** the two rankings with reciprocal rank fusion and keeps the best
//!   chunk per page family (a page and its translation), shown in the asker's
//!   language when it can, so neither a long page nor the same page in two
//!   languages can fill every slot.
//!
//! Why hybrid: athletes ask in their own words ("how do I work out my VMA
//! without a lab?"), which embeddings match, but also with exact jargon
//! ("45-15", "TRIMP", "Karvonen") that BM25 matches and a small model blurs.
//! The model is English-only, so French questions lean on the French analyzer;
//! `tests/eval.rs` measures each side on the evaluation questions.
//!
//! [`Index::open_or_build`] caches the BM25 index and the embedding matrix
//! under `cache_dir/<key>/`, where the key hashes every page byte, the chunker
//! and analyzer versions and the model id: a start with unchanged inputs reads
//! the cache instead of re-embedding, and any change rebuilds and removes the
//! old cache. Without a usable model directory search still works, on BM25
//! alone, and [`SearchResults::mode`] says so ([`SearchMode::Bm25Only`]).
//!
//! The crate never downloads anything: the caller passes the model directory
//! (`config.json`, `tokenizer.json`, `model.safetensors`).

mod chunk;
mod embed;
mod index;
mod lexical;
mod page;

use std::path::PathBuf;

pub use index::{Hit, Index, MAX_HITS_PER_PAGE, SearchMode, SearchResults};
pub use page::{KnowledgeBase, Lang, Page, Sport};

/// Everything that can go wrong loading, indexing or searching the knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file or folder could not be read or written.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A page breaks the knowledge base's rules (see knowledge_base/README.md).
    #[error("invalid knowledge-base page {}: {problem}", path.display())]
    InvalidPage { path: PathBuf, problem: String },
    /// The embedding model directory is missing a file or holds something unusable.
    #[error("embedding model file {} is unusable: {reason}", path.display())]
    Model { path: PathBuf, reason: String },
    /// Embedding a text failed after the model loaded.
    #[error("embedding failed: {0}")]
    Embedding(String),
    /// The BM25 index at `path` could not be created or opened.
    #[error("search index at {} failed: {source}", path.display())]
    Index {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A cached index exists but does not match what it claims to be.
    #[error("index cache {} is inconsistent: {problem}", path.display())]
    Cache { path: PathBuf, problem: String },
    /// Running a query failed.
    #[error("search failed: {source}")]
    Search {
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Index>();
        assert_send_sync::<KnowledgeBase>();
    }
}
