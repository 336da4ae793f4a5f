//! Model downloads against a fake Hugging Face on 127.0.0.1 (never the
//! internet): the HEAD redirect with `X-Linked-*` headers, Range resumes,
//! a wrong hash, cancellation and a 404.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tempo_coach::download::{DownloadProgress, DownloadTimeouts, download_with, part_path};
use tempo_coach::{CancellationToken, CoachError};

const SIZE: usize = 3 * 1024 * 1024 + 17;

struct Fake {
    content: Vec<u8>,
    sha256: String,
    /// Byte offsets asked for by GET requests (0 = no Range).
    range_starts: std::sync::Mutex<Vec<u64>>,
    gets: AtomicUsize,
    /// `/slow.gguf` sends this many bytes, then stalls.
    slow_after: AtomicU64,
}

fn content() -> Vec<u8> {
    (0..SIZE).map(|i| (i * 31 % 251) as u8).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn serve() -> (String, Arc<Fake>) {
    let content = content();
    let fake = Arc::new(Fake {
        sha256: hex(&Sha256::digest(&content)),
        content,
        range_starts: Default::default(),
        gets: AtomicUsize::new(0),
        slow_after: AtomicU64::new(1024 * 1024),
    });
    let app = Router::new()
        // Hugging Face's shape: the resolve URL redirects to a CDN and
        // carries the LFS size and sha256 on the redirect.
        .route("/resolve/main/model.gguf", get(hf_redirect))
        .route("/resolve/main/wrong.gguf", get(hf_redirect_wrong_hash))
        .route("/cdn/model.gguf", get(cdn))
        // A plain server: ETag and Content-Length only.
        .route("/plain/model.gguf", get(plain))
        .route("/slow.gguf", get(slow))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), fake)
}

fn redirect(fake: &Fake, sha: &str) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, "/cdn/model.gguf".to_owned()),
            (
                header::HeaderName::from_static("x-linked-size"),
                fake.content.len().to_string(),
            ),
            (
                header::HeaderName::from_static("x-linked-etag"),
                format!("\"{sha}\""),
            ),
        ],
    )
        .into_response()
}

async fn hf_redirect(State(fake): State<Arc<Fake>>) -> Response {
    redirect(&fake, &fake.sha256.clone())
}

async fn hf_redirect_wrong_hash(State(fake): State<Arc<Fake>>) -> Response {
    redirect(&fake, &"0".repeat(64))
}

fn range_start(headers: &HeaderMap) -> u64 {
    headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes="))
        .and_then(|v| v.strip_suffix('-'))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The file, honouring `Range: bytes=N-`.
fn ranged(fake: &Fake, method: &Method, headers: &HeaderMap, etag: Option<&str>) -> Response {
    let start = range_start(headers);
    if method == Method::GET {
        fake.gets.fetch_add(1, Ordering::SeqCst);
        fake.range_starts.lock().unwrap().push(start);
    }
    let len = fake.content.len() as u64;
    let mut builder = Response::builder();
    if let Some(etag) = etag {
        builder = builder.header(header::ETAG, etag);
    }
    if start > 0 {
        builder = builder.status(StatusCode::PARTIAL_CONTENT).header(
            header::CONTENT_RANGE,
            format!("bytes {start}-{}/{len}", len - 1),
        );
    }
    builder
        .header(header::CONTENT_LENGTH, len - start)
        .body(Body::from(fake.content[start as usize..].to_vec()))
        .unwrap()
}

async fn cdn(State(fake): State<Arc<Fake>>, method: Method, headers: HeaderMap) -> Response {
    // A CDN's own ETag is not a sha256.
    ranged(&fake, &method, &headers, Some("\"cdn-etag-1\""))
}

async fn plain(State(fake): State<Arc<Fake>>, method: Method, headers: HeaderMap) -> Response {
    let etag = format!("\"{}\"", fake.sha256);
    ranged(&fake, &method, &headers, Some(&etag))
}

async fn slow(State(fake): State<Arc<Fake>>, method: Method, headers: HeaderMap) -> Response {
    let start = range_start(&headers) as usize;
    let len = fake.content.len();
    let builder = Response::builder()
        .header(header::CONTENT_LENGTH, len - start)
        .header(header::ETAG, format!("\"{}\"", fake.sha256));
    if method == Method::HEAD {
        return builder.body(Body::empty()).unwrap();
    }
    let stall_at = fake.slow_after.load(Ordering::SeqCst) as usize;
    let first = fake.content[start..stall_at.max(start)].to_vec();
    let rest = fake.content[stall_at.max(start)..].to_vec();
    let status = if start > 0 {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    // The rest comes much later than any test waits.
    let stall = stall_at > start;
    let stream =
        futures_util::stream::iter([first, rest])
            .enumerate()
            .then(move |(i, chunk)| async move {
                if stall && i == 1 {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                }
                Ok::<_, std::io::Error>(chunk)
            });
    builder
        .status(status)
        .body(Body::from_stream(stream))
        .unwrap()
}

fn timeouts() -> DownloadTimeouts {
    DownloadTimeouts {
        connect: Duration::from_secs(5),
        chunk: Duration::from_secs(10),
    }
}

#[tokio::test]
async fn downloads_through_a_redirect_and_verifies_the_linked_sha256() {
    let (base, fake) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("models/model.gguf");
    let seen = std::sync::Mutex::new(Vec::<DownloadProgress>::new());
    let path = download_with(
        &format!("{base}/resolve/main/model.gguf"),
        &dest,
        timeouts(),
        |p| seen.lock().unwrap().push(p),
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(path, dest);
    assert_eq!(std::fs::read(&dest).unwrap(), fake.content);
    assert!(!part_path(&dest).exists());
    let seen = seen.into_inner().unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.done, SIZE as u64);
    assert_eq!(last.total, Some(SIZE as u64));
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));

    // A second call finds the file and downloads nothing.
    let gets = fake.gets.load(Ordering::SeqCst);
    download_with(
        &format!("{base}/resolve/main/model.gguf"),
        &dest,
        timeouts(),
        |_| {},
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(fake.gets.load(Ordering::SeqCst), gets);
}

#[tokio::test]
async fn resumes_a_partial_file_with_a_range_request() {
    let (base, fake) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.gguf");
    let have = 1_000_003;
    std::fs::write(part_path(&dest), &fake.content[..have]).unwrap();
    let first = std::sync::Mutex::new(None);
    download_with(
        &format!("{base}/plain/model.gguf"),
        &dest,
        timeouts(),
        |p| {
            first.lock().unwrap().get_or_insert(p);
        },
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), fake.content);
    assert_eq!(*fake.range_starts.lock().unwrap(), vec![have as u64]);
    // Progress starts where the part ended.
    assert_eq!(first.into_inner().unwrap().unwrap().done, have as u64);
}

#[tokio::test]
async fn a_wrong_hash_is_rejected_and_the_part_removed() {
    let (base, _fake) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.gguf");
    let err = download_with(
        &format!("{base}/resolve/main/wrong.gguf"),
        &dest,
        timeouts(),
        |_| {},
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, CoachError::Protocol { .. }), "{err}");
    assert!(err.to_string().contains("sha256"), "{err}");
    assert!(!dest.exists());
    assert!(!part_path(&dest).exists());
}

#[tokio::test]
async fn cancelling_keeps_the_part_and_a_later_call_resumes() {
    let (base, fake) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.gguf");
    let url = format!("{base}/slow.gguf");
    let cancel = CancellationToken::new();
    let stall_at = fake.slow_after.load(Ordering::SeqCst);
    // Cancel once the bytes before the stall are on disk.
    let watcher = {
        let (cancel, part) = (cancel.clone(), part_path(&dest));
        tokio::spawn(async move {
            while std::fs::metadata(&part).map_or(0, |m| m.len()) < stall_at {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            cancel.cancel();
            std::time::Instant::now()
        })
    };
    let err = download_with(&url, &dest, timeouts(), |_| {}, &cancel)
        .await
        .unwrap_err();
    let cancelled_at = watcher.await.unwrap();
    assert!(
        cancelled_at.elapsed() < Duration::from_secs(2),
        "not prompt"
    );
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert!(!dest.exists());
    let kept = std::fs::metadata(part_path(&dest)).unwrap().len();
    assert_eq!(kept, stall_at);

    // The server no longer stalls; the next call asks for the rest only.
    fake.slow_after.store(0, Ordering::SeqCst);
    download_with(&url, &dest, timeouts(), |_| {}, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), fake.content);
}

#[tokio::test]
async fn a_stalled_server_times_out_and_keeps_the_part() {
    let (base, fake) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.gguf");
    let err = download_with(
        &format!("{base}/slow.gguf"),
        &dest,
        DownloadTimeouts {
            connect: Duration::from_secs(5),
            chunk: Duration::from_millis(500),
        },
        |_| {},
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, CoachError::Unreachable { .. }), "{err}");
    assert!(err.is_transient());
    let kept = std::fs::metadata(part_path(&dest)).unwrap().len();
    assert_eq!(kept, fake.slow_after.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_missing_file_is_a_clear_404() {
    let (base, _fake) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("model.gguf");
    let err = download_with(
        &format!("{base}/resolve/main/nope.gguf"),
        &dest,
        timeouts(),
        |_| {},
        &CancellationToken::new(),
    )
    .await
    .unwrap_err();
    match &err {
        CoachError::Http {
            status, message, ..
        } => {
            assert_eq!(*status, 404);
            assert!(message.contains("nope.gguf"), "{message}");
        }
        other => panic!("expected HTTP 404, got {other:?}"),
    }
    assert!(!part_path(&dest).exists());
}
