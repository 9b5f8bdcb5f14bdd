//! Every error code the API can answer with has a sentence in the app, in
//! both languages: each code the worker and the domain write (the code of
//! an error body, a refusal or a field error) is matched in the app's
//! `i18n/errors.rs`, whose every phrase is a two-language catalogue entry
//! or `phrase!` (neither compiles with one language missing).

use std::path::{Path, PathBuf};

/// Calls whose first argument is an error code.
const CODE_FIRST: [&str; 4] = [
    "forbidden(",
    "conflict(",
    "AppError::bad(",
    "ErrorBody::new(",
];
/// Calls whose second argument is an error code (the first is the field).
const CODE_SECOND: [&str; 4] = ["conflict_at(", "invalid(", "FieldError::new(", "fault("];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal at the start of `s` (after blanks), if it is a code.
fn code_at(s: &str) -> Option<String> {
    let rest = s.trim_start().strip_prefix('"')?;
    let code = &rest[..rest.find('"')?];
    let is_code = code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    is_code.then(|| code.to_owned())
}

/// What follows the first top-level comma of an argument list.
fn after_first_argument(s: &str) -> Option<&str> {
    let (mut depth, mut quoted) = (0i32, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            ',' if !quoted && depth == 0 => return Some(&s[i + 1..]),
            _ => {}
        }
    }
    None
}

/// Every error code written in `src` (its code before any `#[cfg(test)]`).
fn codes(src: &str) -> Vec<String> {
    let src = src.split("#[cfg(test)]").next().unwrap_or(src);
    let mut found = Vec::new();
    for (i, _) in src.match_indices("code: ") {
        found.extend(code_at(&src[i + 6..]));
    }
    for call in CODE_FIRST {
        for (i, _) in src.match_indices(call) {
            found.extend(code_at(&src[i + call.len()..]));
        }
    }
    for call in CODE_SECOND {
        for (i, _) in src.match_indices(call) {
            found.extend(after_first_argument(&src[i + call.len()..]).and_then(code_at));
        }
    }
    found
}

#[test]
fn every_error_code_the_api_answers_has_a_sentence_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("domain/src"), &mut files);
    rust_files(&root.join("worker/src"), &mut files);
    let mut all: Vec<String> = files
        .iter()
        .flat_map(|f| codes(&std::fs::read_to_string(f).unwrap()))
        .collect();
    all.sort();
    all.dedup();
    assert!(
        all.len() > 80 && all.iter().any(|c| c == "movement_not_found"),
        "the scan finds the codes: {all:?}"
    );
    let phrases = std::fs::read_to_string(root.join("app/src/i18n/errors.rs")).unwrap();
    let matched = &phrases[phrases.find("pub fn field(").expect("fn field")..];
    let missing: Vec<&String> = all
        .iter()
        .filter(|c| !matched.contains(&format!("\"{c}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a sentence in app/src/i18n/errors.rs: {missing:?}"
    );
}
