//! Read-your-writes: no page shows a case older than what its user just
//! did or was shown, though KV (which serves reads) may lag a write by a
//! minute on Cloudflare's network.
//!
//! - A command's answer carries the case after it and the events it
//!   appended: the page applies it ([`staff_answer`], [`rep_answer`],
//!   [`job_answer_json`], [`track_answer`]) instead of reading the case again,
//!   so one action is one request. When the answer does not follow on from
//!   what the page shows (someone else wrote in between) the page reads
//!   again, at the answer's version.
//! - The newest version of each case this browser was shown is kept (here
//!   and in `localStorage`), and every read of one case sends it as
//!   `?version=N`: the worker answers from the case's object when KV's copy
//!   is older.
//!
//! One case at a time is kept per page (the case shown); a page opened
//! anew reads from the network ([`forget`]).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use afterloop_domain::view::{PublicEvent, RepCaseView, TechCaseView};
use afterloop_domain::wire::{
    CasePage, CaseView, CommandResult, PublicTimeline, RepCommandResult, TechCommandResult,
    Timeline, TrackView,
};
use afterloop_domain::{CaseId, Event};

use crate::api::{self, ApiError};
use crate::session::Session;

/// The `localStorage` key of the versions seen.
const SEEN_KEY: &str = "afterloop.seen";
/// Cases whose version is remembered (the oldest seen are dropped).
const SEEN_MAX: usize = 200;

/// What a page shows of one case, as read or as a command's answer left it.
struct Shown {
    /// The case (or the link's key, for a customer).
    key: String,
    /// The case's version the timeline is complete up to.
    version: u32,
    /// The page's state: `(view, timeline[, more])`.
    state: Box<dyn Any>,
    /// Whether a command's answer made it (the next load takes it as it is).
    answered: bool,
}

thread_local! {
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
    static SEEN: RefCell<Option<BTreeMap<String, (u32, f64)>>> = const { RefCell::new(None) };
    /// How the job page applies a command's answer (set once it has read a
    /// job: its decoder stays in its chunk, out of the job list).
    static JOB_ANSWERS: Cell<Option<fn(&str)>> = const { Cell::new(None) };
}

fn case_key(id: CaseId) -> String {
    format!("case/{id}")
}

/// A customer's link by the start of its token (the whole token is the
/// link's secret and stays in the address only).
fn link_key(token: &str) -> String {
    format!("link/{}", token.get(..16).unwrap_or(token))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn with_seen<R>(f: impl FnOnce(&mut BTreeMap<String, (u32, f64)>) -> R) -> R {
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        let map = seen.get_or_insert_with(|| {
            storage()
                .and_then(|s| s.get_item(SEEN_KEY).ok().flatten())
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default()
        });
        f(map)
    })
}

/// The newest version of the case under `key` this browser was shown.
fn seen(key: &str) -> Option<u32> {
    with_seen(|map| map.get(key).map(|(v, _)| *v))
}

/// Remembers that version `version` of `key` was shown (a lower one changes nothing).
fn saw(key: &str, version: u32) {
    let json = with_seen(|map| {
        if map.get(key).is_some_and(|(v, _)| *v >= version) {
            return None;
        }
        map.insert(key.to_owned(), (version, js_sys::Date::now()));
        while map.len() > SEEN_MAX {
            let oldest = map
                .iter()
                .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => map.remove(&k),
                None => break,
            };
        }
        serde_json::to_string(map).ok()
    });
    if let (Some(json), Some(s)) = (json, storage()) {
        let _ = s.set_item(SEEN_KEY, &json);
    }
}

/// The newest version of case `id` this browser was shown: what its
/// reads send as `?version=`.
pub fn seen_case(id: CaseId) -> Option<u32> {
    seen(&case_key(id))
}

/// A page showing a case opens: its first load reads from the network.
pub fn forget() {
    SHOWN.with(|s| *s.borrow_mut() = None);
}

fn keep<T: Clone + 'static>(key: String, version: u32, state: &T, answered: bool) {
    saw(&key, version);
    SHOWN.with(|s| {
        *s.borrow_mut() = Some(Shown {
            key,
            version,
            state: Box::new(state.clone()),
            answered,
        })
    });
}

/// What a command's answer left for `key`, if the page has not been read since.
fn answered<T: Clone + 'static>(key: &str) -> Option<T> {
    SHOWN.with(|s| {
        s.borrow()
            .as_ref()
            .filter(|k| k.key == key && k.answered)
            .and_then(|k| k.state.downcast_ref::<T>().cloned())
    })
}

/// The page's state for `key` and the version its timeline reaches, to
/// apply an answer to.
fn shown<T: Clone + 'static>(key: &str) -> Option<(T, u32)> {
    SHOWN.with(|s| {
        s.borrow()
            .as_ref()
            .filter(|k| k.key == key)
            .and_then(|k| k.state.downcast_ref::<T>().cloned().map(|t| (t, k.version)))
    })
}

/// Whether a write's events follow on from a timeline complete up to
/// `version`: its first event is the next one.
fn follows(version: u32, seqs: impl Iterator<Item = u32>) -> bool {
    seqs.min().is_some_and(|first| first == version + 1)
}

/// `timeline` with `events` added after it (none twice).
fn extend<E: Clone>(timeline: &mut Vec<E>, events: &[E], seq: impl Fn(&E) -> u32) {
    let last = timeline.last().map(&seq).unwrap_or(0);
    timeline.extend(events.iter().filter(|e| seq(e) > last).cloned());
}

/// The back office's case page: the case and its timeline.
pub type StaffState = (CaseView, Result<Timeline, ApiError>);

/// The back office's case and timeline: a command's answer as applied, or
/// read (two requests) no older than the newest version seen.
pub async fn staff(session: Session, id: CaseId) -> Result<StaffState, ApiError> {
    let key = case_key(id);
    if let Some(state) = answered::<StaffState>(&key) {
        return Ok(state);
    }
    let at = seen(&key);
    let (view, timeline) = futures_util::future::join(
        api::read_case::<CaseView>(session, id, "", at),
        api::read_case::<Timeline>(session, id, "/events", at),
    )
    .await;
    let view = view?;
    let version = match &timeline {
        Ok(t) => t.events.last().map_or(0, |e| e.seq),
        Err(_) => 0,
    };
    saw(&key, view.case.version);
    keep(key, version, &(view.clone(), timeline.clone()), false);
    Ok((view, timeline))
}

/// Applies a staff command's answer to the case page (call before the
/// page's `changed`): the answer's case, and its events after the timeline.
pub fn staff_answer(result: &CommandResult) {
    let key = case_key(result.case.case.id);
    saw(&key, result.case.case.version);
    let Some(((_, Ok(mut timeline)), version)) = shown::<StaffState>(&key) else {
        return forget();
    };
    if !follows(version, result.events.iter().map(|e| e.seq)) {
        return forget();
    }
    extend(&mut timeline.events, &result.events, |e: &Event| e.seq);
    let reached = timeline.events.last().map_or(0, |e| e.seq);
    // Anything recorded after the answer's events (none the answer knows
    // of) would be missing: read again.
    if reached != result.case.case.version {
        return forget();
    }
    let state: StaffState = (result.case.clone(), Ok(timeline));
    keep(key, reached, &state, true);
}

/// A sales rep's case page: her view and the messages and photos.
pub type RepState = (RepCaseView, Result<PublicTimeline, ApiError>);

/// A sales rep's case and timeline, as [`staff`].
pub async fn rep(session: Session, id: CaseId) -> Result<RepState, ApiError> {
    let key = case_key(id);
    if let Some(state) = answered::<RepState>(&key) {
        return Ok(state);
    }
    let at = seen(&key);
    let (view, timeline) = futures_util::future::join(
        api::read_case::<RepCaseView>(session, id, "", at),
        api::read_case::<PublicTimeline>(session, id, "/events", at),
    )
    .await;
    let view = view?;
    let version = view.case.public.version;
    keep(key, version, &(view.clone(), timeline.clone()), false);
    Ok((view, timeline))
}

/// Applies a sales rep's command answer, as [`staff_answer`].
pub fn rep_answer(result: &RepCommandResult) {
    let key = case_key(result.case.case.public.id);
    let version = result.case.case.public.version;
    saw(&key, version);
    let Some(((_, Ok(mut timeline)), shown_version)) = shown::<RepState>(&key) else {
        return forget();
    };
    if !follows(shown_version, result.events.iter().map(|e| e.seq)) {
        return forget();
    }
    extend(&mut timeline.events, &result.events, |e: &PublicEvent| {
        e.seq
    });
    let state: RepState = (result.case.clone(), Ok(timeline));
    keep(key, version, &state, true);
}

/// A technician's job page: the job, its timeline and the serial's earlier cases.
pub type JobState = (
    TechCaseView,
    Result<Timeline, ApiError>,
    Result<CasePage, ApiError>,
);

/// What a command's answer left for job `id`, if any (the page then makes no request).
pub fn job_answered(id: CaseId) -> Option<JobState> {
    answered::<JobState>(&case_key(id))
}

/// Keeps the job page's state as read from the network.
pub fn job_read(state: &JobState) {
    JOB_ANSWERS.set(Some(job_answer_read));
    let version = state.0.case.version;
    keep(case_key(state.0.case.id), version, state, false);
}

/// Which case a technician's command answer is for, and its version: what
/// every page reads of one (the whole answer only the job page reads).
#[derive(serde::Deserialize)]
struct AnswerHead {
    case: HeadCase,
}

/// The case of an [`AnswerHead`].
#[derive(serde::Deserialize)]
struct HeadCase {
    id: CaseId,
    version: u32,
}

/// Applies the answer to a technician's command sent from the outbox
/// (`json`, a [`TechCommandResult`]), as [`staff_answer`]: its version is
/// remembered; the job page, when it shows that case, decodes the rest.
pub fn job_answer_json(json: &str) {
    let Ok(head) = serde_json::from_str::<AnswerHead>(json) else {
        return forget();
    };
    let key = case_key(head.case.id);
    saw(&key, head.case.version);
    let showing = SHOWN.with(|s| s.borrow().as_ref().is_some_and(|k| k.key == key));
    match JOB_ANSWERS.get() {
        Some(apply) if showing => apply(json),
        _ => forget(),
    }
}

/// [`job_answer`] of an answer's JSON (what the job page registers).
fn job_answer_read(json: &str) {
    match serde_json::from_str::<TechCommandResult>(json) {
        Ok(result) => job_answer(&result),
        Err(_) => forget(),
    }
}

/// Applies the answer to a technician's command to the job page it shows.
fn job_answer(result: &TechCommandResult) {
    let key = case_key(result.case.case.id);
    let version = result.case.case.version;
    saw(&key, version);
    let Some(((_, Ok(mut timeline), earlier), shown_version)) = shown::<JobState>(&key) else {
        return forget();
    };
    if !follows(shown_version, result.events.iter().map(|e| e.seq)) {
        return forget();
    }
    extend(&mut timeline.events, &result.events, |e: &Event| e.seq);
    let state: JobState = (result.case.clone(), Ok(timeline), earlier);
    keep(key, version, &state, true);
}

/// What a customer's link shows, no older than the newest version this
/// browser was shown of it.
pub async fn track(token: &str) -> Result<TrackView, ApiError> {
    let key = link_key(token);
    let view = api::track::get_at(token, seen(&key)).await?;
    saw(&key, view.case.case.version);
    Ok(view)
}

/// The view the customer's page came with from the server, if it is no
/// older than the newest version this browser was shown of the link (KV,
/// which the page was rendered from, may lag their own write); else `None`,
/// and the page reads it with [`track`].
pub fn track_served(token: &str, view: TrackView) -> Option<TrackView> {
    let key = link_key(token);
    if seen(&key).is_some_and(|v| view.case.case.version < v) {
        return None;
    }
    saw(&key, view.case.case.version);
    Some(view)
}

/// The customer's page after their write: `shown` with the answer applied,
/// or (when the answer does not follow on from it) read again at the
/// answer's version.
pub async fn track_answer(
    token: &str,
    shown: Option<TrackView>,
    answer: TrackView,
) -> Result<TrackView, ApiError> {
    let key = link_key(token);
    saw(&key, answer.case.case.version);
    let Some(mut view) = shown else {
        return track(token).await;
    };
    let before = view.case.case.version;
    let joins = answer.events.is_empty() || follows(before, answer.events.iter().map(|e| e.seq));
    if !joins || answer.case.case.version <= before {
        return track(token).await;
    }
    extend(&mut view.events, &answer.events, |e: &PublicEvent| e.seq);
    view.case = answer.case;
    Ok(view)
}
