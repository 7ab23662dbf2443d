pub mod build;
pub mod text;
pub mod validate;
