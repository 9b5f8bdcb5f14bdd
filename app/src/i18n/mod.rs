//! Languages: Simplified Chinese and English, as one typed catalogue (the
//! macros and the customer's and domain values' words live in
//! `afterloop-words`, shared with the worker's server-rendered pages).
//!
//! Every word a page shows comes from a catalogue struct declared with
//! [`crate::catalogue!`]: one field per phrase, filled in both languages, so a
//! missing translation does not compile. Each area of the app keeps its own
//! struct (in its own module here), and reads it with `Texts::get(lang)`.
//! Phrases with values are small functions of those modules built with
//! [`crate::phrase!`], which also takes both languages. Names of domain values
//! (stages, channels…) are in [`crate::labels`]; validation and API errors
//! are translated by their stable codes in [`errors`]. Dates, times and
//! money are formatted by the browser's `Intl` for the chosen language
//! ([`format`]).
//!
//! The language is the user's choice (kept in `localStorage`), else the
//! browser's. Switching re-renders the routed page, so every label changes.

pub mod admin;
pub mod case;
pub mod case_actions;
pub mod cases;
pub mod customer;
pub mod errors;
pub mod format;
pub mod hints;
pub mod intake;
pub mod jobs;
pub mod queues;
pub mod rep;
pub mod reports;
pub mod shell;
pub mod signin;
pub mod timeline;

use afterloop_domain::case::Language;
use leptos::prelude::*;

const STORAGE_KEY: &str = "afterloop.lang";

/// The chosen language, shared through the app's context.
#[derive(Clone, Copy)]
pub struct Lang(RwSignal<Language>);

impl Lang {
    /// Puts the language in context: the stored choice, else the browser's.
    pub fn provide() -> Lang {
        let lang = Lang(RwSignal::new(stored().unwrap_or_else(browser)));
        set_document_lang(lang.0.get_untracked());
        provide_context(lang);
        lang
    }

    /// The language in context (English if none was provided).
    pub fn current() -> Language {
        use_context::<Lang>().map_or(Language::En, |l| l.0.get_untracked())
    }

    /// The language, tracked: a view reading it re-renders on a switch.
    pub fn get(self) -> Language {
        self.0.get()
    }

    /// Switches language and remembers the choice.
    pub fn set(self, lang: Language) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, code(lang));
        }
        set_document_lang(lang);
        self.0.set(lang);
    }

    /// Shows a page in `lang` unless the user chose a language on this
    /// device (a customer's link opens in the language of their request);
    /// not remembered, so it stays the page's default, not a choice.
    pub fn default_to(self, lang: Language) {
        if stored().is_none() && self.0.get_untracked() != lang {
            set_document_lang(lang);
            self.0.set(lang);
        }
    }

    /// The `Lang` in context.
    pub fn expect() -> Lang {
        use_context::<Lang>().expect("Lang::provide runs in App")
    }
}

pub use afterloop_words::code;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored() -> Option<Language> {
    match storage()?.get_item(STORAGE_KEY).ok()??.as_str() {
        "zh-CN" => Some(Language::ZhCn),
        "en" => Some(Language::En),
        _ => None,
    }
}

fn browser() -> Language {
    let lang = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if lang.starts_with("zh") {
        Language::ZhCn
    } else {
        Language::En
    }
}

fn set_document_lang(lang: Language) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", code(lang));
    }
}
