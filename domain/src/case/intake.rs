//! Intake: what is recorded when a case is opened (channel, customer,
//! product, warranty, description) and its validation, which reports every
//! field at fault at once with its path (`customer.phone`).

use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::sla::{Priority, RegionClass};
use crate::time::{Date, Timestamp};
use crate::validation::{free_text, Collector, FieldError, ValidationError};
use crate::wire::CreateCaseRequest;
use crate::{CaseKind, UserId};

/// A case's one-line summary: trimmed, 3 to 120 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Title(String);

impl Title {
    /// Fewest characters a title may have.
    pub const MIN_CHARS: usize = 3;
    /// Most characters a title may have.
    pub const MAX_CHARS: usize = 120;

    /// Parses a title; surrounding whitespace is dropped.
    pub fn parse(text: &str) -> Result<Title, FieldError> {
        let trimmed = text.trim();
        let chars = trimmed.chars().count();
        if chars == 0 {
            return Err(FieldError::new(
                "title",
                "required",
                "Enter a title that says what the case is about.",
            ));
        }
        if chars < Self::MIN_CHARS {
            return Err(FieldError::new(
                "title",
                "too_short",
                format!("The title needs at least {} characters.", Self::MIN_CHARS),
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(FieldError::new(
                "title",
                "too_long",
                format!(
                    "The title can have at most {} characters (it has {chars}).",
                    Self::MAX_CHARS
                ),
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FieldError::new(
                "title",
                "control_characters",
                "The title cannot contain line breaks or control characters.",
            ));
        }
        Ok(Title(trimmed.to_owned()))
    }
}

impl AsRef<str> for Title {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Title {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Title::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Through the customer's sales representative.
    SalesRep,
    /// The service hotline.
    Hotline,
    /// Email.
    Email,
    /// The public web form.
    WebForm,
    /// Reported by a field technician.
    Technician,
}

impl Channel {
    /// Every channel, in the order forms list them.
    pub const ALL: [Channel; 5] = [
        Channel::SalesRep,
        Channel::Hotline,
        Channel::Email,
        Channel::WebForm,
        Channel::Technician,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::SalesRep => "sales_rep",
            Channel::Hotline => "hotline",
            Channel::Email => "email",
            Channel::WebForm => "web_form",
            Channel::Technician => "technician",
        }
    }
}

/// The language the customer is written to in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Language {
    /// Simplified Chinese.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// The customer of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// Name or company name.
    pub name: String,
    /// Phone number as given (digits, spaces, `+`, `-`).
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Where a technician finds the unit (street, building, floor).
    #[serde(default)]
    pub address: Option<String>,
    /// Language for messages.
    pub language: Language,
    /// The sales representative kept informed, if any.
    pub sales_rep: Option<UserId>,
}

/// The product a case is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    /// Model name, e.g. `SUN-10K-G`.
    pub model: String,
    /// The unit's serial number.
    pub serial: Option<String>,
    /// The production batch the serial belongs to.
    pub batch: Option<String>,
    /// When it was bought.
    pub purchase_date: Option<Date>,
    /// The customer's order or invoice reference.
    pub order_ref: Option<String>,
    /// What the customer paid; payouts on the case can never exceed it.
    pub price_paid: Option<Money>,
    /// The warranty period in months.
    pub warranty_months: u16,
}

/// Warranty status, derived from the purchase date and the warranty period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Warranty {
    /// Covered until (and including) `until`.
    InWarranty {
        /// The last covered day.
        until: Date,
    },
    /// Coverage ended on `ended`.
    Expired {
        /// The last covered day.
        ended: Date,
    },
    /// No purchase date: unknown until one is recorded.
    Unknown,
}

impl Warranty {
    /// The warranty of a product bought on `purchased` with `months` of cover, on `today`.
    pub fn on(purchased: Option<Date>, months: u16, today: Date) -> Warranty {
        let Some(purchased) = purchased else {
            return Warranty::Unknown;
        };
        let until = Date::from_days(purchased.plus_months(u32::from(months)).days() - 1);
        if today <= until {
            Warranty::InWarranty { until }
        } else {
            Warranty::Expired { ended: until }
        }
    }

    /// Whether repairs are free.
    pub fn covers(self) -> bool {
        matches!(self, Warranty::InWarranty { .. })
    }
}

/// A validated request to open a case; the worker adds the id, the time and the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCase {
    /// What the case is about.
    pub kind: CaseKind,
    /// The one-line summary.
    pub title: Title,
    /// Where it came from.
    pub channel: Channel,
    /// The customer.
    pub customer: Customer,
    /// The product.
    pub product: Product,
    /// The customer's own words.
    pub description: String,
    /// How urgent it is.
    pub priority: Priority,
    /// Where the customer is, for on-site targets.
    pub region: RegionClass,
}

/// The longest description accepted.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
/// Default warranty period when the request names none.
pub const DEFAULT_WARRANTY_MONTHS: u16 = 24;

fn phone(value: &str) -> Result<Option<String>, FieldError> {
    let Some(v) = free_text("customer.phone", value, false, 32, false)? else {
        return Ok(None);
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let allowed = v
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
    if !allowed || !(5..=20).contains(&digits) {
        return Err(FieldError::new(
            "customer.phone",
            "invalid",
            "Enter a phone number of 5 to 20 digits (spaces, +, - and brackets allowed).",
        ));
    }
    Ok(Some(v))
}

fn email(value: &str) -> Result<Option<String>, FieldError> {
    let Some(v) = free_text("customer.email", value, false, 254, false)? else {
        return Ok(None);
    };
    let valid = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if valid {
        Ok(Some(v))
    } else {
        Err(FieldError::new(
            "customer.email",
            "invalid",
            "Enter an email address such as name@example.com.",
        ))
    }
}

pub(crate) fn enum_field<T: Copy + Serialize + for<'de> Deserialize<'de>>(
    field: &str,
    value: &str,
    default: Option<T>,
    choices: &str,
) -> Result<T, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return default.ok_or_else(|| {
            FieldError::new(field, "required", format!("Choose one of: {choices}."))
        });
    }
    serde_json::from_value(serde_json::Value::String(v.to_owned())).map_err(|_| {
        FieldError::new(
            field,
            "unknown",
            format!("`{v}` is not allowed; choose one of: {choices}."),
        )
    })
}

impl NewCase {
    /// A customer's request through the public form: the intake rules, and
    /// a description of the problem is required (staff may leave it out).
    pub fn parse_public(req: &CreateCaseRequest) -> Result<NewCase, ValidationError> {
        let parsed = NewCase::parse(req);
        if !req.description.trim().is_empty() {
            return parsed;
        }
        let missing = FieldError::new(
            "description",
            "required",
            "Describe the problem so we can help.",
        );
        let mut fields = parsed.err().map(|e| e.fields).unwrap_or_default();
        fields.retain(|f| f.field != "description");
        fields.push(missing);
        Err(ValidationError { fields })
    }

    /// Validates every field of the request and reports all faults together.
    pub fn parse(req: &CreateCaseRequest) -> Result<NewCase, ValidationError> {
        let mut c = Collector::default();
        let kind = c.check(CaseKind::parse(&req.kind));
        let title = c.check(Title::parse(&req.title));
        let channel = c.check(enum_field::<Channel>(
            "channel",
            &req.channel,
            None,
            "sales_rep, hotline, email, web_form, technician",
        ));
        let description = c.check(free_text(
            "description",
            &req.description,
            false,
            MAX_DESCRIPTION_CHARS,
            true,
        ));
        let priority = c.check(enum_field::<Priority>(
            "priority",
            &req.priority,
            Some(Priority::Normal),
            "low, normal, high, urgent",
        ));
        let region = c.check(enum_field::<RegionClass>(
            "region",
            &req.region,
            Some(RegionClass::Other),
            "provincial_capital, other",
        ));

        let cu = &req.customer;
        let name = c.check(free_text("customer.name", &cu.name, true, 120, false));
        let phone = c.check(phone(&cu.phone));
        let email = c.check(email(&cu.email));
        let address = c.check(free_text(
            "customer.address",
            &cu.address,
            false,
            200,
            false,
        ));
        if let (Some(None), Some(None)) = (&phone, &email) {
            c.check::<()>(Err(FieldError::new(
                "customer.phone",
                "contact_required",
                "Give a phone number or an email address so we can reach the customer.",
            )));
        }
        let language = c.check(enum_field::<Language>(
            "customer.language",
            &cu.language,
            Some(Language::ZhCn),
            "zh-CN, en",
        ));
        let sales_rep = if cu.sales_rep.trim().is_empty() {
            Some(None)
        } else {
            c.check(
                UserId::parse(cu.sales_rep.trim())
                    .map(Some)
                    .map_err(|m| FieldError::new("customer.sales_rep", "invalid", m)),
            )
        };

        let p = &req.product;
        let model = c.check(free_text("product.model", &p.model, true, 80, false));
        let serial = c.check(free_text("product.serial", &p.serial, false, 64, false));
        let batch = c.check(free_text("product.batch", &p.batch, false, 64, false));
        let order_ref = c.check(free_text(
            "product.order_ref",
            &p.order_ref,
            false,
            64,
            false,
        ));
        let purchase_date =
            if p.purchase_date.trim().is_empty() {
                Some(None)
            } else {
                c.check(Date::parse(&p.purchase_date).map(Some).map_err(|e| {
                    FieldError::new("product.purchase_date", "invalid", e.to_string())
                }))
            };
        let price_paid = match (&p.price_paid, kind) {
            (Some(m), _) => c.check(
                Currency::parse(&m.currency)
                    .map_err(|e| {
                        FieldError::new("product.price_paid.currency", "unknown", e.to_string())
                    })
                    .and_then(|cur| {
                        Money::new(m.minor, cur).map_err(|e| {
                            FieldError::new(
                                "product.price_paid.minor",
                                "out_of_range",
                                e.to_string(),
                            )
                        })
                    })
                    .and_then(|money| {
                        if money.minor() < 0 {
                            Err(FieldError::new(
                                "product.price_paid.minor",
                                "negative",
                                "The price paid cannot be negative.",
                            ))
                        } else {
                            Ok(Some(money))
                        }
                    }),
            ),
            (None, Some(CaseKind::Return | CaseKind::Refund)) => c.check(Err(FieldError::new(
                "product.price_paid",
                "required",
                "Record what the customer paid: refunds can never exceed it.",
            ))),
            (None, _) => Some(None),
        };
        let warranty_months = match p.warranty_months {
            None => Some(DEFAULT_WARRANTY_MONTHS),
            Some(m) if m <= 240 => Some(m as u16),
            Some(_) => c.check(Err(FieldError::new(
                "product.warranty_months",
                "out_of_range",
                "The warranty period must be 0 to 240 months.",
            ))),
        };

        c.finish(|| {
            Some(NewCase {
                kind: kind?,
                title: title?,
                channel: channel?,
                description: description?.unwrap_or_default(),
                priority: priority?,
                region: region?,
                customer: Customer {
                    name: name??,
                    phone: phone?,
                    email: email?,
                    address: address?,
                    language: language?,
                    sales_rep: sales_rep?,
                },
                product: Product {
                    model: model??,
                    serial: serial?,
                    batch: batch?,
                    purchase_date: purchase_date?,
                    order_ref: order_ref?,
                    price_paid: price_paid?,
                    warranty_months: warranty_months?,
                },
            })
        })
    }

    /// The warranty on the day the case is opened.
    pub fn warranty_at(&self, now: Timestamp) -> Warranty {
        Warranty::on(
            self.product.purchase_date,
            self.product.warranty_months,
            now.date_at_offset(crate::time::CHINA_OFFSET_MINUTES),
        )
    }
}
