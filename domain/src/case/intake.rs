//! Intake: what is recorded when a case is opened (channel, customer,
//! product, warranty, description) and its validation, which reports every
//! field at fault at once with its path (`customer.phone`).

use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::sla::{Priority, RegionClass};
use crate::time::{Date, Timestamp};
use crate::validation::{
    free_text, visible_text, Collector, ErrorParams, FieldError, ValidationError,
};
use crate::wire::{CreateCaseRequest, MoneyInput, PublicRequest};
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
            )
            .with_params(ErrorParams::max_actual(
                Self::MAX_CHARS as u64,
                chars as u64,
            )));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FieldError::new(
                "title",
                "control_characters",
                "The title cannot contain line breaks or control characters.",
            ));
        }
        visible_text("title", trimmed)?;
        Ok(Title(trimmed.to_owned()))
    }
}

impl AsRef<str> for Title {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A stored title reads back as it was stored: it passed [`Title::parse`]
/// when it was written, and a rule tightened since must not make a stored
/// case unreadable. Titles from clients arrive as plain strings
/// ([`CreateCaseRequest`], [`PublicRequest`]) and meet `parse` there.
impl<'de> Deserialize<'de> for Title {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().is_empty() {
            return Err(serde::de::Error::custom("a title cannot be empty"));
        }
        Ok(Title(text))
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
    /// What the customer paid, from the company's records; payouts on the
    /// case can never exceed it.
    pub price_paid: Option<Money>,
    /// What the customer says they paid (the public form): shown, and
    /// never a cap on payouts until staff record `price_paid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_price: Option<Money>,
    /// The warranty period in months.
    pub warranty_months: u16,
    /// Whether the purchase date is the company's record or only the
    /// customer's word.
    #[serde(default, skip_serializing_if = "PurchaseBasis::is_records")]
    pub basis: PurchaseBasis,
}

/// Where a product's purchase facts (date, price) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PurchaseBasis {
    /// Staff entered or confirmed them.
    #[default]
    Records,
    /// Only the customer's statement on the public form: the warranty it
    /// gives is shown as stated and never decides cover until staff confirm
    /// the purchase ([`crate::Command::ConfirmPurchase`]).
    CustomerStatement,
}

impl PurchaseBasis {
    /// Whether the facts are the company's records.
    pub fn is_records(&self) -> bool {
        *self == PurchaseBasis::Records
    }
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
    /// The last covered day of a product bought on `purchased` with
    /// `months` of cover; `None` when it falls outside the dates a case can
    /// hold (intake and [`check_purchase`] refuse such a purchase).
    pub fn last_day(purchased: Date, months: u16) -> Option<Date> {
        purchased.plus_months(u32::from(months))?.plus_days(-1)
    }

    /// The warranty of a product bought on `purchased` with `months` of
    /// cover, on `today`. Saturating: a cover that would end after
    /// [`Date::MAX`] (or before [`Date::MIN`]) ends there.
    pub fn on(purchased: Option<Date>, months: u16, today: Date) -> Warranty {
        let Some(purchased) = purchased else {
            return Warranty::Unknown;
        };
        let until = Warranty::last_day(purchased, months).unwrap_or(if months == 0 {
            Date::MIN
        } else {
            Date::MAX
        });
        if today <= until {
            Warranty::InWarranty { until }
        } else {
            Warranty::Expired { ended: until }
        }
    }

    /// Whether the dates alone say repairs are free (a case asks
    /// [`crate::Case::in_warranty`], which also weighs where the dates come from).
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
/// The longest warranty period accepted, in months (20 years).
pub const MAX_WARRANTY_MONTHS: u16 = 240;
/// The earliest purchase year accepted.
pub const EARLIEST_PURCHASE_YEAR: i32 = 1990;
/// Days a purchase date may lie after the company's today: a customer
/// east of China may already be on tomorrow.
pub const PURCHASE_SLACK_DAYS: i32 = 1;

/// The purchase rules, one place for intake and for staff confirming a
/// purchase: the date is not before [`EARLIEST_PURCHASE_YEAR`] nor after
/// `today` (plus [`PURCHASE_SLACK_DAYS`]), the period is at most
/// [`MAX_WARRANTY_MONTHS`], and the cover they give ends on a date a case
/// can hold. Faults name `purchase_date` and `warranty_months`; the caller
/// puts them under its path (`product.`).
pub fn check_purchase(
    date: Option<Date>,
    months: u32,
    today: Date,
) -> Result<u16, Vec<FieldError>> {
    let mut faults = Vec::new();
    let date_field = "purchase_date";
    let months_field = "warranty_months";
    let earliest = Date::from_ymd(EARLIEST_PURCHASE_YEAR, 1, 1).unwrap_or(Date::MIN);
    if let Some(d) = date {
        if d < earliest {
            faults.push(FieldError::new(
                date_field,
                "too_early",
                format!("A purchase date is {EARLIEST_PURCHASE_YEAR}-01-01 or later."),
            ));
        } else if d > today.saturating_plus_days(PURCHASE_SLACK_DAYS) {
            faults.push(FieldError::new(
                date_field,
                "in_future",
                "The purchase date is in the future.",
            ));
        }
    }
    let months = match u16::try_from(months) {
        Ok(m) if m <= MAX_WARRANTY_MONTHS => m,
        _ => {
            faults.push(FieldError::new(
                months_field,
                "out_of_range",
                format!("The warranty period must be 0 to {MAX_WARRANTY_MONTHS} months."),
            ));
            return Err(faults);
        }
    };
    if let Some(d) = date.filter(|_| faults.is_empty()) {
        if Warranty::last_day(d, months).is_none() {
            faults.push(FieldError::new(
                months_field,
                "out_of_range",
                "The warranty would end beyond the dates we can record.",
            ));
        }
    }
    if faults.is_empty() {
        Ok(months)
    } else {
        Err(faults)
    }
}

/// Money a form sends (a price): a known currency, within range, not negative.
fn price(field: &str, m: &MoneyInput) -> Result<Money, FieldError> {
    let cur = Currency::parse(&m.currency)
        .map_err(|e| FieldError::new(&format!("{field}.currency"), "unknown", e.to_string()))?;
    let money = Money::new(m.minor, cur)
        .map_err(|e| FieldError::new(&format!("{field}.minor"), "out_of_range", e.to_string()))?;
    if money.minor() < 0 {
        return Err(FieldError::new(
            &format!("{field}.minor"),
            "negative",
            "The price paid cannot be negative.",
        ));
    }
    Ok(money)
}

/// Who fills in an intake: the rules differ only where the public form
/// knows less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Staff, technicians and sales reps (`POST /cases`).
    Staff,
    /// A customer on the public form (`POST /public/requests`).
    Public,
}

fn phone(value: &str) -> Result<Option<String>, FieldError> {
    crate::validation::phone("customer.phone", value)
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
    /// A customer's request through the public form: only what a customer
    /// can know, parsed with the intake's rules. The kind is a repair or a
    /// return; a description is required; priority, region, sales rep,
    /// batch and warranty period take their defaults; the purchase date and
    /// price are the customer's statement ([`PurchaseBasis::CustomerStatement`]),
    /// never a price paid.
    pub fn parse_public(req: &PublicRequest, today: Date) -> Result<NewCase, ValidationError> {
        let staff_shaped = CreateCaseRequest {
            kind: req.kind.clone(),
            title: req.title.clone(),
            channel: Channel::WebForm.as_str().to_owned(),
            description: req.description.clone(),
            priority: String::new(),
            region: String::new(),
            customer: crate::wire::CustomerInput {
                name: req.customer.name.clone(),
                phone: req.customer.phone.clone(),
                email: req.customer.email.clone(),
                address: req.customer.address.clone(),
                language: req.customer.language.clone(),
                sales_rep: String::new(),
            },
            product: crate::wire::ProductInput {
                model: req.product.model.clone(),
                serial: req.product.serial.clone(),
                batch: String::new(),
                purchase_date: req.product.purchase_date.clone(),
                order_ref: req.product.order_ref.clone(),
                price_paid: req.product.stated_price.clone(),
                warranty_months: None,
            },
        };
        NewCase::parse_as(&staff_shaped, today, Origin::Public)
    }

    /// Validates every field of a staff intake on `today` (the company's
    /// day, China time) and reports all faults together.
    pub fn parse(req: &CreateCaseRequest, today: Date) -> Result<NewCase, ValidationError> {
        NewCase::parse_as(req, today, Origin::Staff)
    }

    fn parse_as(
        req: &CreateCaseRequest,
        today: Date,
        origin: Origin,
    ) -> Result<NewCase, ValidationError> {
        let public = origin == Origin::Public;
        let mut c = Collector::default();
        let kind = c.check(CaseKind::parse(&req.kind).and_then(|k| match (k, origin) {
            (CaseKind::Refund, Origin::Public) => Err(FieldError::new(
                "kind",
                "not_public",
                "Choose a repair or a return; our staff arrange refunds.",
            )),
            _ => Ok(k),
        }));
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
            public,
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
        let price_field = if public {
            "product.stated_price"
        } else {
            "product.price_paid"
        };
        let price = match (&p.price_paid, kind, origin) {
            (Some(m), _, _) => c.check(price(price_field, m).map(Some)),
            (None, Some(CaseKind::Return | CaseKind::Refund), Origin::Staff) => {
                c.check(Err(FieldError::new(
                    "product.price_paid",
                    "required",
                    "Record what the customer paid: refunds can never exceed it.",
                )))
            }
            (None, _, _) => Some(None),
        };
        let months = p
            .warranty_months
            .unwrap_or(u32::from(DEFAULT_WARRANTY_MONTHS));
        let warranty_months = match check_purchase(purchase_date.flatten(), months, today) {
            Ok(m) => Some(m),
            Err(faults) => {
                for mut f in faults {
                    f.field = format!("product.{}", f.field);
                    c.check::<()>(Err(f));
                }
                None
            }
        };

        c.finish(|| {
            let price = price?;
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
                    price_paid: if public { None } else { price },
                    stated_price: if public { price } else { None },
                    warranty_months: warranty_months?,
                    basis: if public {
                        PurchaseBasis::CustomerStatement
                    } else {
                        PurchaseBasis::Records
                    },
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
