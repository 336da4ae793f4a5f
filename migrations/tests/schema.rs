//! Migrating an empty database to head gives the schema the entities expect,
//! and the migration list stays timestamped and ordered.

use sea_orm::{ConnectionTrait, Database, Statement};
use sea_orm_migration::MigratorTrait;
use tempo_migrations::{Migrator, known_migrations};

async fn columns(db: &impl ConnectionTrait, table: &str) -> Vec<(String, bool)> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        format!("SELECT name, \"notnull\" FROM pragma_table_info('{table}') ORDER BY cid"),
    ))
    .await
    .expect("table info")
    .into_iter()
    .map(|r| {
        (
            r.try_get_by_index::<String>(0).expect("name"),
            r.try_get_by_index::<i32>(1).expect("notnull") == 1,
        )
    })
    .collect()
}

#[tokio::test]
async fn empty_database_migrates_to_head() {
    let db = Database::connect("sqlite::memory:").await.expect("connect");
    Migrator::up(&db, None).await.expect("migrate");
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .expect("pending")
            .is_empty()
    );

    let athlete = columns(&db, "athlete").await;
    let names: Vec<_> = athlete.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "name",
            "sex",
            "birth_year",
            "created_at",
            "updated_at"
        ]
    );

    let measure = columns(&db, "athlete_measure").await;
    let names: Vec<_> = measure.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "measure",
            "value",
            "effective_date",
            "recorded_at",
            "source"
        ]
    );
    assert!(
        measure.iter().all(|c| c.1 || c.0 == "id"),
        "measure columns must be NOT NULL: {measure:?}"
    );

    let unique = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT \"unique\" FROM pragma_index_list('athlete_measure') WHERE name = 'ux_athlete_measure_measure_date'",
        ))
        .await
        .expect("index list")
        .expect("index exists");
    assert_eq!(unique.try_get_by_index::<i32>(0).expect("unique"), 1);

    // Activities: every table, and deleting an activity takes its children.
    for table in [
        "activity",
        "activity_source",
        "activity_lap",
        "activity_stream",
        "activity_load",
        "activity_summary",
        "fitness_model_fit",
        "metrics_setting",
        "goal",
        "plan",
        "plan_week",
        "planned_workout",
        "plan_adjustment",
        "plan_template",
        "wellness_day",
        "consent",
        "reminder",
        "coach_config",
        "conversation",
        "chat_message",
        "sync_account",
        "sync_item",
        "provider_wellness",
    ] {
        assert!(!columns(&db, table).await.is_empty(), "{table} missing");
    }
    let fks = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT \"table\", on_delete FROM pragma_foreign_key_list('activity_stream') \
             UNION ALL SELECT \"table\", on_delete FROM pragma_foreign_key_list('activity_lap') \
             UNION ALL SELECT \"table\", on_delete FROM pragma_foreign_key_list('activity_source') \
             UNION ALL SELECT \"table\", on_delete FROM pragma_foreign_key_list('activity_load') \
             UNION ALL SELECT \"table\", on_delete FROM pragma_foreign_key_list('activity_summary')",
        ))
        .await
        .expect("foreign keys");
    assert_eq!(fks.len(), 5);
    for fk in fks {
        assert_eq!(fk.try_get_by_index::<String>(0).expect("table"), "activity");
        assert_eq!(
            fk.try_get_by_index::<String>(1).expect("on_delete"),
            "CASCADE"
        );
    }
    let unique = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT \"unique\" FROM pragma_index_list('activity_source') WHERE name = 'ux_activity_source_hash'",
        ))
        .await
        .expect("index list")
        .expect("index exists");
    assert_eq!(unique.try_get_by_index::<i32>(0).expect("unique"), 1);

    // The athlete's own columns: a source never writes them, and the defaults
    // make every activity stored before them count for load and be exported.
    let activity = columns(&db, "activity").await;
    for (name, not_null) in [
        ("description", false),
        ("rpe", false),
        ("notes", false),
        ("counts_for_load", true),
        ("exclude_from_export", true),
        ("manual", true),
        ("edits_json", true),
    ] {
        assert!(
            activity.iter().any(|c| c.0 == name && c.1 == not_null),
            "activity.{name} (not null: {not_null}) missing: {activity:?}"
        );
    }
    let workout = columns(&db, "planned_workout").await;
    assert!(workout.iter().any(|c| c.0 == "rpe") && workout.iter().any(|c| c.0 == "notes"));
    let unique = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM pragma_index_list('reminder') WHERE \"unique\" = 1",
        ))
        .await
        .expect("index list")
        .expect("row");
    assert_eq!(
        unique.try_get_by_index::<i32>(0).expect("count"),
        1,
        "reminder.dedup_key unique"
    );

    // Each conversation keeps its own temperature and answer length.
    let conversation = columns(&db, "conversation").await;
    for name in ["temperature", "max_tokens"] {
        assert!(
            conversation.iter().any(|c| c.0 == name && !c.1),
            "conversation.{name} (nullable) missing: {conversation:?}"
        );
    }

    // Running again is a no-op.
    Migrator::up(&db, None).await.expect("re-run");
}

/// The newest migration on a database at the previous head: stored
/// conversations stay, with the defaults.
#[tokio::test]
async fn conversations_stored_before_their_settings_keep_the_defaults() {
    let db = Database::connect("sqlite::memory:").await.expect("connect");
    let all = known_migrations().len() as u32;
    Migrator::up(&db, Some(all - 1))
        .await
        .expect("previous head");
    db.execute_unprepared(
        "INSERT INTO conversation (title, created_at, updated_at) \
         VALUES ('Taper?', '2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z')",
    )
    .await
    .expect("a conversation");
    Migrator::up(&db, None).await.expect("head");
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT title, temperature IS NULL, max_tokens IS NULL FROM conversation",
        ))
        .await
        .expect("select")
        .expect("the conversation");
    assert_eq!(row.try_get_by_index::<String>(0).expect("title"), "Taper?");
    assert!(row.try_get_by_index::<bool>(1).expect("temperature"));
    assert!(row.try_get_by_index::<bool>(2).expect("max_tokens"));
}

#[test]
fn migrations_are_timestamped_and_ordered() {
    let names = known_migrations();
    assert!(!names.is_empty());
    for name in &names {
        let stamp = name.strip_prefix('m').expect("starts with m");
        let (date, rest) = stamp.split_at(8);
        assert!(date.bytes().all(|b| b.is_ascii_digit()), "{name}: date");
        assert!(
            rest.starts_with('_') && rest[1..7].bytes().all(|b| b.is_ascii_digit()),
            "{name}: time"
        );
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        names, sorted,
        "migrations must be listed in timestamp order"
    );
}
