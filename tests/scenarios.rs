//! Shipped and generated scenarios.
