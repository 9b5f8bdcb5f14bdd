//! Hand-written OpenAPI schemas (feature `openapi`) for the value types whose
//! serde impls are hand-written, so a derive cannot see their wire form.
//! Every other wire type derives `utoipa::ToSchema` next to its definition.
//!
//! | type | wire form | schema |
//! |---|---|---|
//! | [`CaseId`] | `"AL-1001"` | string, pattern `^[Aa][Ll]-[0-9]{1,10}$` |
//! | [`UserId`] | `"li.wei"` | string, pattern `^[a-z0-9._-]{2,32}$` |
//! | [`EventId`] | client id | string, pattern `^[A-Za-z0-9:._-]{8,80}$` |
//! | [`Title`] | trimmed text | string, 3-120 characters, no control characters |
//! | [`Date`] | `"2026-03-01"` | string, format `date` |
//! | [`Timestamp`] | ms since epoch | integer, format `int64` |
//! | [`Currency`] | `"CNY"` | string enum of the known codes |
//! | [`Money`] | `{"minor", "currency"}` | closed object, both required |
//!
//! [`SerdeRules`] then closes what the derive leaves open: the variants of
//! enums serde reads strictly, and the bounds of unsigned integers.

use std::borrow::Cow;

use utoipa::openapi::schema::{
    AdditionalProperties, ArrayItems, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType,
    Type,
};
use utoipa::openapi::{OpenApi, Ref, RefOr};
use utoipa::{Modify, Number, PartialSchema, ToSchema};

use crate::case::Title;
use crate::ids::{CaseId, EventId, UserId};
use crate::money::{Currency, Money, MAX_MINOR};
use crate::time::{Date, Timestamp};

/// A string schema with a pattern, length bounds and an example.
fn string(
    description: &str,
    pattern: Option<&str>,
    length: Option<(usize, usize)>,
    example: &str,
) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(description))
        .pattern(pattern)
        .min_length(length.map(|(min, _)| min))
        .max_length(length.map(|(_, max)| max))
        .examples([example])
        .into()
}

/// Implements `ToSchema` with the type's own name (no referenced schemas).
macro_rules! named {
    ($($ty:ident),*) => {$(
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }
        }
    )*};
}

named!(CaseId, UserId, EventId, Title, Date, Timestamp, Currency);

impl PartialSchema for CaseId {
    fn schema() -> RefOr<Schema> {
        string(
            "A case number: `AL-` and its sequence number (the prefix is read case-insensitively).",
            Some("^[Aa][Ll]-[0-9]{1,10}$"),
            None,
            "AL-1001",
        )
    }
}

impl PartialSchema for UserId {
    fn schema() -> RefOr<Schema> {
        string(
            "A login name: 2-32 of `a-z 0-9 . _ -`.",
            Some("^[a-z0-9._-]{2,32}$"),
            None,
            "li.na",
        )
    }
}

impl PartialSchema for EventId {
    fn schema() -> RefOr<Schema> {
        string(
            "The client's id for one write (a replay is applied once): 8-80 of `A-Z a-z 0-9 : . _ -`.",
            Some("^[A-Za-z0-9:._-]{8,80}$"),
            None,
            "0b7d3c1e-6a2f-4a57-9d0e-2f5e4e0c9a11",
        )
    }
}

impl PartialSchema for Title {
    fn schema() -> RefOr<Schema> {
        string(
            "A case's one-line summary: trimmed, 3-120 characters, no control characters.",
            Some("^[^\\x00-\\x1f\\x7f-\\x9f]*$"),
            Some((Title::MIN_CHARS, Title::MAX_CHARS)),
            "Inverter shows error E013",
        )
    }
}

impl PartialSchema for Date {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .description(Some(format!(
                "A civil date `YYYY-MM-DD`, years {} to {}.",
                Date::MIN_YEAR,
                Date::MAX_YEAR
            )))
            .pattern(Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
            .examples(["2026-03-01"])
            .into()
    }
}

impl PartialSchema for Timestamp {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Integer))
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .description(Some("Milliseconds since the Unix epoch, UTC."))
            .examples([1_772_330_400_000_i64])
            .into()
    }
}

impl PartialSchema for Currency {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some("An ISO 4217 code the product handles."))
            .enum_values(Some(Currency::known_codes()))
            .examples(["CNY"])
            .into()
    }
}

impl PartialSchema for Money {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Object))
            .description(Some(
                "An amount in minor units (fen, cents) of one currency; never a float.",
            ))
            .property(
                "minor",
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::Integer))
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                    // As floats: `Number::Int` is an `isize`, 32 bits on wasm32.
                    .minimum(Some(Number::Float(-(MAX_MINOR as f64))))
                    .maximum(Some(Number::Float(MAX_MINOR as f64)))
                    .description(Some("Minor units; negative only in balances.")),
            )
            .required("minor")
            .property("currency", Ref::from_schema_name(Currency::name()))
            .required("currency")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .examples([serde_json::json!({"minor": 129_900, "currency": "CNY"})])
            .into()
    }
}

impl ToSchema for Money {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Money")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Currency::name().into_owned(), Currency::schema()));
    }
}

/// A `Modify` that makes the derived component schemas as strict as serde is:
///
/// - the variants of `Command` (`deny_unknown_fields`; not its unit
///   variant `resume`, which serde reads with any other keys) and of
///   `Status` (externally tagged: exactly one key) get
///   `additionalProperties: false`, which `utoipa` does not derive for enum
///   variants;
/// - unsigned integers get the `maximum` of their Rust type, so a value
///   serde cannot read is invalid, and a standard format (`int32` for `u8`
///   and `u16`, `int64` for `u32`) instead of utoipa's `u-int8` … `u-int32`;
///   `u64` (report counts) gets `int64` and a minimum of 0;
///   in the component schemas and in the inline schemas of parameters and
///   bodies;
/// - tuples (`prefixItems` with `items: false`) get `minItems`: serde
///   writes and reads every element.
///
/// Apply it to every document that holds the domain's schemas:
/// `#[openapi(modifiers(&SerdeRules))]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SerdeRules;

/// Component schemas whose `oneOf` variants admit no other keys, with the
/// tag of those whose unit variants (only the tag) stay open: serde's
/// `deny_unknown_fields` does not reach an internally tagged unit variant
/// (`{"type": "resume", "x": 1}` reads as `Resume`).
const CLOSED_VARIANTS: &[(&str, Option<&str>)] = &[("Command", Some("type")), ("Status", None)];

impl Modify for SerdeRules {
    fn modify(&self, openapi: &mut OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for (name, schema) in components.schemas.iter_mut() {
            let closed = CLOSED_VARIANTS.iter().find(|(closed, _)| closed == name);
            if let (Some((_, tag)), RefOr::T(Schema::OneOf(one_of))) = (closed, &mut *schema) {
                for variant in &mut one_of.items {
                    let RefOr::T(Schema::Object(object)) = variant else {
                        continue;
                    };
                    let unit = tag.is_some_and(|tag| {
                        object.properties.len() == 1 && object.properties.contains_key(tag)
                    });
                    if !unit {
                        object.additional_properties =
                            Some(Box::new(AdditionalProperties::FreeForm(false)));
                    }
                }
            }
            bound_integers(schema);
        }
        // Inline schemas of parameters and bodies: their integers too.
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let parameters = operation.parameters.iter_mut().flatten();
                parameters
                    .filter_map(|p| p.schema.as_mut())
                    .for_each(bound_integers);
                let requests = operation.request_body.iter_mut();
                let request_contents = requests.flat_map(|b| b.content.values_mut());
                let responses = operation.responses.responses.values_mut();
                let response_contents = responses.flat_map(|r| match r {
                    RefOr::T(response) => Some(response.content.values_mut()),
                    RefOr::Ref(_) => None,
                });
                request_contents
                    .chain(response_contents.flatten())
                    .filter_map(|c| c.schema.as_mut())
                    .for_each(bound_integers);
            }
        }
    }
}

/// Sets the `maximum` of every unsigned integer schema inside `schema`.
fn bound_integers(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else {
        return;
    };
    match schema {
        Schema::Object(object) => {
            // The type's maximum, and the standard format that holds it
            // (utoipa writes `u-int8` … `u-int32`, which no tool knows).
            let bound = match &object.format {
                Some(SchemaFormat::KnownFormat(KnownFormat::UInt8)) => {
                    Some((u32::from(u8::MAX), KnownFormat::Int32))
                }
                Some(SchemaFormat::KnownFormat(KnownFormat::UInt16)) => {
                    Some((u32::from(u16::MAX), KnownFormat::Int32))
                }
                Some(SchemaFormat::KnownFormat(KnownFormat::UInt32)) => {
                    Some((u32::MAX, KnownFormat::Int64))
                }
                _ => None,
            };
            if let Some(SchemaFormat::KnownFormat(KnownFormat::UInt64)) = &object.format {
                // Counts in reports: `int64` holds every value they reach;
                // no maximum (`Number::UInt` cannot hold u64::MAX on wasm32).
                object.format = Some(SchemaFormat::KnownFormat(KnownFormat::Int64));
                if object.minimum.is_none() {
                    object.minimum = Some(Number::UInt(0));
                }
            }
            if let Some((max, format)) = bound {
                object.format = Some(SchemaFormat::KnownFormat(format));
                if object.maximum.is_none() {
                    // `Number::UInt` is a `usize`: exact for u32::MAX on wasm32 too.
                    object.maximum = usize::try_from(max).ok().map(Number::UInt);
                }
                if object.minimum.is_none() {
                    object.minimum = Some(Number::UInt(0));
                }
            }
            object.properties.values_mut().for_each(bound_integers);
            if let Some(AdditionalProperties::RefOr(inner)) =
                object.additional_properties.as_deref_mut()
            {
                bound_integers(inner);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                bound_integers(items);
            }
            // A tuple (`prefixItems`, no other items) has all its elements.
            if matches!(array.items, ArrayItems::False) && array.min_items.is_none() {
                array.min_items = Some(array.prefix_items.len());
            }
            for item in &mut array.prefix_items {
                let mut wrapped = RefOr::T(std::mem::take(item));
                bound_integers(&mut wrapped);
                if let RefOr::T(back) = wrapped {
                    *item = back;
                }
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(bound_integers),
        Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(bound_integers),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}
