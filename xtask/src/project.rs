//! Where things are: the workspace root, its folders, ports.

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;

use anyhow::{Context, Result};

/// The port `up` serves on unless `AFTERLOOP_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 8787;

/// The workspace root (the folder holding this repository).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// The cargo target folder.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// `node_modules/.bin`, put first on PATH for every JS tool.
pub fn node_bin() -> PathBuf {
    root().join("node_modules").join(".bin")
}

/// PATH with the pinned Node tools first.
pub fn path_with_node() -> std::ffi::OsString {
    let mut paths = vec![node_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).expect("PATH entries are valid")
}

/// The port from `AFTERLOOP_PORT`, or the default.
pub fn port_from_env() -> Result<u16> {
    match std::env::var("AFTERLOOP_PORT") {
        Ok(p) => p.parse().context("AFTERLOOP_PORT must be a port number"),
        Err(_) => Ok(DEFAULT_PORT),
    }
}

/// Whether nothing listens on the port on 127.0.0.1.
pub fn port_is_free(port: u16) -> bool {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok()
}

pub use afterloop_devserver::free_port;
