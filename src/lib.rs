#![doc = include_str!("../README.md")]

pub mod analysis;
pub mod builtin;
pub mod cli;
pub mod diagram;
pub mod extract;
pub mod kg;
pub mod rdf;
pub mod serve;
pub mod source;
pub mod sparql;
pub mod text;
