//! Opening the database file without ever losing data.
//!
//! The order matters: we look at the file with plain filesystem calls before
//! SQLite touches it, because SQLite happily "opens" a file of garbage and only
//! fails at the first query, and a careless caller might then delete it and
//! start afresh. Here a damaged file is reported, named, and left alone.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, RuntimeErr, SqlxSqliteConnector, Statement,
};
use sea_orm_migration::MigratorTrait;
use tempo_migrations::{Migrator, known_migrations};

use crate::StorageError;

/// The 16 bytes every SQLite 3 database file starts with.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// SQLite's database header is 100 bytes; a shorter non-empty file cannot be one.
const HEADER_LEN: usize = 100;

/// An open, migrated Tempo database.
#[derive(Debug, Clone)]
pub struct Store {
    conn: DatabaseConnection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) when absent,
    /// then applies pending migrations.
    ///
    /// WAL journaling lets the UI read while an import writes; foreign keys are
    /// on; a busy timeout makes concurrent writers (the app and the CLI on the
    /// same file) wait instead of failing.
    pub async fn open(path: &Path) -> Result<Store, StorageError> {
        inspect_file(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let connect = |max: u32| {
            let options = options.clone();
            async move {
                SqlitePoolOptions::new()
                    .max_connections(max)
                    .connect_with(options)
                    .await
                    .map(SqlxSqliteConnector::from_sqlx_sqlite_pool)
                    .map_err(|e| classify(path, DbErr::Conn(RuntimeErr::SqlxError(e.into()))))
            }
        };
        // Check and migrate on one connection, closed before the real pool
        // opens. With the migration run through the pool, the first upsert on
        // a new database failed about one run in three ("ON CONFLICT clause
        // does not match any PRIMARY KEY or UNIQUE constraint"): a pooled
        // connection had not yet seen the unique index. Pool connections
        // opened after the migration see the final schema.
        let setup = Store {
            conn: connect(1).await?,
            path: Some(path.to_owned()),
        };
        setup.prepare().await?;
        setup.close().await?;
        let store = Store {
            conn: connect(4).await?,
            path: Some(path.to_owned()),
        };
        tracing::info!(path = %path.display(), "database open");
        Ok(store)
    }

    /// A private in-memory database, migrated: for tests and benchmarks.
    pub async fn open_in_memory() -> Result<Store, StorageError> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        // One connection: each in-memory connection would be a separate database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Conn(RuntimeErr::SqlxError(e.into())))?;
        let store = Store {
            conn: SqlxSqliteConnector::from_sqlx_sqlite_pool(pool),
            path: None,
        };
        store.prepare().await?;
        Ok(store)
    }

    /// Closes every connection; the last one checkpoints the WAL into the file.
    pub async fn close(self) -> Result<(), StorageError> {
        Ok(self.conn.close().await?)
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The file behind this store, `None` for an in-memory one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The SQLite library version actually linked (for diagnostics).
    pub async fn sqlite_version(&self) -> Result<String, StorageError> {
        let row = self
            .conn
            .query_one_raw(Statement::from_string(
                self.conn.get_database_backend(),
                "SELECT sqlite_version()",
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("sqlite_version() returned no row".into()))?;
        Ok(row.try_get_by_index::<String>(0)?)
    }

    /// Writes a consistent copy of the whole database to `dest` (which must
    /// not exist) with `VACUUM INTO`: one read transaction, so writers keep
    /// going and the copy holds exactly the rows committed when it started.
    /// The copy is compact and self-contained (no WAL beside it).
    pub async fn backup_to(&self, dest: &Path) -> Result<u64, StorageError> {
        let dest_str = dest
            .to_str()
            .ok_or_else(|| StorageError::unreadable(dest, "the path is not valid Unicode"))?;
        self.conn
            .execute_raw(Statement::from_sql_and_values(
                self.conn.get_database_backend(),
                "VACUUM INTO ?",
                [dest_str.into()],
            ))
            .await
            .map_err(|e| classify(dest, e))?;
        std::fs::metadata(dest)
            .map(|m| m.len())
            .map_err(|e| StorageError::unreadable(dest, e))
    }

    /// Checks that `path` holds a healthy Tempo database this build can use,
    /// without changing it: a SQLite file that passes `PRAGMA quick_check`,
    /// with Tempo's migration table and no migration from a newer Tempo.
    pub async fn check_backup(path: &Path) -> Result<BackupFacts, StorageError> {
        let meta = std::fs::metadata(path).map_err(|e| StorageError::unreadable(path, e))?;
        if meta.len() == 0 {
            return Err(StorageError::corrupt(path, "the file is empty"));
        }
        inspect_file(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| classify(path, DbErr::Conn(RuntimeErr::SqlxError(e.into()))))?;
        let conn = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
        let facts = read_facts(&conn, path).await;
        conn.close().await?;
        facts
    }

    /// The newest migration applied, i.e. the schema version.
    pub fn schema_version() -> String {
        known_migrations().pop().unwrap_or_default()
    }

    /// Checks the schema can be read, refuses a newer schema, migrates.
    async fn prepare(&self) -> Result<(), StorageError> {
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"));
        let backend = self.conn.get_database_backend();
        // Reading sqlite_master touches page 1: the cheapest query that fails on a
        // file that merely has a valid header. (A full `PRAGMA quick_check` scans
        // the whole file, too slow to run on every start of a multi-GB history.)
        let has_migrations_table = self
            .conn
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
            ))
            .await
            .map_err(|e| classify(&path, e))?
            .map(|row| row.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0)
            > 0;
        if has_migrations_table {
            let applied: BTreeSet<String> = self
                .conn
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT version FROM seaql_migrations",
                ))
                .await
                .map_err(|e| classify(&path, e))?
                .into_iter()
                .map(|row| row.try_get_by_index::<String>(0))
                .collect::<Result<_, _>>()?;
            let known: BTreeSet<String> = known_migrations().into_iter().collect();
            let unknown: Vec<_> = applied.difference(&known).cloned().collect();
            if !unknown.is_empty() {
                return Err(StorageError::TooNew {
                    path,
                    unknown: unknown.join(", "),
                });
            }
        }
        Migrator::up(&self.conn, None)
            .await
            .map_err(|e| classify(&path, e))?;
        Ok(())
    }
}

/// What [`Store::check_backup`] found in a healthy Tempo database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFacts {
    /// Migrations it has.
    pub applied: usize,
    /// Migrations this build would apply to it on open.
    pub pending: usize,
    pub activities: i64,
}

async fn read_facts(conn: &DatabaseConnection, path: &Path) -> Result<BackupFacts, StorageError> {
    let backend = conn.get_database_backend();
    let one = |sql: &'static str| async move {
        conn.query_one_raw(Statement::from_string(backend, sql))
            .await
            .map_err(|e| classify(path, e))
    };
    let check = one("PRAGMA quick_check")
        .await?
        .map(|r| r.try_get_by_index::<String>(0))
        .transpose()?
        .unwrap_or_default();
    if check != "ok" {
        return Err(StorageError::corrupt(
            path,
            format!("integrity check: {check}"),
        ));
    }
    let tables = |name: &str| {
        let sql =
            format!("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'");
        async move {
            conn.query_one_raw(Statement::from_string(backend, sql))
                .await
                .map_err(|e| classify(path, e))?
                .map(|r| r.try_get_by_index::<i64>(0))
                .transpose()
                .map(|n| n.unwrap_or(0) > 0)
                .map_err(StorageError::from)
        }
    };
    if !tables("seaql_migrations").await? || !tables("athlete").await? {
        return Err(StorageError::NotTempo {
            path: path.to_owned(),
            reason: "it has no Tempo tables".into(),
        });
    }
    let applied: BTreeSet<String> = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations",
        ))
        .await
        .map_err(|e| classify(path, e))?
        .into_iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?;
    let known: BTreeSet<String> = known_migrations().into_iter().collect();
    let unknown: Vec<_> = applied.difference(&known).cloned().collect();
    if !unknown.is_empty() {
        return Err(StorageError::TooNew {
            path: path.to_owned(),
            unknown: unknown.join(", "),
        });
    }
    let activities = if tables("activity").await? {
        one("SELECT count(*) FROM activity")
            .await?
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0)
    } else {
        0
    };
    Ok(BackupFacts {
        applied: applied.len(),
        pending: known.difference(&applied).count(),
        activities,
    })
}

/// Filesystem checks before SQLite sees the file.
fn inspect_file(path: &Path) -> Result<(), StorageError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            StorageError::unreadable(path, format!("cannot create its folder: {e}"))
        })?;
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StorageError::unreadable(path, e)),
    };
    if meta.is_dir() {
        return Err(StorageError::unreadable(path, "it is a folder, not a file"));
    }
    let mut head = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut head))
        .map_err(|e| StorageError::unreadable(path, e))?;
    // An empty file is a valid, empty SQLite database (SQLite creates them so).
    if head.is_empty() {
        return Ok(());
    }
    if head.len() < HEADER_LEN || !head.starts_with(SQLITE_HEADER) {
        return Err(StorageError::corrupt(path, "it is not a SQLite database"));
    }
    Ok(())
}

/// Turns a SQLite failure into the error a person can act on. SQLite's primary
/// result codes: 3 PERM, 8 READONLY, 10 IOERR, 11 CORRUPT, 14 CANTOPEN, 26 NOTADB;
/// extended 522 IOERR_SHORT_READ means the file is shorter than its own header
/// says, which is damage, not a permission problem.
fn classify(path: &Path, err: DbErr) -> StorageError {
    let code = sqlite_code(&err);
    if code == Some(522) {
        return StorageError::corrupt(path, err);
    }
    match code.map(|c| c & 0xff) {
        Some(11 | 26) => StorageError::corrupt(path, err),
        Some(3 | 8 | 10 | 14) => StorageError::unreadable(path, err),
        _ => StorageError::Db(err),
    }
}

fn sqlite_code(err: &DbErr) -> Option<i32> {
    let runtime = match err {
        DbErr::Conn(e) | DbErr::Exec(e) | DbErr::Query(e) => e,
        _ => return None,
    };
    let RuntimeErr::SqlxError(sqlx_err) = runtime else {
        return None;
    };
    sqlx_err
        .as_database_error()
        .and_then(|db| db.code())
        .and_then(|code| code.parse::<i32>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn creates_folder_and_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/deeper/tempo.db");
        let store = Store::open(&path).await.expect("open");
        assert!(path.is_file());
        assert!(
            store
                .sqlite_version()
                .await
                .expect("version")
                .starts_with('3')
        );
        // WAL is persistent in the file: check it took.
        let row = store
            .connection()
            .query_one_raw(Statement::from_string(
                store.connection().get_database_backend(),
                "PRAGMA journal_mode",
            ))
            .await
            .expect("pragma")
            .expect("row");
        assert_eq!(row.try_get_by_index::<String>(0).expect("mode"), "wal");
    }

    /// Regression: the first upsert on a new database must see the unique
    /// index the migration created (it failed one run in three when the
    /// migration ran through the connection pool).
    #[tokio::test]
    async fn new_database_accepts_an_upsert_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..20 {
            let store = Store::open(&dir.path().join(format!("t{i}.db")))
                .await
                .expect("open");
            store
                .connection()
                .execute_unprepared(
                    "INSERT INTO athlete_measure (measure, value, effective_date, recorded_at, source) \
                     VALUES ('max_hr', 190, '2026-01-01', '2026-01-01T00:00:00Z', 'manual') \
                     ON CONFLICT (measure, effective_date) DO UPDATE SET value = excluded.value",
                )
                .await
                .expect("upsert on a new database");
        }
    }

    #[tokio::test]
    async fn reopening_keeps_data_and_does_not_remigrate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tempo.db");
        drop(Store::open(&path).await.expect("first open"));
        Store::open(&path).await.expect("second open");
    }

    #[tokio::test]
    async fn garbage_file_is_reported_and_left_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tempo.db");
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &garbage).expect("write");
        let err = Store::open(&path).await.expect_err("must refuse");
        assert!(matches!(err, StorageError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains(&path.display().to_string()));
        assert_eq!(std::fs::read(&path).expect("read"), garbage, "file changed");
    }

    #[tokio::test]
    async fn valid_header_with_damaged_pages_is_corrupt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tempo.db");
        Store::open(&path)
            .await
            .expect("create")
            .close()
            .await
            .expect("close");
        // Checkpointed by close; now smash everything after the 100-byte header.
        let mut bytes = std::fs::read(&path).expect("read");
        for b in bytes.iter_mut().skip(HEADER_LEN) {
            *b = 0xA5;
        }
        std::fs::write(&path, &bytes).expect("write");
        assert!(!path.with_extension("db-wal").exists(), "WAL left behind");
        let err = Store::open(&path).await.expect_err("must refuse");
        assert!(matches!(err, StorageError::Corrupt { .. }), "{err:?}");
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "file changed");
    }

    #[tokio::test]
    async fn folder_in_the_way_is_unreadable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Store::open(dir.path()).await.expect_err("must refuse");
        assert!(matches!(err, StorageError::Unreadable { .. }), "{err:?}");
    }

    #[tokio::test]
    async fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("tempo.db");
        let store = Store::open(&path).await.expect("create");
        store
            .connection()
            .execute_unprepared(
                "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000000_from_the_future', 0)",
            )
            .await
            .expect("insert");
        drop(store);
        let err = Store::open(&path).await.expect_err("must refuse");
        assert!(matches!(err, StorageError::TooNew { .. }), "{err:?}");
        assert!(err.to_string().contains("m20991231_000000_from_the_future"));
    }
}
