pub mod build;
pub mod connect;
pub mod explore;
pub mod text;
pub mod validate;
