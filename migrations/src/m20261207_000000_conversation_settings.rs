//! Each conversation keeps its own temperature and answer length, so a
//! conversation the athlete tuned (a brief, factual one; a looser
//! brainstorm) answers the same way when it is resumed or regenerated.
//! NULL: the coach's default from Settings at the time of the answer.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "ALTER TABLE conversation ADD COLUMN temperature REAL",
            "ALTER TABLE conversation ADD COLUMN max_tokens INTEGER",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
