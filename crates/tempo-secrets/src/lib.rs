//! The only door to Tempo's secrets (provider tokens, API keys, client secrets).
//!
//! Invariant: a secret lives in the OS keychain and nowhere else: not in SQLite,
//! not in the settings store, not in logs, not in the UI. This crate makes the
//! invariant cheap to keep:
//! - values travel as [`SecretString`], whose `Debug` prints `[REDACTED]`, so a
//!   stray `tracing::debug!(?value)` cannot leak one;
//! - [`SecretStore`] is the one trait the rest of Tempo sees; [`Keychain`] is the
//!   OS implementation (Keychain on macOS, Credential Manager on Windows, Secret
//!   Service with a kernel keyutils cache on Linux), [`MemoryStore`] the test one;
//! - every key Tempo writes is namespaced under one service name, so "erase
//!   everything" can find them all.

use std::collections::HashMap;
use std::sync::Mutex;

pub use secrecy::{ExposeSecret, SecretString};

/// The keychain service every Tempo secret is stored under.
pub const SERVICE: &str = "app.tempo.desktop";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The key is not one Tempo would write (empty, too long, odd characters).
    #[error("invalid secret name {0:?}")]
    InvalidKey(String),
    /// The OS keychain is missing, locked, or refused the operation.
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
}

/// Where secrets are kept. Keys are short ASCII names such as
/// `strava.refresh_token`; values are never logged.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    fn put(&self, key: &str, value: &SecretString) -> Result<(), SecretError>;
    fn get(&self, key: &str) -> Result<Option<SecretString>, SecretError>;
    /// Returns whether something was deleted.
    fn delete(&self, key: &str) -> Result<bool, SecretError>;
    /// The names of every secret held (never the values).
    fn keys(&self) -> Result<Vec<String>, SecretError>;

    /// Deletes every secret held ("erase everything"); returns how many.
    fn erase_all(&self) -> Result<u32, SecretError> {
        let mut n = 0;
        for key in self.keys()? {
            if self.delete(&key)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// The keychain entry listing the other keys: OS keychains cannot be
/// enumerated portably, and "erase everything" must find every secret.
const INDEX_KEY: &str = "tempo.index";

/// Key names are part of the keychain's visible UI, so keep them boring.
fn check_key(key: &str) -> Result<(), SecretError> {
    let ok = !key.is_empty()
        && key.len() <= 128
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':'));
    if ok {
        Ok(())
    } else {
        Err(SecretError::InvalidKey(key.to_owned()))
    }
}

/// The operating system's credential store.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    /// The store for Tempo's own service name.
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// A store under another service name: tests use a unique one so they never
    /// touch a real installation's secrets.
    pub fn with_service(service: &str) -> Self {
        Keychain {
            service: service.to_owned(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        check_key(key)?;
        keyring::Entry::new(&self.service, key).map_err(|e| SecretError::Unavailable(e.to_string()))
    }
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new()
    }
}

impl Keychain {
    fn index(&self) -> Result<Vec<String>, SecretError> {
        match self.entry(INDEX_KEY)?.get_password() {
            Ok(list) => Ok(list.lines().map(str::to_owned).collect()),
            Err(keyring::Error::NoEntry) => Ok(Vec::new()),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }

    fn set_index(&self, keys: &[String]) -> Result<(), SecretError> {
        let entry = self.entry(INDEX_KEY)?;
        let result = if keys.is_empty() {
            match entry.delete_credential() {
                Err(keyring::Error::NoEntry) => Ok(()),
                other => other,
            }
        } else {
            entry.set_password(&keys.join("\n"))
        };
        result.map_err(|e| SecretError::Unavailable(e.to_string()))
    }
}

impl SecretStore for Keychain {
    fn put(&self, key: &str, value: &SecretString) -> Result<(), SecretError> {
        if key == INDEX_KEY {
            return Err(SecretError::InvalidKey(key.to_owned()));
        }
        // Listed first: a crash in between leaves a name without a secret
        // (harmless), never a secret that "erase everything" cannot find.
        let mut index = self.index()?;
        if !index.iter().any(|k| k == key) {
            index.push(key.to_owned());
            self.set_index(&index)?;
        }
        self.entry(key)?
            .set_password(value.expose_secret())
            .map_err(|e| SecretError::Unavailable(e.to_string()))?;
        tracing::debug!(key, "secret stored in keychain");
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, SecretError> {
        self.index()
    }

    fn erase_all(&self) -> Result<u32, SecretError> {
        let mut n = 0;
        for key in self.index()? {
            if self.delete(&key)? {
                n += 1;
            }
        }
        self.set_index(&[])?;
        Ok(n)
    }

    fn get(&self, key: &str) -> Result<Option<SecretString>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }

    fn delete(&self, key: &str) -> Result<bool, SecretError> {
        let deleted = self.entry(key)?.delete_credential();
        let mut index = self.index()?;
        if let Some(i) = index.iter().position(|k| k == key) {
            index.remove(i);
            self.set_index(&index)?;
        }
        match deleted {
            Ok(()) => {
                tracing::debug!(key, "secret deleted from keychain");
                Ok(true)
            }
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(SecretError::Unavailable(e.to_string())),
        }
    }
}

/// An in-process store for tests and for "one-time" sessions whose secrets must
/// not outlive the process.
#[derive(Debug, Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<String, SecretString>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Names of the keys held (never the values).
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<_> = self.lock().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        // A poisoned lock only means another thread panicked mid-insert; the map
        // itself is still consistent.
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn put(&self, key: &str, value: &SecretString) -> Result<(), SecretError> {
        check_key(key)?;
        self.lock().insert(key.to_owned(), value.clone());
        tracing::debug!(key, "secret stored in memory");
        Ok(())
    }

    fn get(&self, key: &str) -> Result<Option<SecretString>, SecretError> {
        check_key(key)?;
        Ok(self.lock().get(key).cloned())
    }

    fn delete(&self, key: &str) -> Result<bool, SecretError> {
        check_key(key)?;
        Ok(self.lock().remove(key).is_some())
    }

    fn keys(&self) -> Result<Vec<String>, SecretError> {
        Ok(MemoryStore::keys(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(store: &dyn SecretStore, key: &str) {
        assert!(store.get(key).expect("get").is_none());
        store
            .put(key, &SecretString::from("s3cr3t-value"))
            .expect("put");
        let got = store.get(key).expect("get").expect("present");
        assert_eq!(got.expose_secret(), "s3cr3t-value");
        assert!(
            !format!("{got:?}").contains("s3cr3t"),
            "Debug leaks the value"
        );
        store
            .put(key, &SecretString::from("rotated"))
            .expect("overwrite");
        assert_eq!(
            store
                .get(key)
                .expect("get")
                .expect("present")
                .expose_secret(),
            "rotated"
        );
        assert!(store.delete(key).expect("delete"));
        assert!(!store.delete(key).expect("delete again"));
        assert!(store.get(key).expect("get").is_none());
    }

    #[test]
    fn memory_store_round_trips() {
        exercise(&MemoryStore::new(), "strava.refresh_token");
    }

    #[test]
    fn odd_keys_are_refused() {
        let store = MemoryStore::new();
        for key in ["", "has space", "slash/", &"x".repeat(129)] {
            assert!(matches!(
                store.put(key, &SecretString::from("v")),
                Err(SecretError::InvalidKey(_))
            ));
        }
    }

    /// The real OS keychain. CI runs it inside `keyctl session` with an unlocked
    /// gnome-keyring (see `scripts/test.sh`), which sets `TEMPO_TEST_KEYCHAIN=1`;
    /// on a developer machine without a keychain it says so and returns.
    #[test]
    fn os_keychain_round_trips() {
        if std::env::var_os("TEMPO_TEST_KEYCHAIN").is_none() {
            eprintln!("skipped: set TEMPO_TEST_KEYCHAIN=1 to test the OS keychain");
            return;
        }
        let service = format!("app.tempo.test.{}", std::process::id());
        let keychain = Keychain::with_service(&service);
        exercise(&keychain, "test.token");
        // A fresh handle sees what another one wrote: it really is persisted.
        keychain
            .put("test.persist", &SecretString::from("v1"))
            .expect("put");
        let other = Keychain::with_service(&service);
        assert_eq!(
            other
                .get("test.persist")
                .expect("get")
                .expect("present")
                .expose_secret(),
            "v1"
        );
        assert!(other.delete("test.persist").expect("delete"));

        // "Erase everything" finds every secret through the index, also from
        // a fresh handle, and leaves no entry behind (the index included).
        keychain
            .put("a.token", &SecretString::from("1"))
            .expect("put");
        keychain
            .put("b.key", &SecretString::from("2"))
            .expect("put");
        assert_eq!(other.keys().expect("keys"), ["a.token", "b.key"]);
        assert_eq!(other.erase_all().expect("erase"), 2);
        for key in ["a.token", "b.key", INDEX_KEY] {
            assert!(keychain.get(key).expect("get").is_none(), "{key} left");
        }
        assert!(keychain.keys().expect("keys").is_empty());
    }

    #[test]
    fn erase_all_empties_a_memory_store() {
        let store = MemoryStore::new();
        store.put("x.token", &SecretString::from("1")).expect("put");
        store.put("y.key", &SecretString::from("2")).expect("put");
        assert_eq!(store.erase_all().expect("erase"), 2);
        assert!(store.keys().is_empty());
    }
}
