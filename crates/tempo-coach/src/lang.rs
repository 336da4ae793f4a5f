//! Which language a question is in, so the answer (and the grounded mode's
//! fixed text) is in the same one.
