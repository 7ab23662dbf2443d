pub mod build;
pub mod export;
pub mod load;
pub mod prefixes;
pub mod query;
pub mod text;
pub mod validate;
