//! `/admin` (managers): users and their roles (add, change role, disable),
//! and the rules in force: SLA targets and calendar, approval limits, and
//! the root-cause taxonomy. The API refuses other roles anyway.

use afterloop_domain::access::Role;
use afterloop_domain::case::Language;
use afterloop_domain::sla::RegionClass;
use afterloop_domain::wire::{AdminUser, NewUserRequest, PolicyView, UserChange};
use afterloop_domain::FieldError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::admin::{self as text, Admin};
use crate::i18n::{errors, format, Lang};
use crate::labels;
use crate::session::Session;

const ROLES: [Role; 4] = [Role::Staff, Role::Manager, Role::Technician, Role::SalesRep];

fn role_code(role: Role) -> &'static str {
    match role {
        Role::Technician => "technician",
        Role::Staff => "staff",
        Role::Manager => "manager",
        Role::Customer => "customer",
        Role::SalesRep => "sales_rep",
        Role::System => "system",
    }
}

/// The page: managers only.
#[component]
pub fn AdminPage() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Admin::get(lang);
    let is_manager = session.user().is_some_and(|u| u.role == Role::Manager);
    if !is_manager {
        return view! { <p class="muted" id="admin-refused">{t.managers_only}</p> }.into_any();
    }
    view! {
        <h1>{t.title}</h1>
        <div class="admin">
            <Users/>
            <Policy/>
        </div>
    }
    .into_any()
}

#[component]
fn Users() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Admin::get(lang);
    let reload = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        reload.get();
        api::users(session)
    });
    let message = RwSignal::new(None::<String>);
    let me = session.user().map(|u| u.name);
    view! {
        <section class="panel admin-users" aria-labelledby="admin-users-h">
            <h2 id="admin-users-h">{t.users}</h2>
            <Show when=move || message.get().is_some()>
                <p class="form-error" role="alert">{move || message.get()}</p>
            </Show>
            <Suspense fallback=move || view! { <p class="muted">"…"</p> }>
                {move || {
                    let me = me.clone();
                    users.get().map(move |r| match r {
                        Ok(list) => view! {
                            <div class="table-scroll">
                            <table class="data" id="users-table">
                                <thead><tr>
                                    <th>{t.name}</th><th>{t.display_name}</th><th>{t.role}</th>
                                    <th>{t.language}</th><th>{t.status}</th>
                                </tr></thead>
                                <tbody>
                                    {list.users.into_iter().map(|u| {
                                        let own = me.as_ref() == Some(&u.name);
                                        view! { <UserRow user=u own=own reload=reload message=message/> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error">{errors::api(&e, lang)}</p> }.into_any(),
                    })
                }}
            </Suspense>
            <NewUserForm reload=reload/>
        </section>
    }
}

/// A language by its name in the page's language ("中文", "英文"; "Chinese", "English").
fn language_name(of: Language, lang: Language) -> &'static str {
    match (of, lang) {
        (Language::ZhCn, Language::ZhCn) => "中文",
        (Language::En, Language::ZhCn) => "英文",
        (Language::ZhCn, Language::En) => "Chinese",
        (Language::En, Language::En) => "English",
    }
}

#[component]
fn UserRow(
    user: AdminUser,
    own: bool,
    reload: RwSignal<u32>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Admin::get(lang);
    let name = user.name.clone();
    let change = Action::new_local(move |c: &UserChange| {
        let c = c.clone();
        let name = name.clone();
        async move { api::change_user(session, &name, &c).await }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(_)) => {
            message.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => message.set(Some(errors::api(&e, lang))),
        None => {}
    });
    let disabled = user.disabled;
    let role = user.role;
    let id = user.name.to_string();
    view! {
        <tr data-user=id.clone() class:row-disabled=disabled>
            <td><code>{id.clone()}</code>{own.then(|| view! { " " <span class="muted">"(" {t.you} ")"</span> })}</td>
            <td>{user.display_name}</td>
            <td>
                <select
                    class="user-role"
                    aria-label=t.role
                    disabled=own
                    on:change=move |ev| {
                        change.dispatch(UserChange {
                            role: Some(event_target_value(&ev)),
                            ..UserChange::default()
                        });
                    }
                >
                    {ROLES.into_iter().map(|r| view! {
                        <option value=role_code(r) selected=r == role>{labels::role(r, lang)}</option>
                    }).collect_view()}
                </select>
            </td>
            <td>{language_name(user.language, lang)}</td>
            <td>
                <span class="status-text">{if disabled { t.disabled } else { t.active }}</span>
                " "
                <button
                    type="button"
                    class="toggle-user"
                    disabled=own
                    on:click=move |_| {
                        change.dispatch(UserChange {
                            disabled: Some(!disabled),
                            ..UserChange::default()
                        });
                    }
                >
                    {if disabled { t.enable } else { t.disable }}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn NewUserForm(reload: RwSignal<u32>) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Admin::get(lang);
    let name = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let role = RwSignal::new("staff".to_owned());
    let language = RwSignal::new("zh-CN".to_owned());
    let password = RwSignal::new(String::new());
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let create = Action::new_local(move |req: &NewUserRequest| {
        let req = req.clone();
        async move { api::create_user(session, &req).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            fields.set(vec![]);
            outcome.set(Some(Ok(t.created.to_owned())));
            for s in [name, display, password] {
                s.set(String::new());
            }
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => {
            fields.set(e.fields().to_vec());
            outcome.set(Some(Err(match &e {
                ApiError::Rejected(b) if b.error == "validation_failed" => String::new(),
                other => errors::api(other, lang),
            })));
        }
        None => {}
    });
    let error_of = move |field: &'static str| {
        move || {
            fields
                .get()
                .iter()
                .find(|f| f.field == field)
                .map(|f| errors::field(f, lang))
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        create.dispatch(NewUserRequest {
            name: name.get_untracked().trim().to_owned(),
            display_name: display.get_untracked(),
            role: role.get_untracked(),
            language: language.get_untracked(),
            password: password.get_untracked(),
        });
    };
    let input = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>| {
        let err = error_of(id);
        view! {
            <div class="field">
                <label for=format!("new-user-{id}")>{label}</label>
                <input
                    id=format!("new-user-{id}")
                    type=kind
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    aria-invalid=move || err().is_some().to_string()
                />
                <p class="field-error" id=format!("new-user-{id}-error")>{err}</p>
            </div>
        }
    };
    let role_error = error_of("role");
    view! {
        <form class="new-user" id="new-user-form" on:submit=on_submit novalidate>
            <h3>{t.add_user}</h3>
            <div class="field-row">
                {input("name", t.name, "text", name)}
                {input("display_name", t.display_name, "text", display)}
                <div class="field">
                    <label for="new-user-role">{t.role}</label>
                    <select id="new-user-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        {ROLES.into_iter().map(|r| view! {
                            <option value=role_code(r) selected=r == Role::Staff>{labels::role(r, lang)}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="new-user-role-error">{role_error}</p>
                </div>
                <div class="field">
                    <label for="new-user-language">{t.language}</label>
                    <select id="new-user-language" on:change=move |ev| language.set(event_target_value(&ev))>
                        <option value="zh-CN" selected=true>{language_name(Language::ZhCn, lang)}</option>
                        <option value="en">{language_name(Language::En, lang)}</option>
                    </select>
                </div>
                {input("password", t.password, "password", password)}
            </div>
            <button type="submit" class="primary" disabled=move || create.pending().get()>
                {move || if create.pending().get() { t.creating } else { t.create }}
            </button>
            {move || outcome.get().map(|o| match o {
                Ok(m) => view! { <p class="form-success" role="status">{m}</p> }.into_any(),
                Err(m) if !m.is_empty() => view! { <p class="form-error" role="alert">{m}</p> }.into_any(),
                Err(_) => ().into_any(),
            })}
        </form>
    }
}

#[component]
fn Policy() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let policy = LocalResource::new(move || api::policy(session));
    view! {
        <Suspense fallback=move || view! { <p class="muted">"…"</p> }>
            {move || policy.get().map(|r| match r {
                Ok(p) => view! { <PolicyTables policy=p/> }.into_any(),
                Err(e) => view! { <p class="form-error">{errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn PolicyTables(policy: PolicyView) -> impl IntoView {
    let lang = Lang::current();
    let t = Admin::get(lang);
    let cal = &policy.sla.business;
    let week = text::business_week(
        &cal.workdays,
        cal.open_minute,
        cal.close_minute,
        cal.utc_offset_minutes,
        lang,
    );
    let holidays = cal.holidays.len();
    let limits: Vec<String> = policy
        .approval
        .staff_limits
        .iter()
        .map(|m| format::money(*m, lang))
        .collect();
    view! {
        <section class="panel admin-sla" aria-labelledby="admin-sla-h">
            <h2 id="admin-sla-h">{t.sla}</h2>
            <div class="table-scroll">
            <table class="data" id="sla-table">
                <thead><tr>
                    <th>{t.metric}</th><th>{t.applies_to}</th><th>{t.within}</th><th>{t.counted}</th>
                </tr></thead>
                <tbody>
                    {policy.sla.targets.iter().map(|target| {
                        let scope = [
                            target.kind.map(|k| labels::kind(k, lang).to_owned()),
                            target.priority.map(|p| labels::priority(p, lang).to_owned()),
                            target.region.map(|r| match r {
                                RegionClass::ProvincialCapital => t.region_capital.to_owned(),
                                RegionClass::Other => t.region_other.to_owned(),
                            }),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>();
                        let scope = if scope.is_empty() { t.any.to_owned() } else { scope.join(" · ") };
                        view! {
                            <tr>
                                <td>{labels::metric(target.metric, lang)}</td>
                                <td>{scope}</td>
                                <td>{text::duration(target.within_minutes, lang)}</td>
                                <td>{if target.business_hours { t.business_hours } else { t.all_hours }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <dl class="facts">
                <dt>{t.calendar}</dt>
                <dd>{week}{(holidays > 0).then(|| format!(" · {holidays} {}", t.holidays))}</dd>
                <dt>{t.at_risk}</dt>
                <dd>{format!("{}%", policy.sla.at_risk_percent)}</dd>
            </dl>
        </section>
        <section class="panel admin-approvals" aria-labelledby="admin-approvals-h">
            <h2 id="admin-approvals-h">{t.approvals}</h2>
            <dl class="facts">
                <dt>{t.staff_limit}</dt>
                <dd id="staff-limit">{limits.join(", ")}</dd>
                <dt>{t.intake_owner}</dt>
                <dd><code>{policy.intake_owner.to_string()}</code></dd>
            </dl>
        </section>
        <section class="panel admin-taxonomy" aria-labelledby="admin-taxonomy-h">
            <h2 id="admin-taxonomy-h">{t.taxonomy}</h2>
            <table class="data" id="taxonomy-table">
                <thead><tr><th>{t.code}</th><th>{t.label}</th></tr></thead>
                <tbody>
                    {policy.root_causes.iter().map(|c| {
                        let code = serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                        view! { <tr><td><code>{code}</code></td><td>{labels::root_cause(*c, lang)}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
