//! The local GGUF model's mechanics on a real file: streaming, exact usage,
//! `max_tokens`, cancellation, and load errors. Never answer quality: the
//! test model (Gemma 3 270M, base, from `scripts/fetch-test-gguf.sh`) has no
//! chat template and happily loops.
//!
//! `TEMPO_TEST_GGUF` names the file. Without it the tests skip with a note,
//! except under CI (`CI` set), where a silent skip would hide a broken setup.
#![cfg(feature = "local")]

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use tempo_coach::providers::local::{LocalModel, LocalOptions};
use tempo_coach::{
    CancellationToken, ChatModel, ChatRequest, CoachError, FinishReason, Message, ProviderKind,
};

fn gguf() -> Option<PathBuf> {
    match std::env::var_os("TEMPO_TEST_GGUF") {
        Some(path) => Some(PathBuf::from(path)),
        None if std::env::var_os("CI").is_some() => {
            panic!("TEMPO_TEST_GGUF is not set under CI: run scripts/fetch-test-gguf.sh")
        }
        None => {
            eprintln!("skipped: set TEMPO_TEST_GGUF=$(bash scripts/fetch-test-gguf.sh)");
            None
        }
    }
}

/// One load shared by the tests (it is the expensive part).
fn model() -> Option<LocalModel> {
    static MODEL: OnceLock<LocalModel> = OnceLock::new();
    let path = gguf()?;
    Some(
        MODEL
            .get_or_init(|| {
                LocalModel::load(
                    &path,
                    LocalOptions {
                        n_ctx: 1024,
                        ..LocalOptions::default()
                    },
                )
                .expect("the test model loads")
            })
            .clone(),
    )
}

fn request(max_tokens: u32) -> ChatRequest {
    ChatRequest {
        model: String::new(),
        messages: vec![
            Message::system("You are a running coach."),
            Message::user("I ran 10 km in 52 minutes today. How should I recover?"),
        ],
        tools: Vec::new(),
        temperature: Some(0.0),
        max_tokens: Some(max_tokens),
    }
}

#[tokio::test]
async fn streams_pieces_that_make_the_text_with_exact_usage() {
    let Some(model) = model() else { return };
    assert_eq!(model.provider(), ProviderKind::Local);
    let file = gguf().unwrap();
    assert_eq!(model.model(), file.file_name().unwrap().to_str().unwrap());
    assert!(!model.supports_tools());
    assert!(
        !model.has_chat_template(),
        "the base test model has no template"
    );

    let pieces = Mutex::new(Vec::<String>::new());
    let sink = |p: &str| pieces.lock().unwrap().push(p.to_owned());
    let completion = model
        .stream(&request(24), &sink, &CancellationToken::new())
        .await
        .unwrap();
    let pieces = pieces.into_inner().unwrap();

    assert!(!completion.text.is_empty());
    assert_eq!(pieces.concat(), completion.text);
    assert!(pieces.iter().all(|p| !p.is_empty()));
    let usage = completion.usage;
    assert!(!usage.estimated);
    assert!(usage.prompt_tokens > 0);
    assert!(usage.completion_tokens > 0);
    // One piece per generated token, except where a token ends inside a
    // multi-byte character (its bytes then come with the next piece).
    assert!(pieces.len() as u32 <= usage.completion_tokens);
    assert!(usage.completion_tokens <= 24);
    assert!(completion.tool_calls.is_empty());

    let timing = model.last_timing().expect("timing recorded");
    assert_eq!(timing.prompt_tokens, usage.prompt_tokens);
    assert_eq!(timing.generated_tokens, usage.completion_tokens);
    assert!(timing.time_to_first_token > Duration::ZERO);

    let models = model.models().await.unwrap();
    assert_eq!(models.len(), 1);
    assert_eq!(models[0].id, model.model());
}

#[tokio::test]
async fn max_tokens_bounds_generation() {
    let Some(model) = model() else { return };
    let count = Mutex::new(0usize);
    let sink = |_: &str| *count.lock().unwrap() += 1;
    // A base model rarely stops by itself within 5 tokens.
    let completion = model
        .stream(&request(5), &sink, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(completion.finish, FinishReason::Length, "{completion:?}");
    assert_eq!(completion.usage.completion_tokens, 5);
    assert!(*count.lock().unwrap() <= 5);
}

#[tokio::test]
async fn same_seed_and_greedy_give_the_same_text() {
    let Some(model) = model() else { return };
    let none = |_: &str| {};
    let a = model
        .stream(&request(12), &none, &CancellationToken::new())
        .await
        .unwrap();
    let b = model
        .stream(&request(12), &none, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(a.text, b.text);
}

#[tokio::test]
async fn cancelling_stops_promptly_with_the_partial_text() {
    let Some(model) = model() else { return };
    let cancel = CancellationToken::new();
    let pieces = Mutex::new(Vec::<String>::new());
    let cancelled_at = Mutex::new(None::<Instant>);
    let sink = |p: &str| {
        let mut pieces = pieces.lock().unwrap();
        pieces.push(p.to_owned());
        if pieces.len() == 3 {
            cancel.cancel();
            *cancelled_at.lock().unwrap() = Some(Instant::now());
        }
    };
    let mut req = request(400);
    req.temperature = Some(0.8);
    let completion = model.stream(&req, &sink, &cancel).await.unwrap();
    let stopped_after = cancelled_at
        .lock()
        .unwrap()
        .expect("three pieces came")
        .elapsed();

    assert_eq!(completion.finish, FinishReason::Cancelled);
    let pieces = pieces.into_inner().unwrap();
    assert_eq!(pieces.concat(), completion.text);
    assert!(!completion.text.is_empty());
    // The generation thread runs a little ahead of the sink, never far.
    assert!(
        completion.usage.completion_tokens < 40,
        "{:?}",
        completion.usage
    );
    assert!(stopped_after < Duration::from_secs(2), "{stopped_after:?}");
}

#[tokio::test]
async fn a_cancelled_token_before_the_call_returns_nothing() {
    let Some(model) = model() else { return };
    let cancel = CancellationToken::new();
    cancel.cancel();
    let completion = model.stream(&request(50), &|_| {}, &cancel).await.unwrap();
    assert_eq!(completion.finish, FinishReason::Cancelled);
    assert!(completion.text.is_empty());
}

#[tokio::test]
async fn an_overlong_history_drops_old_turns_and_an_overlong_message_is_an_error() {
    let Some(model) = model() else { return };
    let filler = "Easy run, steady effort, felt fine. ".repeat(30);
    let mut messages = vec![Message::system("You are a running coach.")];
    for _ in 0..20 {
        messages.push(Message::user(filler.clone()));
        messages.push(Message::assistant("Noted."));
    }
    messages.push(Message::user("And today?"));
    let req = ChatRequest {
        messages,
        ..request(8)
    };
    let completion = model
        .stream(&req, &|_| {}, &CancellationToken::new())
        .await
        .unwrap();
    // It fitted by dropping turns: 1024 tokens minus room for the answer.
    assert!(completion.usage.prompt_tokens <= 1024 - 8);

    let huge = ChatRequest {
        messages: vec![Message::user(filler.repeat(10))],
        ..request(8)
    };
    let err = model
        .stream(&huge, &|_| {}, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(matches!(err, CoachError::Local(_)), "{err}");
    assert!(err.to_string().contains("too long"), "{err}");
}

#[test]
fn a_missing_or_non_gguf_file_is_a_clear_error() {
    // No model needed, but the skip rule still applies so CI runs it too.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.gguf");
    let err = LocalModel::load(&missing, LocalOptions::default()).unwrap_err();
    assert!(matches!(err, CoachError::Local(_)));
    assert!(err.to_string().contains("nope.gguf"), "{err}");
    assert!(err.to_string().contains("does not exist"), "{err}");

    let text = dir.path().join("notes.gguf");
    std::fs::write(&text, "this is not a model").unwrap();
    let err = LocalModel::load(&text, LocalOptions::default()).unwrap_err();
    assert!(err.to_string().contains("notes.gguf"), "{err}");
    assert!(err.to_string().contains("not a GGUF"), "{err}");

    // The right magic but nothing after it: llama.cpp itself refuses.
    let truncated = dir.path().join("truncated.gguf");
    std::fs::write(&truncated, b"GGUF\x03\x00\x00\x00").unwrap();
    let err = LocalModel::load(&truncated, LocalOptions::default()).unwrap_err();
    assert!(err.to_string().contains("truncated.gguf"), "{err}");
}
