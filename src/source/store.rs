//! The persistent store: an Oxigraph RocksDB folder that `policykg load` fills and every command's
//! `--store DIR` reads.
//!
//! Only [`open`] and [`open_existing`] need the `rocksdb` cargo feature; without it they say how to
//! build with it. Everything else works on any [`Store`], so the in-memory store tests it.

use std::path::{Path, PathBuf};

use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};

use crate::rdf::stable_order;

/// What can go wrong with the persistent store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// policykg was built without the `rocksdb` feature.
    #[error(
        "the persistent store needs policykg built with the rocksdb feature: cargo build --release --features rocksdb"
    )]
    Unavailable,
    /// There is no store to read at this path.
    #[error("no store at {}: create one with `policykg load --store {} FILE…`", .0.display(), .0.display())]
    Missing(PathBuf),
    /// The store could not be opened (locked by another process, not a store, no permission).
    #[error("cannot open the store at {}: {source}", dir.display())]
    Open { dir: PathBuf, source: StorageError },
    /// Reading or writing the store failed.
    #[error("store: {0}")]
    Storage(#[from] StorageError),
}

/// Whether this build can open a persistent store; commands call it before doing any work, so
/// that a build without the feature fails at once and in one line.
pub fn available() -> Result<(), Error> {
    if cfg!(feature = "rocksdb") { Ok(()) } else { Err(Error::Unavailable) }
}

/// Opens the store in `dir` for writing, creating it if missing.
pub fn open(dir: &Path) -> Result<Store, Error> {
    #[cfg(feature = "rocksdb")]
    {
        Store::open(dir).map_err(|source| Error::Open { dir: dir.to_path_buf(), source })
    }
    #[cfg(not(feature = "rocksdb"))]
    {
        let _ = dir;
        Err(Error::Unavailable)
    }
}

/// Opens the store in `dir` for a query or an export; it must exist, since reading never creates
/// a store. It is opened read-write all the same: Oxigraph leaves a read-only store undefined while
/// another process writes, whereas the read-write lock makes that other process fail cleanly.
pub fn open_existing(dir: &Path) -> Result<Store, Error> {
    available()?;
    // Every RocksDB folder has a CURRENT file.
    if !dir.join("CURRENT").is_file() {
        return Err(Error::Missing(dir.to_path_buf()));
    }
    open(dir)
}

/// Adds `quads` to `store` all at once: the bulk loader writes nothing visible until it commits,
/// so a failure leaves the store as it was. `progress` is called now and then with the number of
/// quads written so far.
pub fn load(store: &Store, quads: Vec<Quad>, progress: impl Fn(u64) + Send + Sync + 'static) -> Result<(), Error> {
    let mut loader = store.bulk_loader().on_progress(progress);
    loader.load_quads(quads)?;
    loader.commit()?;
    Ok(())
}

/// The quads of `graph` (or of every graph), in [`stable_order`].
pub fn quads(store: &Store, graph: Option<&NamedNode>) -> Result<Vec<Quad>, Error> {
    let quads: Vec<Quad> = match graph {
        Some(g) => store.quads_for_pattern(None, None, None, Some(g.as_ref().into())).collect::<Result<_, _>>()?,
        None => store.iter().collect::<Result<_, _>>()?,
    };
    Ok(stable_order(quads))
}

/// The named graphs of `store`, sorted.
pub fn named_graphs(store: &Store) -> Result<Vec<NamedOrBlankNode>, Error> {
    let mut graphs: Vec<NamedOrBlankNode> = store.named_graphs().collect::<Result<_, _>>()?;
    graphs.sort_by_cached_key(|g| g.to_string());
    Ok(graphs)
}

#[cfg(test)]
mod tests {
    use oxigraph::model::{GraphName, Term};

    use super::*;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.org/{s}"))
    }

    #[test]
    fn load_adds_everything_and_quads_reads_one_graph() {
        let store = Store::new().unwrap();
        let g = iri("g");
        let quads = vec![
            Quad::new(iri("s"), iri("p"), iri("o"), GraphName::DefaultGraph),
            Quad::new(iri("s"), iri("p"), iri("o2"), g.clone()),
        ];
        load(&store, quads, |_| {}).unwrap();
        assert_eq!(self::quads(&store, None).unwrap().len(), 2);
        let in_g = self::quads(&store, Some(&g)).unwrap();
        assert_eq!(in_g.len(), 1);
        assert_eq!(in_g[0].object, Term::from(iri("o2")));
        assert_eq!(named_graphs(&store).unwrap(), [NamedOrBlankNode::from(g)]);
    }

    #[test]
    fn without_the_feature_the_store_says_how_to_build() {
        if cfg!(feature = "rocksdb") {
            return;
        }
        let Err(err) = open(Path::new("some-store")) else { panic!("a store opened without the feature") };
        let message = err.to_string();
        assert!(message.contains("cargo build --release --features rocksdb"), "{message}");
        assert!(!message.contains('\n'));
    }
}
