//! The interner against a map of names to ids.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ids_are_the_order_names_are_first_seen(
        names in prop::collection::vec("[a-c]{0,3}|C0[0-9]{4}|é[a-b]", 0..400),
        reserve in 0usize..100,
    ) {
        let mut ids = Interner::default();
        ids.reserve(reserve);
        let mut oracle: HashMap<&str, u32> = HashMap::new();
        for name in &names {
            let next = u32::try_from(oracle.len()).unwrap();
            let want = *oracle.entry(name.as_str()).or_insert(next);
            prop_assert_eq!(ids.intern(name).unwrap(), want);
        }
        prop_assert_eq!(ids.len(), oracle.len());
        for (name, id) in &oracle {
            prop_assert_eq!(ids.get(name), Some(*id));
            prop_assert_eq!(ids.name(*id), Some(*name));
        }
        prop_assert_eq!(ids.get("absent name"), None);
        prop_assert_eq!(ids.name(u32::try_from(oracle.len()).unwrap()), None);
        // Equal when the same names have the same ids, whatever was reserved.
        let mut again = Interner::default();
        for name in &names {
            again.intern(name).unwrap();
        }
        prop_assert_eq!(&again, &ids);
    }
}

#[test]
fn the_empty_name_is_a_name() {
    let mut ids = Interner::default();
    assert!(ids.is_empty() && ids.get("").is_none());
    assert_eq!(ids.intern("").unwrap(), 0);
    assert_eq!(ids.intern("a").unwrap(), 1);
    assert_eq!(
        (ids.name(0), ids.name(1), ids.get("")),
        (Some(""), Some("a"), Some(0))
    );
}
