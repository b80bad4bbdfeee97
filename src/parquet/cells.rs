//! Parquet columns as the text cells the CSV rules read: which Arrow types a column of each role may
//! hold, and every value written as the CSV form of the same data would hold it (null → empty cell,
//! floats in Rust's shortest round-trip form, booleans as `true`/`false`).

use std::fmt::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrowPrimitiveType, PrimitiveArray};
use arrow_schema::DataType;

/// What a column is read for, and so which types it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A label or a 0/1 prediction: booleans, numbers (0/1) or text (as in a CSV file).
    Binary,
    /// A score, an observed or predicted count, events or exposure: numbers.
    Number,
    /// A group column: text, integers or booleans.
    Group,
    /// Any other column, kept only in the sample when it can be written as text.
    Other,
}

impl Role {
    /// Whether a column of type `t` can be read for this role.
    pub fn accepts(self, t: &DataType) -> bool {
        let number = t.is_integer() || matches!(t, DataType::Float32 | DataType::Float64);
        let text = is_text(t);
        match self {
            Role::Binary => number || text || matches!(t, DataType::Boolean),
            Role::Number => number,
            Role::Group => text || t.is_integer() || matches!(t, DataType::Boolean),
            Role::Other => number || text || matches!(t, DataType::Boolean | DataType::Date32),
        }
    }

    /// The types the role reads, in words (for the error of a column of another type).
    pub fn allowed(self) -> &'static str {
        match self {
            Role::Binary => "booleans, integers or floats (0/1), or text (0/1, true/false)",
            Role::Number => "integers or floats",
            Role::Group => "text (plain or dictionary-encoded), integers or booleans",
            Role::Other => "numbers, booleans, text or dates",
        }
    }
}

/// Text, or a dictionary of text or integers (how pandas writes a categorical column).
fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, values) => is_text(values) || values.is_integer(),
        _ => false,
    }
}

/// Writes the text of one row's value into a buffer (nothing for a null).
pub type Cell<'a> = Box<dyn Fn(usize, &mut String) + Sync + 'a>;

/// The cell writer of `array`, or `None` for a type no role reads.
pub fn cells(array: &dyn Array) -> Option<Cell<'_>> {
    let nulls = array.logical_nulls();
    let valid = move |i: usize| nulls.as_ref().is_none_or(|n| n.is_valid(i));
    Some(match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            Box::new(move |i, out| {
                if valid(i) {
                    out.push_str(a.value(i))
                }
            })
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            Box::new(move |i, out| {
                if valid(i) {
                    out.push_str(a.value(i))
                }
            })
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            Box::new(move |i, out| {
                if valid(i) {
                    out.push_str(a.value(i))
                }
            })
        }
        DataType::Boolean => {
            let a = array.as_boolean();
            Box::new(move |i, out| {
                if valid(i) {
                    out.push_str(if a.value(i) { "true" } else { "false" })
                }
            })
        }
        DataType::Dictionary(_, _) => {
            let d = array.as_any_dictionary();
            let keys = d.normalized_keys();
            let values = cells(d.values().as_ref())?;
            Box::new(move |i, out| {
                if valid(i) {
                    values(keys[i], out)
                }
            })
        }
        DataType::Date32 => {
            let a = array.as_primitive::<arrow_array::types::Date32Type>();
            Box::new(move |i, out| {
                if valid(i)
                    && let Some(d) =
                        arrow_array::temporal_conversions::date32_to_datetime(a.value(i))
                {
                    let _ = write!(out, "{}", d.date());
                }
            })
        }
        DataType::Int8 => number::<Int8Type>(array),
        DataType::Int16 => number::<Int16Type>(array),
        DataType::Int32 => number::<Int32Type>(array),
        DataType::Int64 => number::<Int64Type>(array),
        DataType::UInt8 => number::<UInt8Type>(array),
        DataType::UInt16 => number::<UInt16Type>(array),
        DataType::UInt32 => number::<UInt32Type>(array),
        DataType::UInt64 => number::<UInt64Type>(array),
        // `{}` of a float is the shortest text that parses back to the same value (of its width).
        DataType::Float32 => number::<Float32Type>(array),
        DataType::Float64 => number::<Float64Type>(array),
        _ => return None,
    })
}

fn number<T>(array: &dyn Array) -> Cell<'_>
where
    T: ArrowPrimitiveType,
    T::Native: std::fmt::Display,
{
    let a: &PrimitiveArray<T> = array.as_primitive::<T>();
    Box::new(move |i, out| {
        if a.is_valid(i) {
            let _ = write!(out, "{}", a.value(i));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, BooleanArray, DictionaryArray, Float32Array, Float64Array};
    use std::sync::Arc;

    fn texts(array: ArrayRef) -> Vec<String> {
        let cell = cells(array.as_ref()).unwrap();
        (0..array.len())
            .map(|i| {
                let mut s = String::new();
                cell(i, &mut s);
                s
            })
            .collect()
    }

    #[test]
    fn values_are_written_as_a_csv_file_holds_them() {
        assert_eq!(
            texts(Arc::new(Float64Array::from(vec![
                Some(0.1),
                None,
                Some(1e-7),
                Some(2.0)
            ]))),
            ["0.1", "", "0.0000001", "2"]
        );
        // A float32 is written at its own width: 0.1f32 is "0.1", not 0.10000000149011612.
        assert_eq!(texts(Arc::new(Float32Array::from(vec![0.1f32]))), ["0.1"]);
        assert_eq!(
            texts(Arc::new(BooleanArray::from(vec![
                Some(true),
                None,
                Some(false)
            ]))),
            ["true", "", "false"]
        );
        let dict: DictionaryArray<Int8Type> =
            vec![Some("Noord"), None, Some("Zuid"), Some("Noord")]
                .into_iter()
                .collect();
        assert_eq!(texts(Arc::new(dict)), ["Noord", "", "Zuid", "Noord"]);
        for t in [0.1f64, 1.0 / 3.0, 123456.789e10, f64::MIN_POSITIVE] {
            let s = texts(Arc::new(Float64Array::from(vec![t])));
            assert_eq!(s[0].parse::<f64>().unwrap(), t, "round trip of {t}");
        }
    }

    #[test]
    fn roles_accept_their_types_only() {
        assert!(Role::Number.accepts(&DataType::Float32));
        assert!(Role::Number.accepts(&DataType::UInt16));
        assert!(!Role::Number.accepts(&DataType::Utf8));
        assert!(!Role::Number.accepts(&DataType::Boolean));
        assert!(Role::Binary.accepts(&DataType::Boolean));
        assert!(Role::Binary.accepts(&DataType::LargeUtf8));
        assert!(Role::Group.accepts(&DataType::Dictionary(
            Box::new(DataType::Int32),
            Box::new(DataType::Utf8)
        )));
        assert!(!Role::Group.accepts(&DataType::Float64));
        assert!(!Role::Other.accepts(&DataType::Binary));
    }
}
