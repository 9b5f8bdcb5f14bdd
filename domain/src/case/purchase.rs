//! Confirming the purchase: staff record what the company's records show
//! (the price paid, the purchase date, the warranty period), which the
//! customer's own statement at intake never decides.

use super::error::{conflict_at, invalid};
use super::{Case, CaseError, CaseKind, Change, Policy};
use crate::flow::money::rules::in_case_currency;
use crate::flow::money::{customer_paid, payouts_committed};
use crate::money::Money;
use crate::time::{Timestamp, CHINA_OFFSET_MINUTES};
use crate::validation::{FieldError, ValidationError};
use crate::Warranty;

/// Staff record the purchase as the company's records show it: the
/// intake's purchase rules ([`super::intake::check_purchase`]), a price in
/// the case's currency that still covers every payout committed, and a
/// price for every return and refund. The warranty is worked out again as
/// of the day the case was opened.
pub(crate) fn confirm_purchase(
    case: &Case,
    policy: &Policy,
    purchase_date: Option<crate::Date>,
    price_paid: Option<Money>,
    warranty_months: Option<u16>,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    super::lifecycle::refuse_if_closed(case)?;
    let today = now.date_at_offset(CHINA_OFFSET_MINUTES);
    let date = purchase_date.or(case.product.purchase_date);
    let months = warranty_months.unwrap_or(case.product.warranty_months);
    let mut fields = Vec::new();
    let months = match super::intake::check_purchase(date, u32::from(months), today) {
        Ok(m) => m,
        Err(faults) => {
            fields.extend(faults);
            months
        }
    };
    let price = price_paid.or(case.product.price_paid);
    if let Some(p) = price_paid {
        if p.minor() < 0 {
            fields.push(FieldError::new(
                "price_paid.minor",
                "negative",
                "The price paid cannot be negative.",
            ));
        } else if case.carries_money() {
            if let Err(CaseError::Invalid(v)) = in_case_currency(case, policy, "price_paid", p) {
                fields.extend(v.fields);
            }
        }
    }
    if price.is_none() && matches!(case.kind(), CaseKind::Return | CaseKind::Refund) {
        fields.push(FieldError::new(
            "price_paid",
            "required",
            "Record what the customer paid: refunds can never exceed it.",
        ));
    }
    if !fields.is_empty() {
        return Err(CaseError::Invalid(ValidationError { fields }));
    }
    if let Some(p) = price_paid {
        let money_err =
            |e: crate::money::MoneyError| invalid("price_paid", "out_of_range", e.to_string());
        let paid = customer_paid(p, &case.money).map_err(money_err)?;
        let committed = payouts_committed(p.currency(), &case.money).map_err(money_err)?;
        if committed.minor() > paid.minor() {
            return Err(conflict_at(
                "price_paid",
                "below_payouts",
                format!("Payouts of {committed} are already committed, more than {paid}."),
            ));
        }
    }
    let opened = case.created_at.date_at_offset(CHINA_OFFSET_MINUTES);
    let warranty = Warranty::on(date, months, opened);
    let unchanged = case.product.basis.is_records()
        && date == case.product.purchase_date
        && price == case.product.price_paid
        && months == case.product.warranty_months;
    if unchanged {
        return Ok(vec![]);
    }
    Ok(vec![Change::PurchaseConfirmed {
        purchase_date: date,
        price_paid: price,
        warranty_months: months,
        warranty,
    }])
}
