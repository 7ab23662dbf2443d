//! The explorer's files, compiled into the binary: our own page, script and style from `web/`,
//! and YASGUI's built script and style when `web/node_modules` held them at build time (see
//! `build.rs`). Nothing is fetched from elsewhere: the pages work with the network unplugged.

use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{Service, text};

const INDEX: &str = include_str!("../../web/index.html");
const SCRIPT: &str = include_str!("../../web/app.js");
const STYLE: &str = include_str!("../../web/app.css");

#[cfg(yasgui)]
const YASGUI: Option<(&[u8], &[u8])> = Some((
    include_bytes!(concat!(env!("OUT_DIR"), "/yasgui.min.js")),
    include_bytes!(concat!(env!("OUT_DIR"), "/yasgui.min.css")),
));
#[cfg(not(yasgui))]
const YASGUI: Option<(&[u8], &[u8])> = None;

/// Whether YASGUI was built into this binary.
pub fn has_yasgui() -> bool {
    YASGUI.is_some()
}

pub fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/", get(|| async { page(INDEX) }))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", SCRIPT.as_bytes()) }))
        .route("/app.css", get(|| async { asset("text/css; charset=utf-8", STYLE.as_bytes()) }))
        .route("/yasgui/yasgui.min.js", get(|| async { yasgui(0) }))
        .route("/yasgui/yasgui.min.css", get(|| async { yasgui(1) }))
}

fn page(html: &'static str) -> Response {
    let html = html.replace("{{yasgui}}", if has_yasgui() { "true" } else { "false" });
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

fn asset(media: &'static str, body: &'static [u8]) -> Response {
    ([(header::CONTENT_TYPE, media), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

fn yasgui(which: usize) -> Response {
    match YASGUI {
        Some((js, _)) if which == 0 => asset("text/javascript; charset=utf-8", js),
        Some((_, css)) => asset("text/css; charset=utf-8", css),
        None => text(StatusCode::NOT_FOUND, "YASGUI was not built into this binary: run `npm ci` in web/ and rebuild"),
    }
}
