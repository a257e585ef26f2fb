//! The stores that keep cases on disk or on a server, behind
//! [`crate::case::CaseStore`].

pub mod postgres;
