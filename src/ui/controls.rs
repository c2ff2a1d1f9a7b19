//! Form controls: [`FieldControl`], the one labelled native control for a
//! form field or a list filter, its error tied to it (`aria-invalid`,
//! `aria-describedby`); [`FormField`], one bound to a [`FormState`]; and
//! the summary of errors shown on a failed submit.

use leptos::prelude::*;
use payments_model::error::FieldError;
use payments_model::vendors::FieldKind;
use payments_model::Message;

use super::{local_input_value, utc_from_local_input};
use crate::language::{k, say, t, t_count, t_with};
use crate::state::FormState;

/// The element id of a field's control.
pub fn control_id(form_id: &str, name: &str) -> String {
    format!("{form_id}-{name}")
}

/// Moves focus to a control by id, once the DOM has caught up, in the page
/// or inside an embedded console's shadow root.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(el) = crate::roots::element_by_id(&id) {
            let _ = el.focus();
        }
    });
}

/// A labelled native control for one form field or list filter, chosen
/// by its kind, with its hint and error tied to it.
#[component]
pub fn FieldControl(
    /// The control's element id.
    #[prop(into)]
    id: String,
    /// The field's or filter's key.
    name: &'static str,
    /// The label, in words.
    #[prop(into)]
    label: String,
    /// The kind of input.
    kind: FieldKind,
    /// The value shown.
    #[prop(into)]
    value: Signal<String>,
    /// Called with a new value.
    on_change: Callback<String>,
    /// The error for this control, if any.
    #[prop(into)]
    error: Signal<Option<Message>>,
    /// Whether the field must be filled.
    #[prop(default = false)]
    required: bool,
    /// An `<input type>` that overrides the kind's (such as "password").
    #[prop(default = None)]
    input_type: Option<&'static str>,
    /// A hint shown under the label.
    #[prop(default = None)]
    hint: Option<String>,
    /// A list filter: "Any" for no value, a search box for text, and a
    /// change applies when the person leaves the control, not per key.
    #[prop(default = false)]
    filter: bool,
) -> impl IntoView {
    let ids = ControlIds::of(&id);
    // Open vocabularies: a datalist for one value, a line of known names
    // for a list.
    let listed: &[&str] = match kind {
        FieldKind::TextList(known) => known,
        _ => &[],
    };
    let invalid = move || error.get().is_some().to_string();
    let described = {
        let (ids, has_hint) = (ids.clone(), hint.is_some());
        move || ids.described_by(has_hint, !listed.is_empty(), error.with(Option::is_some))
    };
    let shape = ControlShape {
        id: id.clone(),
        name,
        kind,
        value,
        on_change,
        required,
        filter,
        invalid: Signal::derive(invalid),
        described: Signal::derive(described),
    };
    let control = match kind {
        FieldKind::Choice(_) | FieldKind::Bool => shape.select().into_any(),
        FieldKind::Flag => shape.checkbox().into_any(),
        FieldKind::DateTime => shape.date_time().into_any(),
        _ => shape.input(input_type).into_any(),
    };
    let class = if kind == FieldKind::Flag {
        "pc-field pc-field--check"
    } else {
        "pc-field"
    };
    let ControlIds {
        error: error_id,
        hint: hint_id,
        known: known_id,
    } = ids;
    view! {
        <div class=class>
            <label for=id.clone()>{label}{required.then(|| format!(" {}", t(k::form::REQUIRED)))}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="pc-hint">{h}</p> })}
            {(!listed.is_empty()).then(|| view! {
                <p id=known_id.clone() class="pc-hint">{t_with(k::form::KNOWN, &[("values", &listed.join(", "))])}</p>
            })}
            {control}
            {move || error.get().map(|m| view! { <p id=error_id.clone() class="pc-field-error">{say(&m)}</p> })}
        </div>
    }
}

/// The ids of the parts a control's `aria-describedby` names.
#[derive(Clone)]
struct ControlIds {
    error: String,
    hint: String,
    known: String,
}

impl ControlIds {
    fn of(id: &str) -> Self {
        ControlIds {
            error: format!("{id}-error"),
            hint: format!("{id}-hint"),
            known: format!("{id}-known"),
        }
    }

    /// What describes the control now: its hint, its known values and
    /// its error, those it has.
    fn described_by(&self, hint: bool, known: bool, error: bool) -> Option<String> {
        let ids: Vec<&str> = [
            (hint, &self.hint),
            (known, &self.known),
            (error, &self.error),
        ]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, id)| id.as_str())
        .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// One control's native element, drawn by its kind.
struct ControlShape {
    id: String,
    name: &'static str,
    kind: FieldKind,
    value: Signal<String>,
    on_change: Callback<String>,
    required: bool,
    filter: bool,
    invalid: Signal<String>,
    described: Signal<Option<String>>,
}

impl ControlShape {
    /// A choice or yes/no: "Any" (a filter) or "—" for no value.
    fn select(self) -> impl IntoView {
        let blank = if self.filter {
            t(k::value::ANY)
        } else {
            "—".to_string()
        };
        let choices: Vec<(&'static str, String)> = match self.kind {
            FieldKind::Choice(options) => options.iter().map(|o| (*o, o.to_string())).collect(),
            FieldKind::Bool => vec![("true", t(k::value::YES)), ("false", t(k::value::NO))],
            _ => Vec::new(),
        };
        let ControlShape {
            value, on_change, ..
        } = self;
        view! {
            <select id=self.id name=self.name required=self.required aria-invalid=self.invalid
                aria-describedby=self.described
                prop:value=value on:change=move |ev| on_change.run(event_target_value(&ev))>
                <option value="">{blank}</option>
                {choices.into_iter().map(|(v, words)| {
                    view! { <option value=v selected=move || value.get() == v>{words}</option> }
                }).collect_view()}
            </select>
        }
    }

    /// A flag: checked is "true", unchecked no value.
    fn checkbox(self) -> impl IntoView {
        let ControlShape {
            value, on_change, ..
        } = self;
        view! {
            <input id=self.id name=self.name type="checkbox" prop:checked=move || value.get() == "true"
                on:change=move |ev| on_change.run(if event_target_checked(&ev) { "true".into() } else { String::new() }) />
        }
    }

    /// A moment, shown in the person's time zone and kept in UTC.
    fn date_time(self) -> impl IntoView {
        let ControlShape {
            value, on_change, ..
        } = self;
        view! {
            <input id=self.id name=self.name type="datetime-local" step="1" required=self.required
                aria-invalid=self.invalid aria-describedby=self.described
                prop:value=move || local_input_value(&value.get())
                on:change=move |ev| on_change.run(utc_from_local_input(&event_target_value(&ev))) />
        }
    }

    /// A text box of the kind's type and keyboard, with the suggested
    /// values of an open vocabulary; a filter applies on leaving it.
    fn input(self, input_type: Option<&'static str>) -> impl IntoView {
        let (ty, mode) = match self.kind {
            FieldKind::Date | FieldKind::Day => ("date", None),
            FieldKind::Amount => ("text", Some("decimal")),
            FieldKind::MinorUnits | FieldKind::WholeNumber => ("text", Some("numeric")),
            _ if self.filter => ("search", None),
            _ => ("text", None),
        };
        let ty = input_type.unwrap_or(ty);
        let suggested: &[&str] = match self.kind {
            FieldKind::Suggest(known) => known,
            _ => &[],
        };
        let list_id = format!("{}-options", self.id);
        let options = (!suggested.is_empty()).then(|| {
            view! {
                <datalist id=list_id.clone()>
                    {suggested.iter().map(|o| view! { <option value=*o></option> }).collect_view()}
                </datalist>
            }
        });
        let list_attr = options.is_some().then_some(list_id);
        let ControlShape {
            value, on_change, ..
        } = self;
        let input = if self.filter {
            view! {
                <input id=self.id name=self.name type=ty inputmode=mode aria-invalid=self.invalid list=list_attr
                    aria-describedby=self.described prop:value=value
                    on:change=move |ev| on_change.run(event_target_value(&ev)) />
            }
            .into_any()
        } else {
            view! {
                <input id=self.id name=self.name type=ty inputmode=mode required=self.required list=list_attr
                    autocomplete="off" aria-invalid=self.invalid aria-describedby=self.described
                    prop:value=value on:input=move |ev| on_change.run(event_target_value(&ev)) />
            }
            .into_any()
        };
        view! { {input}{options} }
    }
}

/// A [`FieldControl`] bound to field `name` of a form.
#[component]
pub fn FormField(
    /// The id prefix of the form, so two forms never share ids.
    form_id: &'static str,
    /// The field's key in values and errors.
    name: &'static str,
    /// The label, in words.
    #[prop(into)]
    label: String,
    /// The kind of input.
    kind: FieldKind,
    /// Whether the field must be filled.
    #[prop(default = false)]
    required: bool,
    /// An `<input type>` that overrides the kind's (such as "password").
    #[prop(default = None)]
    input_type: Option<&'static str>,
    /// A hint shown under the label.
    #[prop(default = None)]
    hint: Option<String>,
    /// The form's state.
    form: RwSignal<FormState>,
) -> impl IntoView {
    let value =
        Signal::derive(move || form.with(|f| f.values.get(name).cloned().unwrap_or_default()));
    let error = Signal::derive(move || form.with(|f| f.errors.get(name).cloned()));
    let on_change = Callback::new(move |v: String| form.update(|f| f.set(name, v)));
    view! {
        <FieldControl id=control_id(form_id, name) name=name label=label kind=kind value=value
            on_change=on_change error=error required=required input_type=input_type hint=hint />
    }
}

/// The list of errors after a failed submit, each a link to its field.
#[component]
pub fn ErrorSummary(
    /// The form's id prefix.
    form_id: &'static str,
    /// The errors, in form order, with their labels.
    errors: Vec<(FieldError, String)>,
    /// A message for the whole form.
    failure: Option<String>,
) -> impl IntoView {
    if errors.is_empty() && failure.is_none() {
        return ().into_any();
    }
    let count = errors.len();
    let heading = match count {
        0 => t(k::form::NOT_SAVED),
        n => t_count(k::form::CORRECT, n, &[]),
    };
    view! {
        <div class="pc-summary" role="alert" tabindex="-1" id=format!("{form_id}-summary")>
            <h3>{heading}</h3>
            {failure.map(|f| view! { <p>{f}</p> })}
            <ul>
                {errors.into_iter().map(|(e, label)| {
                    let id = control_id(form_id, &e.field);
                    let href = format!("#{id}");
                    // The link moves focus itself: inside a shadow root a
                    // `#` link would only change the host page's address.
                    view! { <li><a href=href on:click=move |ev: leptos::ev::MouseEvent| {
                        ev.prevent_default();
                        focus_later(id.clone());
                    }>{label}": "{say(&e.message)}</a></li> }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// A labelled select with options in words.
#[component]
pub fn LabelledSelect(
    /// The control's id.
    id: &'static str,
    /// The label, in words.
    #[prop(into)]
    label: String,
    /// `(value, words)` pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen value.
    value: Signal<String>,
    /// Called with the new value.
    on_change: Callback<String>,
    /// The error for this control, if any.
    #[prop(into)]
    error: Signal<Option<Message>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="pc-field">
            <label for=id>{label}</label>
            <select id=id aria-invalid=move || error.get().is_some().to_string() aria-describedby=described
                prop:value=move || value.get() on:change=move |ev| on_change.run(event_target_value(&ev))>
                {move || options.get().into_iter().map(|(v, words)| {
                    let selected = value.get() == v;
                    view! { <option value=v selected=selected>{words}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p id=error_id.clone() class="pc-field-error">{say(&m)}</p> })}
        </div>
    }
}
