//! Downloading a GGUF model for the local provider, and the catalogue of
//! models we recommend.
//!
//! Model files are large (0.4 to 2 GB) and home connections drop, so a
//! download:
//! - asks first (HEAD) for the size and the expected sha256: Hugging Face
//!   answers a `resolve/main` URL with a redirect carrying the LFS object's
//!   sha256 in `X-Linked-Etag` and its size in `X-Linked-Size`; other servers
//!   give `ETag` (used only when it is a sha256) and `Content-Length`;
//! - writes into `<dest>.part` and resumes it with an HTTP Range request;
//! - checks the sha256 at the end (a mismatch removes the `.part`: resuming
//!   a corrupt file would only fail again) and renames into place, so `dest`
//!   is only ever a complete, verified file;
//! - times out on connecting and on every chunk, never on the whole (a slow
//!   line is fine, a dead one is not);
//! - stops promptly when cancelled and keeps the `.part` for later.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, ETAG, HeaderMap, LOCATION, RANGE};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{CancellationToken, CoachError};

/// A model we recommend for the local provider: instruction-tuned (so it has
/// a chat template), quantised to Q4_K_M (the usual size/quality balance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueModel {
    /// Stable id, stored in settings.
    pub id: &'static str,
    pub name: &'static str,
    /// The file name on Hugging Face, also used on disk.
    pub file_name: &'static str,
    /// About this many bytes (the exact size comes from the server).
    pub approx_bytes: u64,
    pub licence: &'static str,
    pub licence_url: &'static str,
    /// Hugging Face `resolve/main` URL of the file.
    pub url: &'static str,
    /// Quality against speed, in one line.
    pub note: &'static str,
}

/// The recommended models, smallest first. Sizes are approximate, as listed
/// on Hugging Face (decimal MB/GB).
pub const CATALOGUE: &[CatalogueModel] = &[
    CatalogueModel {
        id: "qwen2.5-0.5b-instruct-q4_k_m",
        name: "Qwen2.5 0.5B Instruct (Q4_K_M)",
        file_name: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
        approx_bytes: 490_000_000,
        licence: "Apache-2.0",
        licence_url: "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct/blob/main/LICENSE",
        url: "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf",
        note: "Fastest and smallest; fine for short summaries, weak on reasoning.",
    },
    CatalogueModel {
        id: "llama-3.2-1b-instruct-q4_k_m",
        name: "Llama 3.2 1B Instruct (Q4_K_M)",
        file_name: "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
        approx_bytes: 810_000_000,
        licence: "Llama 3.2 Community License",
        licence_url: "https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/blob/main/LICENSE.txt",
        url: "https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf",
        note: "Fast on any laptop; follows instructions better than 0.5B models.",
    },
    CatalogueModel {
        id: "gemma-3-1b-it-q4_k_m",
        name: "Gemma 3 1B IT (Q4_K_M)",
        file_name: "google_gemma-3-1b-it-Q4_K_M.gguf",
        approx_bytes: 806_000_000,
        licence: "Gemma Terms of Use",
        licence_url: "https://ai.google.dev/gemma/terms",
        url: "https://huggingface.co/bartowski/google_gemma-3-1b-it-GGUF/resolve/main/google_gemma-3-1b-it-Q4_K_M.gguf",
        note: "Similar speed to Llama 3.2 1B; friendly tone, multilingual.",
    },
    CatalogueModel {
        id: "qwen2.5-1.5b-instruct-q4_k_m",
        name: "Qwen2.5 1.5B Instruct (Q4_K_M)",
        file_name: "qwen2.5-1.5b-instruct-q4_k_m.gguf",
        approx_bytes: 1_120_000_000,
        licence: "Apache-2.0",
        licence_url: "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct/blob/main/LICENSE",
        url: "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf",
        note: "Recommended default: good answers at about half the speed of the 0.5B.",
    },
    CatalogueModel {
        id: "llama-3.2-3b-instruct-q4_k_m",
        name: "Llama 3.2 3B Instruct (Q4_K_M)",
        file_name: "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
        approx_bytes: 2_020_000_000,
        licence: "Llama 3.2 Community License",
        licence_url: "https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct/blob/main/LICENSE.txt",
        url: "https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf",
        note: "Best answers of the list; slow on older CPUs, needs about 3 GB of memory.",
    },
];

/// A catalogue entry by id.
pub fn catalogue_model(id: &str) -> Option<&'static CatalogueModel> {
    CATALOGUE.iter().find(|m| m.id == id)
}

/// How far a download is. `total` is `None` when the server did not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadProgress {
    pub done: u64,
    pub total: Option<u64>,
}

/// How long to wait for a connection and for each chunk.
#[derive(Debug, Clone, Copy)]
pub struct DownloadTimeouts {
    pub connect: Duration,
    pub chunk: Duration,
}

impl Default for DownloadTimeouts {
    fn default() -> Self {
        DownloadTimeouts {
            connect: Duration::from_secs(20),
            chunk: Duration::from_secs(60),
        }
    }
}

/// Downloads `url` to `dest` (see the module docs), with default timeouts.
///
/// When `cancel` fires the call returns an error and the `.part` file stays
/// for a later call to resume; the caller tells a cancel from a failure by
/// its token.
pub async fn download(
    url: &str,
    dest: &Path,
    progress: impl Fn(DownloadProgress),
    cancel: &CancellationToken,
) -> Result<PathBuf, CoachError> {
    download_with(url, dest, DownloadTimeouts::default(), progress, cancel).await
}

/// [`download`] with explicit timeouts.
pub async fn download_with(
    url: &str,
    dest: &Path,
    timeouts: DownloadTimeouts,
    progress: impl Fn(DownloadProgress),
    cancel: &CancellationToken,
) -> Result<PathBuf, CoachError> {
    let source = Source::new(url);
    tempo_net::install_crypto_provider();
    let builder = || {
        reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .user_agent(concat!("tempo/", env!("CARGO_PKG_VERSION")))
    };
    let client = builder().build().map_err(|e| source.unreachable(e))?;
    // Hugging Face puts the LFS headers on its redirect, not on the CDN's
    // answer, so the HEAD must not follow it.
    let head_client = builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| source.unreachable(e))?;

    let expected = cancellable(
        cancel,
        &source,
        head(&head_client, &client, &source, timeouts),
    )
    .await?;
    let part = part_path(dest);

    if let Some(total) = expected.size
        && tokio::fs::metadata(dest)
            .await
            .is_ok_and(|m| m.len() == total)
    {
        // Already downloaded (dest is only ever written by the rename).
        progress(DownloadProgress {
            done: total,
            total: Some(total),
        });
        return Ok(dest.to_path_buf());
    }
    if let Some(dir) = dest.parent()
        && !dir.as_os_str().is_empty()
    {
        tokio::fs::create_dir_all(dir).await?;
    }

    // What a previous attempt left, hashed again so the final check covers
    // the whole file.
    let mut hasher = Sha256::new();
    let mut done = resume_from(&part, expected.size, &mut hasher).await?;

    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&part)
        .await?;
    if done < expected.size.unwrap_or(u64::MAX) {
        let mut request = client.get(url);
        if done > 0 {
            request = request.header(RANGE, format!("bytes={done}-"));
        }
        let response = cancellable(cancel, &source, async {
            tokio::time::timeout(timeouts.chunk, request.send())
                .await
                .map_err(|_| source.timed_out())?
                .map_err(|e| source.unreachable(e))
        })
        .await?;
        let status = response.status();
        if status == StatusCode::OK && done > 0 {
            // The server ignored the range: start over.
            tracing::info!(url, "server does not resume; downloading from the start");
            file.set_len(0).await?;
            hasher = Sha256::new();
            done = 0;
        } else if status == StatusCode::RANGE_NOT_SATISFIABLE {
            // The part is longer than the file now on the server.
            drop(file);
            let _ = tokio::fs::remove_file(&part).await;
            return Err(source.http(
                status,
                "the partial download does not match the file on the server; it was removed, try again",
            ));
        } else if !status.is_success() {
            return Err(source.http(status, status_text(status)));
        }
        let total = expected
            .size
            .or_else(|| response.content_length().map(|len| len + done));
        progress(DownloadProgress { done, total });

        // Report every 256 KiB, not every network chunk.
        const REPORT_EVERY: u64 = 256 * 1024;
        let mut reported = done;
        let mut body = response.bytes_stream();
        loop {
            let next = tokio::select! {
                next = tokio::time::timeout(timeouts.chunk, body.next()) => next,
                () = cancel.cancelled() => {
                    file.flush().await?;
                    return Err(source.cancelled(done));
                }
            };
            let chunk = match next {
                Err(_) => {
                    file.flush().await?;
                    return Err(source.timed_out());
                }
                Ok(None) => break,
                Ok(Some(Err(e))) => {
                    file.flush().await?;
                    return Err(source.unreachable(e));
                }
                Ok(Some(Ok(chunk))) => chunk,
            };
            file.write_all(&chunk).await?;
            hasher.update(&chunk);
            done += chunk.len() as u64;
            if done - reported >= REPORT_EVERY {
                reported = done;
                progress(DownloadProgress { done, total });
            }
        }
        file.flush().await?;
        file.sync_all().await?;
        progress(DownloadProgress { done, total });
    }
    drop(file);

    if let Some(total) = expected.size
        && done != total
    {
        // Short: keep it to resume. Long: it cannot be this file.
        if done > total {
            let _ = tokio::fs::remove_file(&part).await;
        }
        return Err(source.protocol(format!("the download ended at {done} of {total} bytes")));
    }
    let got = hex(&hasher.finalize());
    match &expected.sha256 {
        Some(want) if *want != got => {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(source.protocol(format!(
                "the downloaded file's sha256 is {got}, expected {want}; it was removed"
            )));
        }
        Some(_) => {}
        None => tracing::warn!(
            url,
            "no sha256 from the server; the download is not verified"
        ),
    }
    tokio::fs::rename(&part, dest).await?;
    tracing::info!(url, dest = %dest.display(), bytes = done, "model downloaded");
    Ok(dest.to_path_buf())
}

/// `<dest>.part`, next to the destination so the final rename is atomic.
pub fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// What the server says the file is.
#[derive(Debug, Default)]
struct Expected {
    size: Option<u64>,
    sha256: Option<String>,
}

async fn head(
    head_client: &reqwest::Client,
    client: &reqwest::Client,
    source: &Source,
    timeouts: DownloadTimeouts,
) -> Result<Expected, CoachError> {
    let send = |c: &reqwest::Client| {
        let request = c.head(&source.url);
        async move {
            tokio::time::timeout(timeouts.chunk, request.send())
                .await
                .map_err(|_| source.timed_out())?
                .map_err(|e| source.unreachable(e))
        }
    };
    let response = send(head_client).await?;
    let status = response.status();
    let headers = response.headers();
    let linked_size = header_u64(headers, "x-linked-size");
    let linked_sha = header(headers, "x-linked-etag").and_then(sha256_from_etag);
    if status.is_redirection() {
        if linked_size.is_some() || linked_sha.is_some() {
            return Ok(Expected {
                size: linked_size,
                sha256: linked_sha,
            });
        }
        if headers.get(LOCATION).is_none() {
            return Err(source.http(status, "redirect without a location"));
        }
        // A plain redirect: ask where it leads.
        let response = send(client).await?;
        return expected_from(source, &response);
    }
    let mut expected = expected_from(source, &response)?;
    expected.size = linked_size.or(expected.size);
    expected.sha256 = linked_sha.or(expected.sha256);
    Ok(expected)
}

fn expected_from(source: &Source, response: &reqwest::Response) -> Result<Expected, CoachError> {
    let status = response.status();
    if !status.is_success() {
        return Err(source.http(status, status_text(status)));
    }
    let headers = response.headers();
    Ok(Expected {
        size: header_u64(headers, CONTENT_LENGTH.as_str()),
        sha256: header(headers, ETAG.as_str()).and_then(sha256_from_etag),
    })
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header(headers, name).and_then(|v| v.trim().parse().ok())
}

/// An ETag that is a sha256 (`"…"` or `W/"…"`, 64 hex digits); other ETags
/// (git blob ids, server hashes) say nothing about the content's sha256.
fn sha256_from_etag(etag: &str) -> Option<String> {
    let tag = etag.trim().trim_start_matches("W/").trim_matches('"');
    (tag.len() == 64 && tag.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| tag.to_ascii_lowercase())
}

/// Hashes an existing `.part` and returns its length; removes it when it is
/// longer than the file can be.
async fn resume_from(
    part: &Path,
    total: Option<u64>,
    hasher: &mut Sha256,
) -> Result<u64, CoachError> {
    let Ok(mut file) = tokio::fs::File::open(part).await else {
        return Ok(0);
    };
    let len = file.metadata().await?.len();
    if total.is_some_and(|total| len > total) {
        drop(file);
        tokio::fs::remove_file(part).await?;
        return Ok(0);
    }
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    if len > 0 {
        tracing::info!(part = %part.display(), bytes = len, "resuming a partial download");
    }
    Ok(len)
}

async fn cancellable<T>(
    cancel: &CancellationToken,
    source: &Source,
    work: impl Future<Output = Result<T, CoachError>>,
) -> Result<T, CoachError> {
    tokio::select! {
        result = work => result,
        () = cancel.cancelled() => Err(source.cancelled(0)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn status_text(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "no such file at this address",
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            "access denied (the model may need a licence accepted on its page)"
        }
        _ => status.canonical_reason().unwrap_or("unexpected status"),
    }
}

/// The URL being fetched, for error messages.
struct Source {
    url: String,
    host: String,
}

impl Source {
    fn new(url: &str) -> Self {
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| url.to_owned());
        Source {
            url: url.to_owned(),
            host,
        }
    }
    fn http(&self, status: StatusCode, message: &str) -> CoachError {
        CoachError::Http {
            provider: self.host.clone(),
            status: status.as_u16(),
            message: format!("{message} ({})", self.url),
        }
    }
    fn unreachable(&self, e: reqwest::Error) -> CoachError {
        CoachError::Unreachable {
            provider: self.host.clone(),
            url: self.url.clone(),
            message: e.to_string(),
        }
    }
    fn timed_out(&self) -> CoachError {
        CoachError::Unreachable {
            provider: self.host.clone(),
            url: self.url.clone(),
            message: "no data within the timeout".into(),
        }
    }
    fn protocol(&self, message: String) -> CoachError {
        CoachError::Protocol {
            provider: self.host.clone(),
            message: format!("{message} ({})", self.url),
        }
    }
    fn cancelled(&self, done: u64) -> CoachError {
        CoachError::Local(format!(
            "download of {} cancelled after {done} bytes; it resumes next time",
            self.url
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_that_are_sha256() {
        let sha = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818";
        assert_eq!(
            sha256_from_etag(&format!("\"{sha}\"")).as_deref(),
            Some(sha)
        );
        assert_eq!(
            sha256_from_etag(&format!("W/\"{}\"", sha.to_uppercase())).as_deref(),
            Some(sha)
        );
        // A git blob id (40 hex) is not the content's sha256.
        assert_eq!(
            sha256_from_etag("\"0123456789abcdef0123456789abcdef01234567\""),
            None
        );
    }

    #[test]
    fn catalogue_is_well_formed() {
        for m in CATALOGUE {
            assert!(m.url.starts_with("https://huggingface.co/"), "{}", m.id);
            assert!(m.url.contains("/resolve/main/"), "{}", m.id);
            assert!(m.url.ends_with(m.file_name), "{}", m.id);
            assert!(m.file_name.ends_with(".gguf"), "{}", m.id);
            assert!(catalogue_model(m.id) == Some(m));
        }
    }
}
