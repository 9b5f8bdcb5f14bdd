//! Words people read, in English and Simplified Chinese, for the app and
//! the worker alike: the worker renders the customer's pages on the server
//! with the same phrases the app then shows, so both say the same thing in
//! the same words.
//!
//! Every phrase is a field of a catalogue struct declared with
//! [`catalogue!`], filled in both languages (a missing translation does
//! not compile); phrases with values are built with [`phrase!`]. [`labels`]
//! names domain values (kinds, stages, states), [`customer`] holds the
//! customer's pages' words, [`format`] writes dates, times and money by
//! `Intl` (the browser's or workerd's, both V8 with ICU). Plain Rust and
//! `js-sys`: no Leptos, no worker.
#![deny(missing_docs)]

pub mod customer;
pub mod format;
pub mod labels;
pub mod page;

pub use afterloop_domain::case::Language;

/// Declares a catalogue: a struct with one `&'static str` per phrase and
/// `get(lang)` returning the phrases in that language.
///
/// ```ignore
/// catalogue! {
///     /// The sign-in page.
///     pub SignIn {
///         title: "Sign in", "登录";
///     }
/// }
/// ```
#[macro_export]
macro_rules! catalogue {
    ($(#[$doc:meta])* pub $name:ident { $($(#[$fdoc:meta])* $field:ident: $en:expr, $zh:expr;)* }) => {
        $(#[$doc])*
        #[allow(missing_docs)]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: &'static str, )*
        }

        impl $name {
            /// The phrases in `lang`.
            pub fn get(lang: $crate::Language) -> &'static $name {
                match lang {
                    $crate::Language::En => &$name { $($field: $en,)* },
                    $crate::Language::ZhCn => &$name { $($field: $zh,)* },
                }
            }
        }
    };
}

/// A phrase with values, in both languages: the English and the Chinese
/// format strings, then any arguments (or variables captured by name).
///
/// ```ignore
/// pub fn since(lang: Language, when: &str) -> String {
///     phrase!(lang, "since {when}", "自 {when} 起")
/// }
/// ```
#[macro_export]
macro_rules! phrase {
    ($lang:expr, $en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::Language::En => format!($en $(, $arg)*),
            $crate::Language::ZhCn => format!($zh $(, $arg)*),
        }
    };
}

/// `zh-CN` or `en`, as HTML and `Intl` want it.
pub const fn code(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "zh-CN",
        Language::En => "en",
    }
}

/// The language a request's `Accept-Language` header asks for first among
/// those we write (`zh-CN;q=0.8, en;q=0.9` is English); `None` when it
/// names neither (or is malformed), so the caller picks the default.
pub fn negotiate(accept_language: &str) -> Option<Language> {
    let mut best: Option<(u16, Language)> = None;
    for item in accept_language.split(',') {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(parse_tag) else {
            continue;
        };
        let mut weight = 1000u16;
        for param in parts {
            if let Some(q) = param.trim().strip_prefix("q=") {
                weight = match q.trim().parse::<f32>() {
                    Ok(q) if (0.0..=1.0).contains(&q) => (q * 1000.0).round() as u16,
                    _ => 0,
                };
            }
        }
        if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

/// The language of a tag such as `zh-CN`, `zh`, `en-GB` (case-insensitive):
/// Chinese for any `zh`, English for any `en`, `None` for anything else.
pub fn parse_tag(tag: &str) -> Option<Language> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "zh" => Some(Language::ZhCn),
        "en" => Some(Language::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{negotiate, parse_tag, Language};

    #[test]
    fn tags_name_a_language() {
        assert_eq!(parse_tag("zh-CN"), Some(Language::ZhCn));
        assert_eq!(parse_tag("ZH"), Some(Language::ZhCn));
        assert_eq!(parse_tag("en-GB"), Some(Language::En));
        assert_eq!(parse_tag("fr"), None);
        assert_eq!(parse_tag(""), None);
    }

    #[test]
    fn accept_language_picks_the_preferred_language_we_write() {
        assert_eq!(negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Some(Language::ZhCn));
        assert_eq!(
            negotiate("fr-FR, en-US;q=0.7, zh;q=0.5"),
            Some(Language::En)
        );
        assert_eq!(negotiate("zh;q=0.4, en;q=0.9"), Some(Language::En));
        assert_eq!(negotiate("en;q=0, zh-TW"), Some(Language::ZhCn));
        assert_eq!(negotiate("fr, de"), None);
        assert_eq!(negotiate(""), None);
        assert_eq!(negotiate("en;q=abc"), None);
    }
}
