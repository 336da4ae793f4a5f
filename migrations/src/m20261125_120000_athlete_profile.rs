//! The athlete profile: identity in one row, physiological measures as dated history.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Athlete::Table)
                    // A single-athlete app: the row with id 1 is the athlete. Keeping a
                    // table (not a settings blob) lets later tables reference it.
                    .col(
                        ColumnDef::new(Athlete::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Athlete::Name).string().null())
                    .col(ColumnDef::new(Athlete::Sex).string().null())
                    .col(ColumnDef::new(Athlete::BirthYear).integer().null())
                    .col(
                        ColumnDef::new(Athlete::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Athlete::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AthleteMeasure::Table)
                    .col(
                        ColumnDef::new(AthleteMeasure::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AthleteMeasure::Measure).string().not_null())
                    .col(ColumnDef::new(AthleteMeasure::Value).double().not_null())
                    .col(
                        ColumnDef::new(AthleteMeasure::EffectiveDate)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(AthleteMeasure::RecordedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    // Where the value came from: "manual" now; estimates from data
                    // (eFTP, observed max HR) and providers come later.
                    .col(ColumnDef::new(AthleteMeasure::Source).string().not_null())
                    .to_owned(),
            )
            .await?;
        // One value per measure and day: recording again on the same day corrects it.
        manager
            .create_index(
                Index::create()
                    .name("ux_athlete_measure_measure_date")
                    .table(AthleteMeasure::Table)
                    .col(AthleteMeasure::Measure)
                    .col(AthleteMeasure::EffectiveDate)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Athlete {
    Table,
    Id,
    Name,
    Sex,
    BirthYear,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AthleteMeasure {
    Table,
    Id,
    Measure,
    Value,
    EffectiveDate,
    RecordedAt,
    Source,
}
