//! Browsing and reading knowledge pages needs the pages only, never the
//! (slow to build) search index.

use std::sync::Arc;

use tempo_api::kb::{self, KbLang, KnowledgeConfig};
use tempo_api::{ErrorCode, SystemClock, Tempo};
use tempo_secrets::MemoryStore;

#[tokio::test]
async fn pages_are_read_without_building_the_index() {
    let cache = tempfile::tempdir().expect("tempdir");
    let config = KnowledgeConfig {
        kb_dir: tempo_api::paths::knowledge_dir(),
        cache_dir: cache.path().join("kb-index"),
        model_dir: None,
    };
    let tempo = Tempo::in_memory(Arc::new(SystemClock), Arc::new(MemoryStore::new()), config)
        .await
        .expect("tempo");

    let pages = kb::pages(&tempo).await.expect("pages");
    assert!(pages.len() >= 40, "{} pages", pages.len());
    let page = kb::page(&tempo, "vma-tests-fr").await.expect("page");
    assert_eq!(page.language, KbLang::Fr);
    assert_eq!(page.translation.as_deref(), Some("vma-tests"));
    assert!(
        page.markdown.trim_start().starts_with("# La VMA"),
        "{}",
        &page.markdown[..40]
    );
    let missing = kb::page(&tempo, "no-such-page").await.expect_err("missing");
    assert_eq!(missing.code, ErrorCode::NotFound);
    assert!(
        !cache.path().join("kb-index").exists(),
        "browsing built the index"
    );

    // Searching does build it.
    let found = kb::search(&tempo, "tapering", None, Some(KbLang::En))
        .await
        .expect("search");
    assert!(!found.hits.is_empty());
    assert!(cache.path().join("kb-index").exists());
}
