use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activity")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sport: String,
    pub sub_sport: String,
    pub name: Option<String>,
    pub start_utc: ChronoDateTimeUtc,
    pub start_epoch_s: i64,
    pub utc_offset_s: Option<i32>,
    pub elapsed_s: Option<f64>,
    pub timer_s: Option<f64>,
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub avg_speed_mps: Option<f64>,
    pub avg_power_w: Option<f64>,
    pub calories_kcal: Option<f64>,
    pub device_manufacturer: Option<String>,
    pub device_product: Option<String>,
    pub device_totals_json: Option<String>,
    pub computed_totals_json: String,
    pub disagreements_json: String,
    pub lengths_json: String,
    pub pool_length_m: Option<f64>,
    pub has_gps: bool,
    pub sample_count: i64,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub description: Option<String>,
    pub rpe: Option<i32>,
    pub notes: Option<String>,
    pub counts_for_load: bool,
    pub exclude_from_export: bool,
    pub manual: bool,
    pub edits_json: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
