//! One coaching turn.
