//! One small module per screen. Each turns the app's state into rows (or
//! draws its overlay); none of them changes anything.

pub mod common;
pub mod diagnosis;
pub mod escalation;
pub mod help;
pub mod question;
pub mod resolved;
pub mod search;
pub mod too_small;
