//! The start table's window and map.

use super::*;

#[test]
fn window_grows_both_ways_and_far_dates_use_the_map() {
    let mut t = StartTable::default();
    let days = [1000, 999, 1500, 10, 3000, 2_000_000, -2_000_000, 1001];
    for d in days {
        assert!(t.get(d).is_none());
        t.insert(d, Some(7), Some(d), Box::new([d]));
    }
    for d in days {
        let f = t.get(d).unwrap();
        assert_eq!((f.list, f.term_last, t.bounds(f)), (7, d, &[d][..]));
    }
    assert!(t.get(1002).is_none());
    assert!(t.slots.len() <= MAX_WINDOW);
    assert_eq!(t.far.len(), 2);
    t.insert(5, None, Some(1), Box::new([]));
    assert_eq!(t.get(5).unwrap().list, StartFacts::REFUSED);
}
