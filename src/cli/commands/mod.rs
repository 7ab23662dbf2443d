pub mod build;
pub mod connect;
pub mod text;
pub mod validate;
