//! posdoc: a decision tree of POS card-payment faults, its validator, the
//! engine that walks it, and the front ends that drive the engine.

pub mod case;
pub mod casestore;
pub mod cli;
pub mod engine;
pub mod frontend;
pub mod i18n;
pub mod present;
pub mod privacy;
pub mod rules;
pub mod search;
#[cfg(feature = "synth")]
pub mod synth;
pub mod terminal_text;
pub mod tui;
