//! NLRI of every family (stub: to be written).
