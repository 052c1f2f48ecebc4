//! Identifiers and typed indices.
//!
//! Ids are the strings users write in their tables (`OfficerId("npzy-01")`); indices are
//! positions in the validated [`Scenario`](crate::Scenario)'s vectors (`OfficerIdx(3)`). The
//! two never mix: solvers work on indices, outputs print ids.
use std::borrow::Borrow;
use std::fmt;
use std::hash::BuildHasher;

use compact_str::CompactString;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Held inline (no allocation) up to 24 bytes, which most ids are: a scenario may have
        /// millions of enterprises.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub CompactString);

        impl $name {
            /// The id as written in the scenario.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(CompactString::from(id))
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
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

/// Positions of items by their ids, without a copy of the ids: a lookup compares with the
/// id of the item found at that position. For the tables that may have millions of rows
/// (a map from id to index would hold every id twice).
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    table: hashbrown::HashTable<u32>,
    hasher: std::hash::RandomState,
}

impl IdIndex {
    /// The position of the item with this id; `id_of` gives the id of the item at a position.
    pub fn get<'a>(&self, id: &str, id_of: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.table
            .find(self.hasher.hash_one(id), |&at| id_of(at as usize) == id)
            .map(|&at| at as usize)
    }

    /// Records that the item with this id (not yet recorded) is at `at`.
    pub fn insert<'a>(&mut self, id: &str, at: usize, id_of: impl Fn(usize) -> &'a str) {
        let hasher = &self.hasher;
        let at = u32::try_from(at).expect("fewer than 2^32 items");
        self.table.insert_unique(hasher.hash_one(id), at, |&other| {
            hasher.hash_one(id_of(other as usize))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_finds_every_id_and_nothing_else() {
        let ids: Vec<String> = (0..10_000).map(|i| format!("e-{i:05}")).collect();
        let mut index = IdIndex::default();
        for (at, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id, |i| &ids[i]), None);
            index.insert(id, at, |i| &ids[i]);
        }
        for (at, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id, |i| &ids[i]), Some(at));
        }
        assert_eq!(index.get("e-10000", |i| &ids[i]), None);
        assert_eq!(index.get("", |i| &ids[i]), None);
    }
}
