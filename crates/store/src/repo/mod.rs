//! Queries, one module per aggregate. Functions take any connection or transaction.

pub mod access;
pub mod audit;
pub mod certificates;
pub mod clients;
pub mod delivery;
pub mod devices;
pub mod notifications;
pub mod outbox;
pub mod partners;
pub mod password_resets;
pub mod policies;
pub mod policy_groups;
pub mod rate_limit;
pub mod registrations;
pub mod sessions;
pub mod settings;
pub mod users;
