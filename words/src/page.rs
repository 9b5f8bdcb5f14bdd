//! Which of the customer's pages a path shows: one rule for the worker,
//! which renders the page's first paint, and the app, which takes it over.

/// A page of the customer's bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/track/{token}`: a case through its link.
    Status(String),
    /// `/request`: the new-request form.
    Request,
    /// `/track` (and anything else): find a case by number.
    Find,
}

impl Page {
    /// The page of a path (a trailing `/` ignored).
    pub fn of(path: &str) -> Page {
        let path = path.trim_end_matches('/');
        if path == "/request" {
            return Page::Request;
        }
        match path.strip_prefix("/track/") {
            Some(token) if !token.is_empty() && !token.contains('/') => {
                Page::Status(token.to_owned())
            }
            _ => Page::Find,
        }
    }
}

/// The id of the `<script type="application/json">` in which the worker
/// hands the page's data (`/track/{token}`: the `TrackView`) to the app.
pub const DATA_ID: &str = "page-data";

/// The attribute the worker puts on every element it renders, which the
/// app removes when it mounts its own.
pub const SERVER_RENDERED: &str = "data-ssr";

/// The attribute the app sets on `<body>` once it has taken the page over.
pub const READY: &str = "data-ready";

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn paths_name_their_page() {
        assert_eq!(Page::of("/request"), Page::Request);
        assert_eq!(Page::of("/request/"), Page::Request);
        assert_eq!(Page::of("/track"), Page::Find);
        assert_eq!(Page::of("/track/"), Page::Find);
        assert_eq!(Page::of("/track/ab12"), Page::Status("ab12".into()));
        assert_eq!(Page::of("/track/ab12/"), Page::Status("ab12".into()));
        assert_eq!(Page::of("/track/a/b"), Page::Find);
    }
}
