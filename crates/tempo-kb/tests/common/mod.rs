//! Shared by the integration tests: where the knowledge base and the model are.

use std::path::PathBuf;

pub fn kb_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../knowledge_base")
}

/// The embedding model directory from `TEMPO_EMBEDDING_MODEL`. Without it the
/// dense checks are skipped locally, but CI (which always provides the model)
/// must not pass by skipping them.
pub fn model_dir(what: &str) -> Option<PathBuf> {
    match std::env::var_os("TEMPO_EMBEDDING_MODEL") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but TEMPO_EMBEDDING_MODEL is not: {what} needs the embedding model"
            );
            eprintln!("TEMPO_EMBEDDING_MODEL is unset: {what} skipped");
            None
        }
    }
}

/// A cache folder shared by the tests that embed the whole knowledge base:
/// embedding it takes minutes in a debug build, and the cache key makes
/// sharing safe (same pages and model, same content).
pub fn shared_hybrid_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tempo-kb-hybrid-cache")
}
