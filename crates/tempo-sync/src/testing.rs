//! Local fakes of the providers' APIs for tests (feature `test-support`):
//! axum servers on 127.0.0.1 that answer with payloads shaped like the real
//! documented responses (fixtures in `tests/fixtures/`), count requests and
//! inject faults on demand.

pub mod faults;
pub mod garmin;
pub mod intervals;
pub mod strava;
