//! Pure domain of PMS: no I/O, no async. Everything here is unit-tested in isolation.

pub mod access;
pub mod account;
pub mod client;
pub mod clock;
pub mod delivery;
pub mod device;
pub mod error;
pub mod lang;
pub mod list;
pub mod partner;
pub mod policy;
pub mod roles;
pub mod search;
pub mod trust;
pub mod validate;

pub use clock::{Clock, ManualClock, ShiftedClock, SystemClock};
pub use error::{Checks, Code, FieldError, FieldRule, Invalid, PmsError};
