use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "athlete_measure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub measure: String,
    pub value: f64,
    pub effective_date: Date,
    pub recorded_at: ChronoDateTimeUtc,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
