pub mod build;
pub mod connect;
pub mod diagram;
pub mod text;
pub mod validate;
