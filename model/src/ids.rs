//! Identifiers and typed indices.
//!
//! Ids are the strings users write in their tables (`OfficerId("npzy-01")`); indices are
//! positions in the validated [`Scenario`](crate::Scenario)'s vectors (`OfficerIdx(3)`). The
//! two never mix: solvers work on indices, outputs print ids.
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the scenario.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

macro_rules! typed_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in the scenario's vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl From<usize> for $name {
            fn from(i: usize) -> Self {
                Self(u32::try_from(i).expect("fewer than 2^32 items"))
            }
        }
    };
}

string_id!(
    /// A court's id, e.g. `c-yanping`.
    CourtId
);
string_id!(
    /// An officer's (envoy's) id.
    OfficerId
);
string_id!(
    /// A unit's (platform's or chamber's) id.
    UnitId
);
string_id!(
    /// An enterprise's id.
    EnterpriseId
);

typed_index!(
    /// Index of a court in [`Scenario::courts`](crate::Scenario::courts).
    CourtIdx
);
typed_index!(
    /// Index of an officer in [`Scenario::officers`](crate::Scenario::officers).
    OfficerIdx
);
typed_index!(
    /// Index of a unit in [`Scenario::units`](crate::Scenario::units).
    UnitIdx
);
typed_index!(
    /// Index of an enterprise in [`Scenario::enterprises`](crate::Scenario::enterprises).
    EnterpriseIdx
);

/// Something an officer can serve: a unit (platform or chamber) or an enterprise directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A platform or chamber.
    Unit(UnitIdx),
    /// An enterprise served directly.
    Enterprise(EnterpriseIdx),
}

/// A place that has coordinates: where officers start from and where they go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A court (officers start and end their day trips there).
    Court(CourtIdx),
    /// A platform's or chamber's seat.
    Unit(UnitIdx),
    /// An enterprise.
    Enterprise(EnterpriseIdx),
}
