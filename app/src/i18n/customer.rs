//! The customer's pages: finding a case, its status, messages, the survey
//! and the new-request form. The words are in `afterloop-words` (the worker
//! renders the first paint of these pages with them); the request form's
//! field errors, which lean on the app's error words, are here.

use afterloop_domain::case::Language;
use afterloop_domain::FieldError;

pub use afterloop_words::customer::*;

use super::errors;

/// A fault of the request form in the customer's own terms (the domain's
/// sentences speak of "the customer" and of a title they never typed);
/// anything else as every form says it.
pub fn field_error(e: &FieldError, lang: Language) -> String {
    use crate::phrase;
    let phrase = match (e.field.as_str(), e.code.as_str()) {
        ("product.model", "required") => phrase!(
            lang,
            "Tell us the model: it is on the label of the unit.",
            "请填写型号：在设备的铭牌上。"
        ),
        ("description", "required") => phrase!(
            lang,
            "Tell us what is wrong, in a few words.",
            "请简单描述出现的问题。"
        ),
        ("customer.name", "required") => phrase!(lang, "Tell us your name.", "请填写您的姓名。"),
        ("customer.phone", "contact_required") => phrase!(
            lang,
            "Give us a phone number or an email so we can reach you.",
            "请留下电话或邮箱，方便我们联系您。"
        ),
        ("title", _) => phrase!(
            lang,
            "Tell us the model and what is wrong in a few more words.",
            "请再多写几个字，说明型号和出现的问题。"
        ),
        _ => return errors::field(e, lang),
    };
    phrase
}
