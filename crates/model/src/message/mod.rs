//! What the model, the console's network layer and the gateway say to
//! people, as codes with arguments, never as sentences. Each layer says
//! things in a closed set of its own ([`ModelMessage`],
//! [`NetworkMessage`], [`GatewayMessage`]): each variant a code with
//! named, typed arguments and the catalog text (`msg.<code>`) that words
//! it in every language. Said, it becomes a [`Message`]: the code's text
//! (a [`Key`]) and its arguments, which is what travels, is stored and is
//! worded ([`Message::render`] with a language's [`Speaker`]), so a
//! reader needs no layer's types to word what another layer said. A
//! vendor's own words are [`Message::Said`], shown as written.
//!
//! On the wire a message is `{"code": "required", "args": {"label":
//! "word.amount"}}`: a word argument travels as its catalog key, an inner
//! message as an object, any other argument as text or a number. The
//! gateway adds the English `message` beside them for logs and scripts;
//! the console words it by code only and never reads a sentence back.
//! [`Message`]'s `Display` is its English.

mod gateway;
mod model;
mod network;

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::keys::{English, Key};
use crate::language::fill;

pub use gateway::GatewayMessage;
pub use model::ModelMessage;
pub use network::NetworkMessage;

/// One code of a layer: its catalog text and its arguments' names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub key: Key,
    pub args: &'static [&'static str],
}

impl Code {
    /// The code as it travels (`required` for `msg.required`).
    pub fn name(self) -> &'static str {
        code_of(self.key)
    }
}

/// The code a message's catalog key stands for: the key without `msg.`.
fn code_of(key: Key) -> &'static str {
    let name = crate::keys::wire_name(key).unwrap_or_default();
    name.strip_prefix("msg.").unwrap_or(name)
}

/// An argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is: an id, a name, a reason in a server's own words.
    Text(String),
    /// A number, written as the language writes numbers.
    Number(u64),
    /// A word of the catalog (a field's label), in the language.
    Word(Key),
    /// A message inside this one, worded in the language.
    Message(Box<Message>),
}

impl From<String> for Arg {
    fn from(t: String) -> Arg {
        Arg::Text(t)
    }
}

impl From<Key> for Arg {
    fn from(k: Key) -> Arg {
        Arg::Word(k)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(n)
    }
}

impl From<Box<Message>> for Arg {
    fn from(m: Box<Message>) -> Arg {
        Arg::Message(m)
    }
}

/// A message of `key` with `args` (a layer's code, said).
pub fn coded(key: Key, args: Vec<(&'static str, Arg)>) -> Message {
    Message::Coded {
        key,
        args: args
            .into_iter()
            .map(|(name, arg)| (Cow::Borrowed(name), arg))
            .collect(),
    }
}

/// Declares one layer's messages: the enum, its codes, its catalog
/// texts, and how each becomes a [`Message`].
macro_rules! messages {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $key:expr,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant $({ $($field: $ty),* })?, )*
        }

        impl $name {
            /// Every code of this layer.
            pub const CODES: &'static [$crate::message::Code] = &[
                $( $crate::message::Code { key: $key, args: &[$($(stringify!($field)),*)?] }, )*
            ];

            /// The catalog text that words it.
            pub fn key(&self) -> $crate::keys::Key {
                match self {
                    $( Self::$variant { .. } => $key, )*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::message::Message::from(self.clone()).fmt(f)
            }
        }

        impl From<$name> for $crate::message::Message {
            fn from(m: $name) -> $crate::message::Message {
                let key = m.key();
                $crate::message::coded(key, match m {
                    $( $name::$variant $({ $($field),* })? => {
                        vec![$($( (stringify!($field), $crate::message::Arg::from($field)) ),*)?]
                    } )*
                })
            }
        }
    };
}
pub(crate) use messages;

/// Something said to a person: a code (its catalog text) with its
/// arguments, a text of the catalog, or words someone else wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A layer's code, with its arguments by name.
    Coded {
        key: Key,
        args: Vec<(Cow<'static, str>, Arg)>,
    },
    /// A text of the catalog with no arguments: the console's own words
    /// (a field left blank on its own sign-in form).
    Text(Key),
    /// Words as someone else wrote them, shown as written: a vendor's
    /// error message, or a message of a newer server this console
    /// cannot read.
    Said(String),
}

/// How a message is worded in one language: its catalog's texts and its
/// way of writing numbers.
pub trait Speaker {
    /// The text of `key`, `{name}` placeholders unfilled.
    fn text(&self, key: Key) -> Cow<'_, str>;
    /// A number as the language writes it.
    fn number(&self, n: u64) -> String {
        n.to_string()
    }
}

/// English from the catalog compiled into the model: the server's logs,
/// the gateway's `message`, the simulators' answers.
pub struct InEnglish;

impl Speaker for InEnglish {
    fn text(&self, key: Key) -> Cow<'_, str> {
        match crate::keys::english(key.index()) {
            English::Text(t) => Cow::Borrowed(t),
            English::Forms(forms) => Cow::Borrowed(forms.get("other")),
        }
    }
}

impl Message {
    /// Words as someone else wrote them.
    pub fn said(text: impl Into<String>) -> Message {
        Message::Said(text.into())
    }

    /// The catalog text that words it (`None` for words as written).
    pub fn key(&self) -> Option<Key> {
        match self {
            Message::Coded { key, .. } | Message::Text(key) => Some(*key),
            Message::Said(_) => None,
        }
    }

    /// Its code as it travels: `msg.*`'s code, `text` or `said`.
    pub fn code(&self) -> &'static str {
        match self {
            Message::Coded { key, .. } => code_of(*key),
            Message::Text(_) => "text",
            Message::Said(_) => "said",
        }
    }

    /// Argument `name`, if it has one.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        match self {
            Message::Coded { args, .. } => args.iter().find(|(n, _)| n == name).map(|(_, a)| a),
            _ => None,
        }
    }

    /// The message worded by `speaker`: its text with each argument
    /// filled in (words and inner messages in the same language).
    pub fn render(&self, speaker: &dyn Speaker) -> String {
        match self {
            Message::Said(text) => text.clone(),
            Message::Text(key) => speaker.text(*key).into_owned(),
            Message::Coded { key, args } => {
                let values: Vec<(&str, String)> = args
                    .iter()
                    .map(|(name, arg)| {
                        let value = match arg {
                            Arg::Text(t) => t.clone(),
                            Arg::Number(n) => speaker.number(*n),
                            Arg::Word(k) => speaker.text(*k).into_owned(),
                            Arg::Message(m) => m.render(speaker),
                        };
                        (name.as_ref(), value)
                    })
                    .collect();
                let pairs: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                fill(&speaker.text(*key), &pairs)
            }
        }
    }

    /// The message as it travels: `{"code", "args"}`.
    pub fn to_wire(&self) -> Value {
        let args: Map<String, Value> = match self {
            Message::Coded { args, .. } => args
                .iter()
                .map(|(name, arg)| {
                    let value = match arg {
                        Arg::Text(t) => Value::String(t.clone()),
                        Arg::Number(n) => Value::from(*n),
                        Arg::Word(k) => Value::String(k.name().to_string()),
                        Arg::Message(m) => m.to_wire(),
                    };
                    (name.to_string(), value)
                })
                .collect(),
            Message::Text(k) => {
                Map::from_iter([("key".to_string(), Value::String(k.name().to_string()))])
            }
            Message::Said(text) => {
                Map::from_iter([("text".to_string(), Value::String(text.clone()))])
            }
        };
        let mut out = Map::new();
        out.insert("code".into(), Value::String(self.code().to_string()));
        out.insert("args".into(), Value::Object(args));
        Value::Object(out)
    }

    /// The message a `{"code", "args"}` object holds, when its code is one
    /// of the catalog's (`msg.<code>`, `text` or `said`) and its arguments
    /// are text, numbers or messages; `None` otherwise. A text argument
    /// that names a word of the catalog (`word.amount`) is that word.
    pub fn from_wire(value: &Value) -> Option<Message> {
        let code = value.get("code")?.as_str()?;
        let empty = Map::new();
        let args = match value.get("args") {
            Some(Value::Object(a)) => a,
            None | Some(Value::Null) => &empty,
            Some(_) => return None,
        };
        let text = |name: &str| args.get(name).and_then(Value::as_str);
        match code {
            "text" => return Key::named(text("key")?).map(Message::Text),
            "said" => return text("text").map(Message::said),
            _ => {}
        }
        let key = crate::keys::message(code)?;
        let mut read = Vec::with_capacity(args.len());
        for (name, value) in args {
            let arg = match value {
                Value::String(s) => match Key::named(s).filter(|_| s.starts_with("word.")) {
                    Some(word) => Arg::Word(word),
                    None => Arg::Text(s.clone()),
                },
                Value::Number(n) => Arg::Number(n.as_u64()?),
                Value::Object(_) => Arg::Message(Box::new(Message::from_wire(value)?)),
                _ => return None,
            };
            read.push((Cow::Owned(name.clone()), arg));
        }
        Some(Message::Coded { key, args: read })
    }

    /// The message a server's JSON refusal holds: its code and arguments
    /// when this console knows them, else its English `message` as said.
    pub fn from_refusal(value: &Value) -> Option<Message> {
        Message::from_wire(value).or_else(|| {
            value
                .get("message")
                .and_then(Value::as_str)
                .map(Message::said)
        })
    }

    /// Every code the model, the network layer and the gateway can say.
    pub fn codes() -> impl Iterator<Item = Code> {
        ModelMessage::CODES
            .iter()
            .chain(NetworkMessage::CODES)
            .chain(GatewayMessage::CODES)
            .copied()
    }
}

impl From<Key> for Message {
    fn from(key: Key) -> Message {
        Message::Text(key)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&InEnglish))
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Message, D::Error> {
        let value = Value::deserialize(d)?;
        Message::from_wire(&value)
            .ok_or_else(|| serde::de::Error::custom("not a message this console knows"))
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
