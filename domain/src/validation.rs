//! Validation failures: which fields are wrong and why, all at once, so a form
//! can show every error beside its field in one round trip.

use serde::{Deserialize, Serialize};

/// One field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as it appears in the request body (`"title"`).
    pub field: String,
    /// A stable machine-readable reason (`"too_short"`), for translation.
    pub code: String,
    /// A readable English sentence.
    pub message: String,
    /// The numbers the sentence names, typed, so each language says them
    /// without reading the English (absent when the code names none).
    #[serde(default, skip_serializing_if = "ErrorParams::is_empty")]
    pub params: ErrorParams,
}

impl FieldError {
    /// A field error.
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
            params: ErrorParams::default(),
        }
    }

    /// The same error with the numbers its sentence names.
    #[must_use]
    pub fn with_params(mut self, params: ErrorParams) -> FieldError {
        self.params = params;
        self
    }
}

/// The numbers of an error, by what they count: `too_long` has `max` (and
/// `actual` when known), `too_large` has `max`, a fault in an uploaded file
/// has its `line`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorParams {
    /// The most the field takes (characters, bytes, units).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    /// How much the input has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<u64>,
    /// The line of an uploaded file at fault (the header is line 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl ErrorParams {
    /// At most `max`.
    pub fn max(max: impl Into<u64>) -> ErrorParams {
        ErrorParams {
            max: Some(max.into()),
            ..ErrorParams::default()
        }
    }

    /// At most `max`, and the input has `actual`.
    pub fn max_actual(max: impl Into<u64>, actual: impl Into<u64>) -> ErrorParams {
        ErrorParams {
            max: Some(max.into()),
            actual: Some(actual.into()),
            line: None,
        }
    }

    /// At `line` of a file.
    pub fn line(line: impl Into<u64>) -> ErrorParams {
        ErrorParams {
            line: Some(line.into()),
            ..ErrorParams::default()
        }
    }

    /// Whether it names no number.
    pub fn is_empty(&self) -> bool {
        *self == ErrorParams::default()
    }
}

/// Input that broke one or more rules; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) are invalid: {}", .fields.len(), .fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", "))]
pub struct ValidationError {
    /// Every field at fault, in the order the form shows them.
    pub fields: Vec<FieldError>,
}

/// Bidirectional formatting characters: embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) and the marks U+200E, U+200F, U+061C.
/// They reorder what a reader sees (`exe.txt` shown for `txt.exe`), so no
/// text we store may carry one.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters that draw nothing: white space, control and format
/// characters, zero-width spaces and joiners (U+200B–U+200D), the word
/// joiner and invisible operators (U+2060–U+206F), the byte order mark,
/// variation selectors, tags, and fillers that render blank.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// The one rule every text a person types obeys, wherever it is stored
/// (titles, notes, reasons, names, addresses, file names): no bidirectional
/// formatting character (`bidi_control`), and at least one character that
/// shows (`invisible`: not only spaces, zero-width characters or fillers).
/// Control characters are the caller's to judge (line breaks in notes).
pub fn visible_text(field: &str, value: &str) -> Result<(), FieldError> {
    if value.chars().any(is_bidi_control) {
        return Err(FieldError::new(
            field,
            "bidi_control",
            "Text direction controls (such as U+202E) are not allowed here.",
        ));
    }
    if value.chars().all(is_invisible) {
        return Err(FieldError::new(
            field,
            "invisible",
            "Enter text with at least one visible character.",
        ));
    }
    Ok(())
}

/// Checks a free text field: trimmed, at most `max` characters, line breaks
/// and tabs only where `multiline`, and [`visible_text`]. Empty is `None`,
/// or `required` when it must be given.
pub fn free_text(
    field: &str,
    value: &str,
    required: bool,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return if required {
            Err(FieldError::new(
                field,
                "required",
                "This field is required.",
            ))
        } else {
            Ok(None)
        };
    }
    let chars = v.chars().count();
    if chars > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("At most {max} characters (this has {chars})."),
        )
        .with_params(ErrorParams::max_actual(max as u64, chars as u64)));
    }
    let bad_control = v
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')));
    if bad_control {
        return Err(FieldError::new(
            field,
            "control_characters",
            "Control characters are not allowed here.",
        ));
    }
    visible_text(field, v)?;
    Ok(Some(v.to_owned()))
}

/// The advice a refused phone number gets (code `invalid`).
pub const PHONE_ADVICE: &str =
    "Enter a mobile number such as 138 1234 5678, a landline with its area code \
     such as 010 1234 5678, or an international number starting with + such as +49 30 1234567.";

/// The one rule for a phone number a person can be called on, on every
/// form (staff intake, the customer's request) and in the API. Spaces,
/// dashes, dots and brackets are only for reading; what counts is:
/// - a Chinese mobile, 11 digits `1[3-9]…` (`138 1234 5678`);
/// - a Chinese landline with its area code, 10 to 12 digits starting with
///   `0` (`010 1234 5678`, `0755-1234-5678`);
/// - an international number (E.164) after `+` or `00`: country code and
///   number, 8 to 15 digits; after `+86` the national part is a mobile or a
///   landline without its leading `0` (which may still be written, `+86 (0)21 …`).
///
/// Empty is `None`; `12345`, `+86 123` and letters are refused.
pub fn phone(field: &str, value: &str) -> Result<Option<String>, FieldError> {
    let Some(v) = free_text(field, value, false, 32, false)? else {
        return Ok(None);
    };
    let refused = || FieldError::new(field, "invalid", PHONE_ADVICE);
    let (plus, rest) = match v.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, v.as_str()),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
    {
        return Err(refused());
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let chinese_mobile =
        |d: &str| d.len() == 11 && d.starts_with('1') && !d[1..2].starts_with(['0', '1', '2']);
    let valid = match international {
        Some(d) => match d.strip_prefix("86") {
            Some(national) => {
                let national = national.strip_prefix('0').unwrap_or(national);
                // A landline: its area code without the 0 (Beijing's is 10).
                chinese_mobile(national)
                    || ((9..=11).contains(&national.len())
                        && (!national.starts_with(['0', '1']) || national.starts_with("10")))
            }
            None => (8..=15).contains(&d.len()) && !d.starts_with('0'),
        },
        None => {
            chinese_mobile(&digits)
                || ((10..=12).contains(&digits.len())
                    && digits.starts_with('0')
                    && !digits.starts_with("00"))
        }
    };
    if valid {
        Ok(Some(v))
    } else {
        Err(refused())
    }
}

/// The field at fault in a JSON body that does not read as a `T`: serde
/// says what is wrong but not where (inside an internally tagged enum such
/// as [`crate::Command`] it cannot know), so this finds the member whose
/// removal changes serde's answer, depth first: `command.amount.currency`
/// for an unknown currency, `customer.priority` for a field the type does
/// not have. Removing a member that reads fine never changes the answer
/// (serde reports the first bad value before any missing one), except an
/// enum's `type` tag, which is named only when nothing else is. `None`
/// when the body reads, or the fault is not in an object member.
pub fn json_fault<T: serde::de::DeserializeOwned>(body: &serde_json::Value) -> Option<FieldError> {
    let reads = |v: &serde_json::Value| serde_json::from_value::<T>(v.clone()).err();
    let first = reads(body)?.to_string();
    let mut budget = 400usize;
    let path = culprit(body, &[], &first, &reads, &mut budget)?;
    let code = if first.starts_with("unknown field") {
        "unknown_field"
    } else {
        "invalid"
    };
    Some(FieldError::new(&path.join("."), code, first))
}

fn culprit(
    root: &serde_json::Value,
    path: &[String],
    first: &str,
    reads: &dyn Fn(&serde_json::Value) -> Option<serde_json::Error>,
    budget: &mut usize,
) -> Option<Vec<String>> {
    const MAX_DEPTH: usize = 8;
    const MAX_MEMBERS: usize = 64;
    let node = path.iter().try_fold(root, |v, k| v.get(k))?;
    let members = node.as_object()?;
    if path.len() >= MAX_DEPTH || members.len() > MAX_MEMBERS {
        return None;
    }
    let mut tag = None;
    let mut changed = Vec::new();
    for key in members.keys() {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let mut without = root.clone();
        let parent = path
            .iter()
            .try_fold(&mut without, |v, k| v.get_mut(k))
            .and_then(serde_json::Value::as_object_mut)?;
        parent.remove(key);
        if reads(&without).is_some_and(|e| e.to_string() == first) {
            continue;
        }
        let mut here = path.to_vec();
        here.push(key.clone());
        if key == "type" && !first.contains("variant") {
            tag = Some(here);
        } else {
            changed.push(here);
        }
    }
    match changed.len() {
        0 => tag,
        // One member at fault: look inside it.
        1 => {
            let here = changed.pop()?;
            culprit(root, &here, first, reads, budget).or(Some(here))
        }
        // Every member matters: the object as a whole is at fault (an
        // amount out of range), unless it is the body itself.
        _ => (!path.is_empty()).then(|| path.to_vec()),
    }
}

/// Collects field errors while parsing several fields, then yields either all
/// of them or the parsed value.
#[derive(Debug, Default)]
pub struct Collector {
    fields: Vec<FieldError>,
}

impl Collector {
    /// Keeps the value, or records the error and yields `None`.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.fields.push(e)).ok()
    }

    /// Ends collection: `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ValidationError> {
        if self.fields.is_empty() {
            if let Some(v) = value() {
                return Ok(v);
            }
        }
        Err(ValidationError {
            fields: self.fields,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(value: &str) -> Option<String> {
        free_text("title", value, true, 200, true)
            .err()
            .map(|e| e.code)
    }

    #[test]
    fn a_json_fault_is_named_by_its_path() {
        use crate::wire::{CommandRequest, PublicRequest};
        let fault = |body: serde_json::Value| json_fault::<CommandRequest>(&body).map(|f| f.field);
        let money = |amount: serde_json::Value| {
            serde_json::json!({"event_id": "evt-00000001", "command": {
                "type": "request_money", "kind": "refund", "amount": amount, "reason": "x"}})
        };
        assert_eq!(
            fault(money(serde_json::json!({"minor": 100, "currency": "XXX"}))).as_deref(),
            Some("command.amount.currency")
        );
        assert_eq!(
            fault(money(serde_json::json!({"minor": 1.5, "currency": "CNY"}))).as_deref(),
            Some("command.amount.minor")
        );
        assert_eq!(
            fault(money(
                serde_json::json!({"minor": 100_000_000_000_000_i64, "currency": "CNY"})
            ))
            .as_deref(),
            Some("command.amount")
        );
        assert_eq!(
            fault(money(serde_json::json!({"minor": 1, "currency": "CNY"}))),
            None
        );
        assert_eq!(
            fault(serde_json::json!({"event_id": "evt-00000001", "command": {"type": "warp"}}))
                .as_deref(),
            Some("command.type")
        );
        assert_eq!(
            fault(serde_json::json!({"event_id": "evt-00000001",
                "command": {"type": "approve_money", "entry": "one"}}))
            .as_deref(),
            Some("command.entry")
        );
        let public = json_fault::<PublicRequest>(&serde_json::json!({
            "kind": "repair", "customer": {"name": "A", "sales_rep": "emma.sales"}
        }))
        .unwrap();
        assert_eq!(public.field, "customer.sales_rep");
        assert_eq!(public.code, "unknown_field");
        let top = json_fault::<PublicRequest>(&serde_json::json!({"priority": "urgent"})).unwrap();
        assert_eq!(top.field, "priority");
    }

    #[test]
    fn phone_numbers_people_can_be_called_on() {
        for fine in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "0086 138 1234 5678",
            "+86 21 6555 0188",
            "+86 (0)21 6555 0188",
            "010 1234 5678",
            "(0755) 1234-5678",
            "021-65550188",
            "+49 30 5550 1234",
            "+61 2 5550 7788",
            "+34 91 555 0199",
            "+1 (415) 555-0132",
            "+44 20 7946 0958",
            "+86 10 8947 2205",
        ] {
            assert_eq!(
                phone("customer.phone", fine),
                Ok(Some(fine.to_owned())),
                "{fine:?}"
            );
        }
        assert_eq!(phone("customer.phone", "  "), Ok(None));
        for bad in [
            "12345",
            "12",
            "1234567",
            "+12345",
            "+86 123",
            "+86 12345678901",
            "23812345678",
            "12812345678",
            "138123456789",
            "0000000000",
            "(415) 555-0132",
            "13812345678 ext 2",
            "138+1234+5678",
            "+0 123 4567 890",
            "1381234567８",
        ] {
            let e = phone("customer.phone", bad).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.code.as_str()),
                ("customer.phone", "invalid"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn text_must_show_something() {
        for blank in [
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{FEFF}\u{2060}",
            "\u{3164}\u{3164}\u{3164}",
            "\u{00AD}\u{034F}",
            "\u{200B} \u{200B}\n\u{200B}",
            "\u{2800}\u{2800}\u{2800}",
            "\u{E0041}\u{E0042}",
        ] {
            assert_eq!(code(blank).as_deref(), Some("invisible"), "{blank:?}");
        }
        for fine in [
            "F07",
            "维修",
            "👩\u{200D}🔧 on site",
            "a\u{200B}b",
            "Müller\u{00AD}straße",
        ] {
            assert_eq!(code(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn text_direction_controls_are_refused() {
        for bidi in [
            "invoice\u{202E}fdp.exe",
            "\u{202A}abc",
            "abc\u{202B}",
            "\u{202C}x",
            "\u{202D}x",
            "x\u{2066}y\u{2069}",
            "x\u{2067}y",
            "x\u{2068}y",
            "left\u{200E}",
            "right\u{200F}",
            "\u{061C}x",
        ] {
            assert_eq!(code(bidi).as_deref(), Some("bidi_control"), "{bidi:?}");
        }
    }
}
