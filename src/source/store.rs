//! The persistent store: an Oxigraph RocksDB folder that `policykg load` fills and every command's
//! `--store DIR` reads.
//!
//! policykg processes share a store through a lock file in its folder ([`LOCK_FILE`]): any number
//! of readers at once (each opens the store read-only, holding a shared lock), or one writer
//! (holding an exclusive lock); whoever comes second is told in one line who holds the store. A
//! new store is built in a hidden sibling folder and renamed into place when complete, so a load
//! that fails or is killed never leaves a half-built store behind (only, after a kill, the hidden
//! `.NAME.loading-PID` folder, which may be deleted).
//!
//! Only [`Reader::open`] and [`Writer::open`] need the `rocksdb` cargo feature; without it they
//! say how to build with it. Everything else works on any [`Store`], so the in-memory store tests
//! it.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};

use crate::rdf::stable_order;

/// The file in a store folder that policykg processes lock: shared by readers, exclusive by a
/// writer. Programs other than policykg do not know it: a store must not be written by another
/// program while policykg reads it.
pub const LOCK_FILE: &str = "policykg.lock";

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
    /// Another policykg process writes the store (for a reader), or uses it at all (for a writer).
    #[error(
        "the store at {} is in use by another policykg process{}; try again when it has finished",
        dir.display(),
        if *.writing { " that is writing it" } else { "" }
    )]
    InUse { dir: PathBuf, writing: bool },
    /// The store could not be opened (not a store, damaged, no permission). The cause is part of
    /// the message and deliberately not an error source, so that it is printed once.
    #[error("cannot open the store at {}: {cause}", dir.display())]
    Open { dir: PathBuf, cause: String },
    /// The store (or the folder a new one goes in) cannot be written by this user, or lies on a
    /// read-only file system; reading it still works.
    #[error(
        "cannot write the store at {}: {cause}; load into a folder you can write, or ask its owner for write access",
        dir.display()
    )]
    ReadOnly { dir: PathBuf, cause: String },
    /// A new store was built, but another process created the folder meanwhile.
    #[error("cannot create the store at {}: {cause}; the new store was discarded", dir.display())]
    Create { dir: PathBuf, cause: String },
    /// Reading or writing the store failed.
    #[error("store: {0}")]
    Storage(#[from] StorageError),
}

/// Whether this build can open a persistent store; commands call it before doing any work, so
/// that a build without the feature fails at once and in one line.
pub fn available() -> Result<(), Error> {
    if cfg!(feature = "rocksdb") { Ok(()) } else { Err(Error::Unavailable) }
}

/// A store opened for reading, with a shared lock that keeps policykg writers out while it lives.
pub struct Reader {
    /// The store, opened read-only.
    pub store: Store,
    /// The lock file, locked shared; dropping it releases the lock.
    pub lock: Option<File>,
}

impl Reader {
    /// Opens the existing store in `dir` read-only; reading never creates a store. Fails with
    /// [`Error::InUse`] while a policykg process writes it. When the folder is read-only and has
    /// no lock file, no lock is taken (no policykg process can write there either).
    pub fn open(dir: &Path) -> Result<Self, Error> {
        available()?;
        // Every RocksDB folder has a CURRENT file.
        if !dir.join("CURRENT").is_file() {
            return Err(Error::Missing(dir.to_path_buf()));
        }
        let lock =
            match OpenOptions::new().read(true).write(true).create(true).truncate(false).open(dir.join(LOCK_FILE)) {
                Ok(file) => Some(file),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                    ) =>
                {
                    File::open(dir.join(LOCK_FILE)).ok()
                }
                Err(e) => return Err(Error::Open { dir: dir.to_path_buf(), cause: e.to_string() }),
            };
        if let Some(file) = &lock {
            match file.try_lock_shared() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(Error::InUse { dir: dir.to_path_buf(), writing: true }),
                Err(TryLockError::Error(e)) => {
                    return Err(Error::Open { dir: dir.to_path_buf(), cause: e.to_string() });
                }
            }
        }
        Ok(Self { store: open_read_only(dir)?, lock })
    }
}

/// A store opened for writing, alone: an exclusive lock keeps every other policykg process out.
/// A new store lives in a hidden sibling folder until [`Writer::finish`] renames it into place;
/// dropped unfinished, the new folder is deleted.
pub struct Writer {
    store: Option<Store>,
    _lock: File,
    /// For a new store: the folder it is built in, and where it goes when finished.
    staging: Option<(PathBuf, PathBuf)>,
}

impl Writer {
    /// Opens the store in `dir` for writing, or starts a new one when `dir` does not exist. Fails
    /// with [`Error::InUse`] while any other policykg process reads or writes it.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        available()?;
        // Permission denied or a read-only file system: a reader could still read it, a writer cannot.
        let open_error = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Error::ReadOnly { dir: dir.to_path_buf(), cause: e.to_string().to_lowercase() }
            }
            _ => Error::Open { dir: dir.to_path_buf(), cause: e.to_string() },
        };
        let (folder, staging) = if dir.exists() {
            (dir.to_path_buf(), None)
        } else {
            let name = dir
                .file_name()
                .ok_or_else(|| Error::Open { dir: dir.to_path_buf(), cause: "not a folder name".to_string() })?;
            let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let folder = parent.join(format!(".{}.loading-{}", name.to_string_lossy(), std::process::id()));
            std::fs::create_dir_all(&folder).map_err(open_error)?;
            (folder.clone(), Some((folder, dir.to_path_buf())))
        };
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(folder.join(LOCK_FILE))
            .map_err(open_error);
        let lock = match lock {
            Ok(file) => match file.try_lock() {
                Ok(()) => file,
                Err(TryLockError::WouldBlock) => return Err(Error::InUse { dir: dir.to_path_buf(), writing: false }),
                Err(TryLockError::Error(e)) => return Err(open_error(e)),
            },
            Err(e) => {
                discard(staging.as_ref());
                return Err(e);
            }
        };
        match open_read_write(&folder) {
            Ok(store) => Ok(Self { store: Some(store), _lock: lock, staging }),
            Err(e) => {
                discard(staging.as_ref());
                Err(match e {
                    Error::Open { cause, .. } => Error::Open { dir: dir.to_path_buf(), cause },
                    e => e,
                })
            }
        }
    }

    /// The store to write.
    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("a Writer holds its store until finished")
    }

    /// Closes the store and, for a new one, renames it into place.
    pub fn finish(mut self) -> Result<(), Error> {
        if let Some(store) = self.store.take() {
            #[cfg(feature = "rocksdb")]
            store.flush()?;
            drop(store);
        }
        if let Some((folder, dir)) = self.staging.take()
            && let Err(e) = std::fs::rename(&folder, &dir)
        {
            discard(Some(&(folder, dir.clone())));
            let cause = if dir.exists() { "another process created it meanwhile".to_string() } else { e.to_string() };
            return Err(Error::Create { dir, cause });
        }
        Ok(())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.store.take());
        discard(self.staging.as_ref());
    }
}

/// Deletes the staging folder of a new store that was not finished.
fn discard(staging: Option<&(PathBuf, PathBuf)>) {
    if let Some((folder, _)) = staging {
        std::fs::remove_dir_all(folder).ok();
    }
}

fn open_read_write(dir: &Path) -> Result<Store, Error> {
    #[cfg(feature = "rocksdb")]
    {
        Store::open(dir).map_err(|e| Error::Open { dir: dir.to_path_buf(), cause: e.to_string() })
    }
    #[cfg(not(feature = "rocksdb"))]
    {
        let _ = dir;
        Err(Error::Unavailable)
    }
}

fn open_read_only(dir: &Path) -> Result<Store, Error> {
    #[cfg(feature = "rocksdb")]
    {
        Store::open_read_only(dir).map_err(|e| Error::Open { dir: dir.to_path_buf(), cause: e.to_string() })
    }
    #[cfg(not(feature = "rocksdb"))]
    {
        let _ = dir;
        Err(Error::Unavailable)
    }
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
        let Err(err) = Writer::open(Path::new("some-store")) else { panic!("a store opened without the feature") };
        let message = err.to_string();
        assert!(message.contains("cargo build --release --features rocksdb"), "{message}");
        assert!(!message.contains('\n'));
    }
}
