//! Declares the app's commands so Tauri generates one permission per command;
//! `capabilities/default.json` then grants the main window exactly these.

/// Every command the UI may call. Keep in sync with `commands::specta_builder`
/// (a test checks it).
pub const COMMANDS: &[&str] = &[
    "check_database",
    "get_profile",
    "update_profile",
    "profile_history",
    "get_diagnostics",
    "get_settings",
    "set_settings",
    "kb_search",
    "kb_page",
    "kb_pages",
    "import_activities",
    "cancel_import",
    "choose_import_paths",
    "list_activities",
    "get_activity",
    "activity_streams",
    "delete_activity",
    "activity_metrics",
    "load_series",
    "training_status",
    "training_volume",
    "mean_max_curves",
    "zone_distribution",
    "fitness_predictions",
    "threshold_estimates",
    "accept_threshold_estimate",
    "fitness_model",
    "get_load_model",
    "set_load_model",
    "plan_level_from_activities",
    "check_goal",
    "create_plan",
    "active_plan",
    "list_plans",
    "get_plan",
    "activate_plan",
    "move_planned_workout",
    "skip_planned_workout",
    "replace_planned_workout",
    "adapt_plan",
    "decide_plan_adjustment",
    "export_plan_file",
    "export_plan_fit",
    "save_plan_template",
    "list_plan_templates",
    "goal_from_template",
    "delete_plan_template",
    "delete_goal",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
