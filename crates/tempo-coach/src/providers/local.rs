//! The in-process GGUF model, run through llama.cpp (the `llama-cpp-2` crate,
//! its safe API only: the workspace forbids `unsafe`).
//!
//! - [`LocalModel::load`] checks the file (present, GGUF magic) before
//!   llama.cpp sees it, so the athlete gets an error naming the file rather
//!   than a null pointer. The llama backend is initialised once per process.
//! - [`LocalModel`] is an `Arc` inside: the api layer caches one loaded model
//!   and clones it into every turn. One generation runs at a time (a second
//!   call waits on a lock, cancellable): a context per call keeps turns
//!   independent, and two at once would only halve each one's speed on a
//!   laptop's cores.
//! - Generation runs on a blocking thread; pieces of text cross to the async
//!   side through a channel, cut on UTF-8 boundaries (a token may end in the
//!   middle of a character).
//! - The prompt uses the chat template stored in the GGUF when there is one,
//!   and a plain "System:/User:/Assistant:" transcript otherwise. When it does
//!   not fit the context with room for the answer, the oldest non-system
//!   messages are dropped first.

use std::io::Read;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use llama_cpp_2::{LogOptions, send_logs_to_tracing};
use tokio::sync::mpsc;

use crate::chat::{
    ChatModel, ChatRequest, Completion, FinishReason, Message, ModelInfo, Role, TokenSink, Usage,
};
use crate::{CancellationToken, CoachError, ProviderKind};

/// How a model is loaded and run. The defaults suit a laptop CPU.
#[derive(Debug, Clone)]
pub struct LocalOptions {
    /// Context length in tokens; capped at the model's training context.
    pub n_ctx: u32,
    /// CPU threads for decoding; `None`: the available parallelism.
    pub threads: Option<usize>,
    /// Sampling seed, so a turn can be replayed.
    pub seed: u32,
    /// Used when the request gives no `max_tokens`.
    pub default_max_tokens: u32,
    /// Used when the request gives no temperature (0 means greedy).
    pub default_temperature: f32,
}

impl Default for LocalOptions {
    fn default() -> Self {
        LocalOptions {
            n_ctx: 4096,
            threads: None,
            seed: 0x7e4d_0001,
            default_max_tokens: 512,
            default_temperature: 0.7,
        }
    }
}

/// How the last call went, for the benchmark and the logs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LocalTiming {
    pub prompt_tokens: u32,
    pub generated_tokens: u32,
    /// From the call to the first generated token (context set-up, prompt
    /// evaluation and the first sample).
    pub time_to_first_token: Duration,
    /// Prompt evaluation alone.
    pub prompt_eval: Duration,
    /// From the first token to the last.
    pub decode: Duration,
}

impl LocalTiming {
    pub fn prompt_tokens_per_s(&self) -> f64 {
        rate(self.prompt_tokens, self.prompt_eval)
    }
    /// Tokens after the first, over the time they took: each one is a decode
    /// of a single token, as in llama-bench's `tg` test.
    pub fn decode_tokens_per_s(&self) -> f64 {
        rate(self.generated_tokens.saturating_sub(1), self.decode)
    }
}

fn rate(tokens: u32, over: Duration) -> f64 {
    let secs = over.as_secs_f64();
    if secs > 0.0 {
        f64::from(tokens) / secs
    } else {
        0.0
    }
}

/// A loaded GGUF model. Cheap to clone: clones share the weights.
#[derive(Debug, Clone)]
pub struct LocalModel {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    name: String,
    model: LlamaModel,
    /// The template from the GGUF's metadata; `None` for base models.
    template: Option<LlamaChatTemplate>,
    options: LocalOptions,
    n_ctx: u32,
    threads: i32,
    load_time: Duration,
    /// One generation at a time.
    running: Arc<tokio::sync::Mutex<()>>,
    last_timing: Mutex<Option<LocalTiming>>,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalModel")
            .field("path", &self.path)
            .field("chat_template", &self.template.is_some())
            .field("n_ctx", &self.n_ctx)
            .field("threads", &self.threads)
            .finish_non_exhaustive()
    }
}

/// llama.cpp's backend may be initialised once per process; a failure is
/// kept so every later load reports it too.
fn backend() -> Result<&'static LlamaBackend, CoachError> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    BACKEND
        .get_or_init(|| {
            // llama.cpp prints every tensor it loads to stderr; through
            // tracing it lands in our log at its own level instead.
            send_logs_to_tracing(LogOptions::default());
            LlamaBackend::init().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| CoachError::Local(format!("llama.cpp could not start: {e}")))
}

const GGUF_MAGIC: &[u8; 4] = b"GGUF";

/// Refuses a missing or non-GGUF file before llama.cpp sees it.
fn check_gguf(path: &Path) -> Result<(), CoachError> {
    let shown = path.display();
    let mut file = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CoachError::Local(format!("model file {shown} does not exist"))
        } else {
            CoachError::Local(format!("cannot open model file {shown}: {e}"))
        }
    })?;
    let mut magic = [0u8; 4];
    match file.read_exact(&mut magic) {
        Ok(()) if &magic == GGUF_MAGIC => Ok(()),
        Ok(()) | Err(_) => Err(CoachError::Local(format!(
            "{shown} is not a GGUF model file"
        ))),
    }
}

impl LocalModel {
    /// Loads a GGUF file (memory-mapped; about 0.6 s for 250 MB here).
    /// Blocking: call it from `spawn_blocking` in async code.
    pub fn load(path: &Path, options: LocalOptions) -> Result<LocalModel, CoachError> {
        check_gguf(path)?;
        let backend = backend()?;
        let started = Instant::now();
        let model = LlamaModel::load_from_file(backend, path, &LlamaModelParams::default())
            .map_err(|e| {
                CoachError::Local(format!("llama.cpp could not load {}: {e}", path.display()))
            })?;
        let load_time = started.elapsed();
        let template = model.chat_template(None).ok();
        let n_ctx = match model.n_ctx_train() {
            0 => options.n_ctx,
            train => options.n_ctx.min(train),
        }
        .max(64);
        let threads = options
            .threads
            .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
            .unwrap_or(2)
            .clamp(1, 256) as i32;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        tracing::info!(
            model = %name,
            load_ms = load_time.as_millis() as u64,
            n_ctx,
            threads,
            chat_template = template.is_some(),
            "local model loaded"
        );
        Ok(LocalModel {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                name,
                model,
                template,
                options,
                n_ctx,
                threads,
                load_time,
                running: Arc::new(tokio::sync::Mutex::new(())),
                last_timing: Mutex::new(None),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// How long loading took.
    pub fn load_time(&self) -> Duration {
        self.inner.load_time
    }

    /// The context length in use.
    pub fn n_ctx(&self) -> u32 {
        self.inner.n_ctx
    }

    /// Whether the GGUF carries a chat template (instruction-tuned models
    /// do; base models do not and get the plain transcript).
    pub fn has_chat_template(&self) -> bool {
        self.inner.template.is_some()
    }

    /// The timing of the last finished call.
    pub fn last_timing(&self) -> Option<LocalTiming> {
        *self
            .inner
            .last_timing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Tokens in `text` as this model counts them (no BOS added).
    pub fn count_tokens(&self, text: &str) -> usize {
        self.inner
            .model
            .vocab()
            .tokenize(text.as_bytes(), false, false)
            .len()
    }
}

#[async_trait::async_trait]
impl ChatModel for LocalModel {
    fn provider(&self) -> ProviderKind {
        ProviderKind::Local
    }
    fn model(&self) -> &str {
        &self.inner.name
    }
    fn supports_tools(&self) -> bool {
        false
    }

    async fn stream(
        &self,
        request: &ChatRequest,
        on_token: TokenSink<'_>,
        cancel: &CancellationToken,
    ) -> Result<Completion, CoachError> {
        // Wait for a running generation to finish, unless stopped meanwhile.
        let guard = tokio::select! {
            guard = self.inner.running.clone().lock_owned() => guard,
            () = cancel.cancelled() => return Ok(cancelled_before_start()),
        };
        let (tx, mut rx) = mpsc::unbounded_channel::<String>();
        let inner = self.inner.clone();
        let job = Job {
            messages: request.messages.clone(),
            temperature: request
                .temperature
                .unwrap_or(inner.options.default_temperature),
            max_tokens: request
                .max_tokens
                .unwrap_or(inner.options.default_max_tokens)
                .max(1),
        };
        let cancel_job = cancel.clone();
        let worker = tokio::task::spawn_blocking(move || {
            let _guard = guard;
            let result = inner.generate(&job, &tx, &cancel_job);
            if let Ok((_, timing)) = &result {
                *inner.last_timing.lock().unwrap_or_else(|e| e.into_inner()) = Some(*timing);
            }
            result.map(|(completion, _)| completion)
        });
        // The worker drops its sender when it is done, which ends this loop.
        while let Some(piece) = rx.recv().await {
            on_token(&piece);
        }
        worker
            .await
            .map_err(|e| CoachError::Local(format!("generation thread failed: {e}")))?
    }

    async fn models(&self) -> Result<Vec<ModelInfo>, CoachError> {
        Ok(vec![ModelInfo {
            id: self.inner.name.clone(),
            name: None,
        }])
    }
}

fn cancelled_before_start() -> Completion {
    Completion {
        text: String::new(),
        tool_calls: Vec::new(),
        usage: Usage::default(),
        finish: FinishReason::Cancelled,
    }
}

struct Job {
    messages: Vec<Message>,
    temperature: f32,
    max_tokens: u32,
}

/// Prompts are evaluated this many tokens per decode call.
const BATCH: usize = 512;

impl Inner {
    /// The whole generation, on a blocking thread.
    fn generate(
        &self,
        job: &Job,
        tx: &mpsc::UnboundedSender<String>,
        cancel: &CancellationToken,
    ) -> Result<(Completion, LocalTiming), CoachError> {
        let started = Instant::now();
        let vocab = self.model.vocab();
        let prompt = self.fit_prompt(&job.messages, job.max_tokens)?;
        let prompt_len = prompt.len();

        let params = LlamaContextParams::default()
            .with_n_ctx(NonZeroU32::new(self.n_ctx))
            .with_n_batch(BATCH as u32)
            .with_n_threads(self.threads)
            .with_n_threads_batch(self.threads);
        let backend = backend()?;
        let mut ctx = self
            .model
            .new_context(backend, params)
            .map_err(|e| CoachError::Local(format!("could not create a context: {e}")))?;

        let mut sampler = if job.temperature <= 0.0 {
            LlamaSampler::greedy()
        } else {
            // llama.cpp's usual chain: trim the tail, then draw.
            LlamaSampler::chain_simple([
                LlamaSampler::top_k(40),
                LlamaSampler::top_p(0.95, 1),
                LlamaSampler::min_p(0.05, 1),
                LlamaSampler::temp(job.temperature),
                LlamaSampler::dist(self.options.seed),
            ])
        };

        let mut timing = LocalTiming {
            prompt_tokens: prompt_len as u32,
            ..LocalTiming::default()
        };
        let stopped = |cancel: &CancellationToken| cancel.is_cancelled() || tx.is_closed();
        let done = |text: String, generated: u32, finish: FinishReason, timing: LocalTiming| {
            Ok((
                Completion {
                    text,
                    tool_calls: Vec::new(),
                    usage: Usage {
                        prompt_tokens: prompt_len as u32,
                        completion_tokens: generated,
                        estimated: false,
                    },
                    finish,
                },
                timing,
            ))
        };

        // Evaluate the prompt in batches; only the last token needs logits.
        let eval_started = Instant::now();
        let mut batch = LlamaBatch::new(BATCH, 1);
        for (chunk_index, chunk) in prompt.chunks(BATCH).enumerate() {
            if stopped(cancel) {
                return done(String::new(), 0, FinishReason::Cancelled, timing);
            }
            batch.clear();
            let base = chunk_index * BATCH;
            for (i, token) in chunk.iter().enumerate() {
                let pos = base + i;
                batch
                    .add(*token, pos as i32, &[0], pos + 1 == prompt_len)
                    .map_err(|e| CoachError::Local(format!("prompt batch: {e}")))?;
            }
            ctx.decode(&mut batch)
                .map_err(|e| CoachError::Local(format!("prompt evaluation failed: {e}")))?;
        }
        timing.prompt_eval = eval_started.elapsed();

        let mut text = String::new();
        let mut utf8 = Utf8Pieces::default();
        let mut piece_bytes = Vec::with_capacity(32);
        let mut generated: u32 = 0;
        let mut pos = prompt_len;
        let mut first_token_at = None;
        let mut last_token_at = Instant::now();
        let finish = loop {
            if stopped(cancel) {
                break FinishReason::Cancelled;
            }
            // `sample` also accepts the token into the chain's state.
            let token = sampler.sample(&ctx, batch.n_tokens() - 1);
            let now = Instant::now();
            if first_token_at.is_none() {
                first_token_at = Some(now);
                timing.time_to_first_token = now - started;
            }
            last_token_at = now;
            if vocab.is_eog(token) {
                break FinishReason::Stop;
            }
            generated += 1;
            piece_bytes.clear();
            vocab.token_to_piece_into(token, &mut piece_bytes, false, None);
            if let Some(piece) = utf8.push(&piece_bytes) {
                text.push_str(&piece);
                // A closed channel means the caller went away: stop below.
                let _ = tx.send(piece);
            }
            if generated >= job.max_tokens || pos + 1 >= self.n_ctx as usize {
                break FinishReason::Length;
            }
            batch.clear();
            batch
                .add(token, pos as i32, &[0], true)
                .map_err(|e| CoachError::Local(format!("decode batch: {e}")))?;
            pos += 1;
            ctx.decode(&mut batch)
                .map_err(|e| CoachError::Local(format!("decoding failed: {e}")))?;
        };
        if let Some(rest) = utf8.finish() {
            text.push_str(&rest);
            let _ = tx.send(rest);
        }
        if let Some(first) = first_token_at {
            timing.decode = last_token_at - first;
        }
        timing.generated_tokens = generated;
        tracing::debug!(
            prompt_tokens = prompt_len,
            generated,
            ttft_ms = timing.time_to_first_token.as_millis() as u64,
            decode_tok_s = timing.decode_tokens_per_s(),
            ?finish,
            "local generation"
        );
        done(text, generated, finish, timing)
    }

    /// The prompt's tokens, dropping the oldest non-system messages until
    /// it fits with room for the answer.
    fn fit_prompt(
        &self,
        messages: &[Message],
        max_tokens: u32,
    ) -> Result<Vec<LlamaToken>, CoachError> {
        // The answer gets its full budget when the context allows, but never
        // more than half of it: a large max_tokens must not crowd out the
        // question (generation still stops at the context's end).
        let room = (max_tokens as usize).min(self.n_ctx as usize / 2);
        let budget = (self.n_ctx as usize).saturating_sub(room);
        let mut kept: Vec<&Message> = messages.iter().collect();
        loop {
            let prompt = self.render(&kept);
            let tokens = self.model.vocab().tokenize(
                prompt.as_bytes(),
                self.model.vocab().should_add_bos(),
                true,
            );
            if tokens.len() <= budget {
                return Ok(tokens);
            }
            // The oldest message that is neither a system message nor the last.
            let last = kept.len().saturating_sub(1);
            match kept
                .iter()
                .position(|m| m.role != Role::System)
                .filter(|&i| i < last)
            {
                Some(i) => {
                    kept.remove(i);
                }
                None => {
                    return Err(CoachError::Local(format!(
                        "the message is too long for the local model: the prompt needs {} tokens \
                         and {} fit in its context of {} with room for the answer",
                        tokens.len(),
                        budget,
                        self.n_ctx
                    )));
                }
            }
        }
    }

    /// The prompt text: the GGUF's chat template, or the plain transcript.
    fn render(&self, messages: &[&Message]) -> String {
        if let Some(template) = &self.template {
            let chat: Result<Vec<LlamaChatMessage>, _> = messages
                .iter()
                .map(|m| {
                    let (role, content) = as_text(m);
                    LlamaChatMessage::new(role.to_owned(), content.replace('\0', ""))
                })
                .collect();
            // A template llama.cpp does not know is a failure here: fall
            // back to the transcript rather than refuse to answer.
            match chat.map(|chat| self.model.apply_chat_template(template, &chat, true)) {
                Ok(Ok(prompt)) => return prompt,
                Ok(Err(e)) => tracing::debug!("chat template not applied ({e}); plain transcript"),
                Err(e) => tracing::debug!("chat message refused ({e}); plain transcript"),
            }
        }
        plain_transcript(messages)
    }
}

/// A message as a role llama.cpp's templates know (system, user, assistant)
/// and text: tool calls and results become prose, since local models get no
/// tools.
fn as_text(message: &Message) -> (&'static str, String) {
    match message.role {
        Role::System => ("system", message.content.clone()),
        Role::User => ("user", message.content.clone()),
        Role::Assistant => {
            let mut text = message.content.clone();
            for call in &message.tool_calls {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&format!("[called {} with {}]", call.name, call.arguments));
            }
            ("assistant", text)
        }
        Role::Tool => {
            let name = message.tool_name.as_deref().unwrap_or("tool");
            ("user", format!("[result of {name}]\n{}", message.content))
        }
    }
}

fn plain_transcript(messages: &[&Message]) -> String {
    let mut out = String::new();
    for message in messages {
        let (role, content) = as_text(message);
        let label = match role {
            "system" => "System",
            "assistant" => "Assistant",
            _ => "User",
        };
        out.push_str(label);
        out.push_str(": ");
        out.push_str(content.trim());
        out.push('\n');
    }
    out.push_str("Assistant:");
    out
}

/// Turns token bytes into text pieces that never split a character: bytes
/// of an unfinished character wait for the next token.
#[derive(Debug, Default)]
struct Utf8Pieces {
    pending: Vec<u8>,
}

impl Utf8Pieces {
    /// The complete text so far, if any.
    fn push(&mut self, bytes: &[u8]) -> Option<String> {
        self.pending.extend_from_slice(bytes);
        let mut out = String::new();
        loop {
            match std::str::from_utf8(&self.pending) {
                Ok(s) => {
                    out.push_str(s);
                    self.pending.clear();
                    break;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    out.push_str(std::str::from_utf8(&self.pending[..valid]).unwrap_or_default());
                    match e.error_len() {
                        // Bytes that can never be valid: replace, go on.
                        Some(bad) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            self.pending.drain(..valid + bad);
                        }
                        // An unfinished character: keep it for later.
                        None => {
                            self.pending.drain(..valid);
                            break;
                        }
                    }
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// What is left at the end (an unfinished character is replaced).
    fn finish(&mut self) -> Option<String> {
        if self.pending.is_empty() {
            return None;
        }
        let rest = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        Some(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_pieces_hold_split_characters() {
        let mut d = Utf8Pieces::default();
        let bytes = "héllo 🏃".as_bytes();
        let mut out = String::new();
        // One byte at a time, as byte-fallback tokens would come.
        for b in bytes {
            if let Some(p) = d.push(std::slice::from_ref(b)) {
                out.push_str(&p);
            }
        }
        assert_eq!(out, "héllo 🏃");
        assert_eq!(d.finish(), None);
    }

    #[test]
    fn utf8_pieces_replace_invalid_bytes() {
        let mut d = Utf8Pieces::default();
        assert_eq!(d.push(b"a\xffb").as_deref(), Some("a\u{fffd}b"));
        assert_eq!(d.push(b"\xe2\x82"), None);
        assert_eq!(d.finish().as_deref(), Some("\u{fffd}"));
    }

    #[test]
    fn transcript_renders_tools_as_text() {
        let call = crate::ToolCall {
            id: "1".into(),
            name: "recent_activities".into(),
            arguments: serde_json::json!({"days": 7}),
            signature: None,
        };
        let mut asked = Message::assistant("");
        asked.tool_calls.push(call.clone());
        let messages = [
            Message::system("You are a coach."),
            Message::user("How was my week?"),
            asked,
            Message::tool_result(&call, "3 runs"),
        ];
        let refs: Vec<&Message> = messages.iter().collect();
        assert_eq!(
            plain_transcript(&refs),
            "System: You are a coach.\nUser: How was my week?\n\
             Assistant: [called recent_activities with {\"days\":7}]\n\
             User: [result of recent_activities]\n3 runs\nAssistant:"
        );
    }
}
