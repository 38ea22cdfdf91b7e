//! Promotions (SPEC-NCE §12.5.2) against hand-derived lines: `EUP = P × (1 − p/100) × f`
//! (§14.3), on the parent module's sheet (E3 P1Y monthly `U` = 192, `P` = 16; 240 from
//! 2023-01-01, `P` = 20; P1M monthly 19.20) and its P3Y rows (`world_p3y`: `U` = 540).

use super::*;
use crate::error::Error;
use crate::price_list::PriceSegment;

/// A promotion of E3 for commercial customers in the US.
fn promo(
    id: &str,
    pct: &str,
    terms: &[TermDuration],
    plans: &[BillingPlan],
    from: &str,
    to: &str,
) -> NcePromotion {
    NcePromotion {
        id: id.to_string(),
        percent_off: pct.parse().unwrap(),
        offer: OfferId::new(E3),
        terms: terms.to_vec(),
        plans: plans.to_vec(),
        segments: vec![PriceSegment::Commercial],
        markets: vec!["US".to_string()],
        from: at(from),
        to: at(to),
    }
}

/// E3 P1Y monthly, 10 % off from 2021-05-01 through 2022-06-30 (E16's discount).
fn ten_off() -> NcePromotion {
    promo(
        "PBI-10",
        "10",
        &[TermDuration::P1Y],
        &[BillingPlan::Monthly],
        "2021-05-01T00:00:00Z",
        "2022-06-30T23:59:59Z",
    )
}

fn with(mut w: World, promotions: Vec<NcePromotion>) -> World {
    w.catalog.promotions = promotions;
    w
}

/// `e` (an order) naming promotion `id`.
fn naming(mut e: NceEvent, id: &str) -> NceEvent {
    if let NceEventKind::Order { promotion, .. } = &mut e.kind {
        *promotion = Some(id.to_string());
    }
    e
}

fn promotion_ids(r: &NceReplay) -> Vec<Option<&str>> {
    r.lines.iter().map(|l| l.promotion_id.as_deref()).collect()
}

#[test]
fn e16_a_named_promotion_prices_the_order_at_p_less_the_percent() {
    // SPEC-NCE E16 (PC dev/get-invoiceline-items): UnitPrice 16 (U = 192, P1Y monthly,
    // P = 192 / 12 = 16), 10 % off: EUP = 16 × 0.9 = 14.40; 50 seats = 720.00 under both
    // conventions (14.40 has 2 decimals). The line's unit_price stays P = 16.00 (§14.1).
    let w = with(world(), vec![ten_off()]);
    let o = naming(e3_monthly("2021-05-20T00:00:00Z", 50), "PBI-10");
    for c in [LineConvention::NceA, LineConvention::NceB] {
        let r = w
            .run("2021-05-21T00:00:00Z", std::slice::from_ref(&o), c)
            .unwrap();
        assert_eq!(
            show(&r.lines),
            ["new 2021-05-20..2021-06-19 50 × 14.40 = 720.00"]
        );
        assert_eq!(r.lines[0].unit_price.to_string(), "16.00");
        assert_eq!(promotion_ids(&r), [Some("PBI-10")]);
        assert_eq!(
            (r.lines[0].subscription_start, r.lines[0].subscription_end),
            (day("2021-05-20"), day("2022-05-19"))
        );
    }
    // The CSV form carries the id in the promotion_id column.
    let r = w
        .run("2021-05-21T00:00:00Z", &[o], LineConvention::NceB)
        .unwrap();
    let texts = r.lines[0].texts(LineConvention::NceB);
    let col = NceLine::FIELDS
        .iter()
        .position(|f| *f == "promotion_id")
        .unwrap();
    assert_eq!(texts[col], "PBI-10");
}

#[test]
fn a_promotion_in_force_applies_to_an_order_that_names_none() {
    // SPEC-NCE §12.5.2: one applies to an order whose instant is in [from, to] and whose
    // key matches. 10 seats on 2022-06-30T23:59:59Z (the last instant, inclusive):
    // 10 × 14.40 = 144.00; one second later (2022-07-01) none applies: 10 × 16 = 160.00.
    let w = with(world(), vec![ten_off()]);
    let inside = e3_monthly("2022-06-30T23:59:59Z", 10);
    let r = w
        .run("2022-07-02T00:00:00Z", &[inside], LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines),
        ["new 2022-06-30..2022-07-29 10 × 14.40 = 144.00"]
    );
    assert_eq!(promotion_ids(&r), [Some("PBI-10")]);
    let after = e3_monthly("2022-07-01T00:00:00Z", 10);
    let r = w
        .run("2022-07-02T00:00:00Z", &[after], LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines),
        ["new 2022-07-01..2022-07-31 10 × 16.00 = 160.00"]
    );
    assert_eq!(promotion_ids(&r), [None]);
    // Its first instant is inclusive too, and an instant before it gets none.
    let first = e3_monthly("2021-05-01T00:00:00Z", 1);
    let before = e3_monthly("2021-04-30T23:59:59Z", 1);
    let ids = |e: NceEvent| {
        let r = w
            .run("2021-05-02T00:00:00Z", &[e], LineConvention::NceB)
            .unwrap();
        r.lines[0].promotion_id.clone()
    };
    assert_eq!(
        (ids(first), ids(before)),
        (Some("PBI-10".to_string()), None)
    );
}

#[test]
fn the_promotion_is_locked_with_the_price_for_the_term() {
    // Ordered 2022-06-18 with 10 % off (P = 16, EUP 14.40). After the promotion ends
    // (06-30) the term keeps it: 5 seats added 07-01 with 17 of the cycle's 30 days left
    // (06-18..07-17): 14.40 × 17/30 = 8.16 exactly, the pair −10 × 8.16 = −81.60 and
    // +15 × 8.16 = 122.40; the next cycle 15 × 14.40 = 216.00.
    let w = with(world(), vec![ten_off()]);
    let events = [
        e3_monthly("2022-06-18T10:00:00Z", 10),
        ev(
            "a1",
            "2022-07-01T09:00:00Z",
            "s1",
            NceEventKind::AddSeats { quantity: 5 },
        ),
    ];
    for c in [LineConvention::NceA, LineConvention::NceB] {
        let r = w.run("2022-07-18T00:00:00Z", &events, c).unwrap();
        assert_eq!(
            show(&r.lines),
            [
                "new 2022-06-18..2022-07-17 10 × 14.40 = 144.00",
                "addQuantity 2022-07-01..2022-07-17 10 × -8.16 = -81.60",
                "addQuantity 2022-07-01..2022-07-17 15 × 8.16 = 122.40",
                "cycleCharge 2022-07-18..2022-08-17 15 × 14.40 = 216.00",
            ]
        );
        assert!(promotion_ids(&r).iter().all(|id| *id == Some("PBI-10")));
    }
}

#[test]
fn a_renewal_re_evaluates_the_promotion_at_its_instant() {
    // Ordered 2022-06-18 with PBI-10; renewed 2023-06-18 at the 2023 row (U = 240, P = 20):
    // PBI-10 has ended, so without another promotion 10 × 20 = 200.00; with RENEW-20 (20 %,
    // in force 2023-06-01..06-30, applied unnamed) 10 × 20 × 0.8 = 10 × 16 = 160.00.
    let renew20 = promo(
        "RENEW-20",
        "20",
        &[TermDuration::P1Y],
        &[BillingPlan::Monthly],
        "2023-06-01T00:00:00Z",
        "2023-06-30T23:59:59Z",
    );
    let o = naming(e3_monthly("2022-06-18T10:00:00Z", 10), "PBI-10");
    let last = |w: &World| {
        let r = w
            .run(
                "2023-06-18T00:00:00Z",
                std::slice::from_ref(&o),
                LineConvention::NceB,
            )
            .unwrap();
        let l = r.lines.last().unwrap().clone();
        (show(std::slice::from_ref(&l))[0].clone(), l.promotion_id)
    };
    assert_eq!(
        last(&with(world(), vec![ten_off()])),
        (
            "renew 2023-06-18..2023-07-17 10 × 20.00 = 200.00".to_string(),
            None
        )
    );
    assert_eq!(
        last(&with(world(), vec![ten_off(), renew20])),
        (
            "renew 2023-06-18..2023-07-17 10 × 16.00 = 160.00".to_string(),
            Some("RENEW-20".to_string())
        )
    );
}

#[test]
fn among_promotions_in_force_the_largest_applies_then_the_first_listed() {
    // 10 % and 12.5 % both in force: 16 × 0.875 = 14.00. Two of 10 %: the first listed.
    let p125 = promo(
        "B-12.5",
        "12.5",
        &[TermDuration::P1Y],
        &[BillingPlan::Monthly],
        "2022-01-01T00:00:00Z",
        "2022-12-31T23:59:59Z",
    );
    let mut other10 = ten_off();
    other10.id = "C-10".to_string();
    let o = e3_monthly("2022-06-18T10:00:00Z", 1);
    let w = with(world(), vec![ten_off(), p125]);
    let r = w
        .run(
            "2022-06-19T00:00:00Z",
            std::slice::from_ref(&o),
            LineConvention::NceB,
        )
        .unwrap();
    assert_eq!(
        show(&r.lines),
        ["new 2022-06-18..2022-07-17 1 × 14.00 = 14.00"]
    );
    assert_eq!(promotion_ids(&r), [Some("B-12.5")]);
    let w = with(world(), vec![other10, ten_off()]);
    let r = w
        .run(
            "2022-06-19T00:00:00Z",
            std::slice::from_ref(&o),
            LineConvention::NceB,
        )
        .unwrap();
    assert_eq!(promotion_ids(&r), [Some("C-10")]);
    // A named promotion wins over a larger one in force.
    let w = with(
        world(),
        vec![
            ten_off(),
            promo(
                "B",
                "50",
                &[TermDuration::P1Y],
                &[BillingPlan::Monthly],
                "2022-01-01T00:00:00Z",
                "2022-12-31T23:59:59Z",
            ),
        ],
    );
    let r = w
        .run(
            "2022-06-19T00:00:00Z",
            &[naming(o, "PBI-10")],
            LineConvention::NceB,
        )
        .unwrap();
    assert_eq!(
        show(&r.lines),
        ["new 2022-06-18..2022-07-17 1 × 14.40 = 14.40"]
    );
}

/// The refusal of `e` (an order) as `(promotion, reason)`, checking that it changed nothing.
fn refused_promotion(w: &World, e: &NceEvent) -> (String, String) {
    let ctx = w.ctx("2024-12-31T00:00:00Z");
    let mut subs = NceSubscriptions::new();
    let mut facts = Vec::new();
    subs.advance_to(&ctx, e.at.date_naive(), &mut facts);
    let before = subs.clone();
    match subs.apply(&ctx, e) {
        Err(Error::PromotionNotEligible { promotion, reason }) => {
            assert_eq!(subs, before, "a refused order changed nothing");
            (promotion, reason)
        }
        other => panic!("expected promotion_not_eligible, got {other:?}"),
    }
}

#[test]
fn an_order_naming_an_inapplicable_promotion_is_refused() {
    // SPEC-NCE §12.5.2, §13.4: `promotion_not_eligible`, the reason naming the rule failed.
    let mut gb = ten_off();
    gb.id = "GB".to_string();
    gb.markets = vec!["GB".to_string()];
    let mut edu = ten_off();
    edu.id = "EDU".to_string();
    edu.segments = vec![PriceSegment::Education];
    let mut e5 = ten_off();
    e5.id = "E5".to_string();
    e5.offer = OfferId::new(E5);
    let w = with(world(), vec![ten_off(), gb, edu, e5]);
    let o = |t: &str, term, plan, id: &str| naming(order("o1", t, "s1", E3, term, plan, 10), id);
    let (y1, m1) = (TermDuration::P1Y, TermDuration::P1M);
    let monthly = BillingPlan::Monthly;
    let cases = [
        (
            o("2022-06-18T10:00:00Z", y1, monthly, "NOPE"),
            "the catalog has no promotion with this id",
        ),
        (
            o("2022-06-18T10:00:00Z", m1, monthly, "PBI-10"),
            "it is for the terms P1Y, not P1M",
        ),
        (
            o("2022-06-18T10:00:00Z", y1, BillingPlan::Annual, "PBI-10"),
            "it is for the billing plans monthly, not annual",
        ),
        (
            o("2022-07-01T00:00:00Z", y1, monthly, "PBI-10"),
            "it ended at 2022-06-30T23:59:59Z",
        ),
        (
            o("2021-04-30T23:59:59Z", y1, monthly, "PBI-10"),
            "it starts at 2021-05-01T00:00:00Z",
        ),
        (
            o("2022-06-18T10:00:00Z", y1, monthly, "GB"),
            "it is for the markets GB, not US",
        ),
        (
            o("2022-06-18T10:00:00Z", y1, monthly, "EDU"),
            "it is for the segments education, not commercial",
        ),
        (
            o("2022-06-18T10:00:00Z", y1, monthly, "E5"),
            "it is for CFQ7TTC0LFK5:0001, not CFQ7TTC0LFLX:0001",
        ),
    ];
    for (e, reason) in &cases {
        let (id, why) = refused_promotion(&w, e);
        let named = match &e.kind {
            NceEventKind::Order { promotion, .. } => promotion.clone().unwrap(),
            _ => unreachable!(),
        };
        assert_eq!((id, why.as_str()), (named, *reason));
        assert_eq!(
            refusal(&w, "2024-12-31T00:00:00Z", std::slice::from_ref(e)),
            (Some(0), "promotion_not_eligible")
        );
    }
    // A trial takes none.
    let t = naming(trial("2022-06-18T10:00:00Z", 25, true), "PBI-10");
    assert_eq!(
        refused_promotion(&w, &t),
        (
            "PBI-10".to_string(),
            "a trial takes no promotion".to_string()
        )
    );
    // The first failure wins (§13.4): a bad quantity and an unpriceable order come first.
    let zero = naming(e3_monthly("2022-06-18T10:00:00Z", 0), "NOPE");
    assert_eq!(
        refusal(&w, "2024-12-31T00:00:00Z", &[zero]),
        (Some(0), "invalid_quantity")
    );
    let unpriced = naming(
        order(
            "o1",
            "2022-06-18T10:00:00Z",
            "s1",
            "CFQ7TTC0NONE:0001",
            y1,
            monthly,
            1,
        ),
        "NOPE",
    );
    assert_eq!(
        refusal(&w, "2024-12-31T00:00:00Z", &[unpriced]),
        (Some(0), "nce_price_not_found")
    );
}

#[test]
fn a_trial_conversion_gets_no_promotion() {
    // SPEC-NCE §12.5.2, §13.12.3: PBI-10 is in force for P1Y monthly, yet the trial
    // converted on 06-25 to 30 seats of P1Y monthly pays P = 16: 30 × 16 = 480.00; at its end
    // (auto-renew, defaults P1Y monthly × 25): 25 × 16 = 400.00.
    let w = with(world(), vec![ten_off()]);
    let events = [
        trial("2022-06-18T10:00:00Z", 25, true),
        convert("2022-06-25T00:00:00Z", Some(30), None, None),
    ];
    let r = w
        .run("2022-06-26T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[2],
        "convert 2022-06-25..2022-07-24 30 × 16.00 = 480.00"
    );
    assert_eq!(promotion_ids(&r), [None, None, None]);
    let at_end = [trial("2022-05-18T10:00:00Z", 25, true)];
    let r = w
        .run("2022-06-18T00:00:00Z", &at_end, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[2],
        "convert 2022-06-18..2022-07-17 25 × 16.00 = 400.00"
    );
    assert_eq!(r.lines[2].promotion_id, None);
}

#[test]
fn a_term_change_keeps_an_eligible_promotion_and_else_applies_one_in_force() {
    // P1M monthly ordered 06-10 (P = 19.20) with BOTH (10 % off P1M and P1Y, ended 06-15):
    // EUP 17.28. Changed to P1Y monthly on 06-20: BOTH covers P1Y, so it stays locked though
    // its dates are over: the new first cycle 06-20..07-19 is 10 × 16 × 0.9 = 144.00; the
    // refund of 06-20..07-09 (20 of the P1M cycle's 30 days) is at the old locked price:
    // 17.28 × 20/30 = 11.52, 10 × −11.52 = −115.20.
    let both = promo(
        "BOTH",
        "10",
        &[TermDuration::P1M, TermDuration::P1Y],
        &[BillingPlan::Monthly],
        "2022-06-01T00:00:00Z",
        "2022-06-15T23:59:59Z",
    );
    let m1_only = promo(
        "M1",
        "10",
        &[TermDuration::P1M],
        &[BillingPlan::Monthly],
        "2022-06-01T00:00:00Z",
        "2022-06-30T23:59:59Z",
    );
    let y1_20 = promo(
        "Y1-20",
        "20",
        &[TermDuration::P1Y],
        &[BillingPlan::Monthly],
        "2022-06-20T00:00:00Z",
        "2022-06-30T23:59:59Z",
    );
    let p1m = |id: &str| {
        naming(
            order(
                "o1",
                "2022-06-10T00:00:00Z",
                "s1",
                E3,
                TermDuration::P1M,
                BillingPlan::Monthly,
                10,
            ),
            id,
        )
    };
    let change = ev(
        "t1",
        "2022-06-20T09:00:00Z",
        "s1",
        NceEventKind::ChangeTerm {
            term: TermDuration::P1Y,
            plan: BillingPlan::Monthly,
        },
    );
    let run = |w: &World, id: &str| {
        w.run(
            "2022-06-21T00:00:00Z",
            &[p1m(id), change.clone()],
            LineConvention::NceB,
        )
        .unwrap()
    };
    let r = run(&with(world(), vec![both.clone(), y1_20.clone()]), "BOTH");
    assert_eq!(
        show(&r.lines),
        [
            "new 2022-06-10..2022-07-09 10 × 17.28 = 172.80",
            "convert 2022-06-20..2022-07-09 10 × -11.52 = -115.20",
            "convert 2022-06-20..2022-07-19 10 × 14.40 = 144.00",
        ]
    );
    assert_eq!(promotion_ids(&r), [Some("BOTH"); 3]);
    // M1 is for P1M only: dropped; Y1-20 is in force at the change: 16 × 0.8 = 12.80.
    let r = run(&with(world(), vec![m1_only.clone(), y1_20]), "M1");
    assert_eq!(
        show(&r.lines)[2],
        "convert 2022-06-20..2022-07-19 10 × 12.80 = 128.00"
    );
    assert_eq!(promotion_ids(&r), [Some("M1"), Some("M1"), Some("Y1-20")]);
    // Dropped with none in force: P = 16.
    let r = run(&with(world(), vec![m1_only]), "M1");
    assert_eq!(
        show(&r.lines)[2],
        "convert 2022-06-20..2022-07-19 10 × 16.00 = 160.00"
    );
    assert_eq!(r.lines[2].promotion_id, None);
}

#[test]
fn a_plan_change_re_evaluates_the_promotion_at_the_boundary() {
    // P3Y monthly (P = 540 / 36 = 15) from 2022-06-18 with P3Y-M (10 % off monthly only):
    // 13.50 a cycle. Changed to annual on 08-05; at the boundary 08-18 (00:00:00Z, pinned P7)
    // the annual plan's P = 540 / 3 = 180 and k = 10 of 12 months:
    // - P3Y-M does not cover annual: dropped; P3Y-A (20 %) in force at 08-18T00:00:00Z:
    //   180 × 0.8 × 10/12 = 120 a seat, 10 seats = 1200.00;
    // - P3Y-A starting a second after the boundary is not in force: 180 × 10/12 = 150, 1500.00;
    // - P3Y-ALL (10 %, both plans) is kept: 180 × 0.9 × 10/12 = 135, 1350.00.
    let p3y = |id: &str, pct: &str, plans: &[BillingPlan], from: &str| {
        promo(
            id,
            pct,
            &[TermDuration::P3Y],
            plans,
            from,
            "2022-12-31T23:59:59Z",
        )
    };
    let (monthly, annual) = (BillingPlan::Monthly, BillingPlan::Annual);
    let m = p3y("P3Y-M", "10", &[monthly], "2022-06-01T00:00:00Z");
    let a = p3y("P3Y-A", "20", &[annual], "2022-08-18T00:00:00Z");
    let a_late = p3y("P3Y-A", "20", &[annual], "2022-08-18T00:00:01Z");
    let all = p3y("P3Y-ALL", "10", &[monthly, annual], "2022-06-01T00:00:00Z");
    let events = |id: &str| {
        [
            naming(
                order(
                    "o1",
                    "2022-06-18T10:00:00Z",
                    "s1",
                    E3,
                    TermDuration::P3Y,
                    monthly,
                    10,
                ),
                id,
            ),
            ev(
                "p1",
                "2022-08-05T12:00:00Z",
                "s1",
                NceEventKind::ChangePlan { plan: annual },
            ),
        ]
    };
    let change_line = |promotions: Vec<NcePromotion>, id: &str| {
        let r = with(world_p3y(), promotions)
            .run("2022-08-18T00:00:00Z", &events(id), LineConvention::NceB)
            .unwrap();
        assert_eq!(
            show(&r.lines)[0],
            "new 2022-06-18..2022-07-17 10 × 13.50 = 135.00"
        );
        let l = r.lines.last().unwrap().clone();
        (show(std::slice::from_ref(&l))[0].clone(), l.promotion_id)
    };
    let line = |s: &str, id: Option<&str>| (s.to_string(), id.map(str::to_string));
    assert_eq!(
        change_line(vec![m.clone(), a], "P3Y-M"),
        line(
            "changeBillingPlan 2022-08-18..2023-06-17 10 × 120.00 = 1200.00",
            Some("P3Y-A")
        )
    );
    assert_eq!(
        change_line(vec![m, a_late], "P3Y-M"),
        line(
            "changeBillingPlan 2022-08-18..2023-06-17 10 × 150.00 = 1500.00",
            None
        )
    );
    assert_eq!(
        change_line(vec![all], "P3Y-ALL"),
        line(
            "changeBillingPlan 2022-08-18..2023-06-17 10 × 135.00 = 1350.00",
            Some("P3Y-ALL")
        )
    );
}

#[test]
fn an_upgrade_to_a_new_price_carries_no_promotion() {
    // A full upgrade of a promoted E3 (14.40) to E5 (P = 384 / 12 = 32) on 07-01: the source's
    // refund keeps its locked price (17 of 30 days: 14.40 × 17/30 = 8.16, −81.60), the
    // target's charge has none: 32 × 17/30 = 18.1333… → 18.13 (nce_b), 10 × 18.13 = 181.30.
    let w = with(world(), vec![ten_off()]);
    let events = [
        naming(e3_monthly("2022-06-18T10:00:00Z", 10), "PBI-10"),
        ev(
            "u1",
            "2022-07-01T09:00:00Z",
            "s1",
            NceEventKind::Upgrade {
                to: OfferId::new(E5),
                quantity: 10,
                into: None,
                new_subscription: None,
            },
        ),
    ];
    let r = w
        .run("2022-07-02T00:00:00Z", &events, LineConvention::NceB)
        .unwrap();
    assert_eq!(
        show(&r.lines)[1..],
        [
            "convert 2022-07-01..2022-07-17 10 × -8.16 = -81.60",
            "convert 2022-07-01..2022-07-17 10 × 18.13 = 181.30",
        ]
    );
    assert_eq!(promotion_ids(&r)[1..], [Some("PBI-10"), None]);
}

#[cfg(feature = "serde")]
#[test]
fn promotions_are_read_strictly_from_a_scenario() {
    use crate::scenario::nce::NceScenario;
    let book = |promotions: &str, order_extra: &str| {
        format!(
            r#"{{"version": 2, "program": "nce", "currency": "USD", "market": "US",
              "as_of": "2021-05-21T00:00:00Z",
              "customers": [{{"id": "contoso", "name": "Contoso", "segment": "commercial",
                              "origin": "created_by_partner"}}],
              "price_sheets": [{{"csv": {sheet}}}],
              "promotions": {promotions},
              "events": [{{"id": "o1", "at": "2021-05-20T00:00:00Z", "subscription": "s1",
                "type": "order", "customer": "contoso", "offer": "{E3}", "term": "P1Y",
                "plan": "monthly", "quantity": 50{order_extra}}}]}}"#,
            sheet = serde_json::to_string(SHEET).unwrap()
        )
    };
    let pbi = r#"{"id": "PBI-10", "percent_off": "10", "offer": "CFQ7TTC0LFLX:0001",
        "terms": ["P1Y"], "plans": ["monthly"], "segments": ["commercial"], "markets": ["us"],
        "from": "2021-05-01", "to": "2022-06-30"}"#;
    // E16 again, from the file: 50 × 14.40 = 720.00; a date-only `to` covers its day.
    let s =
        NceScenario::from_json(&book(&format!("[{pbi}]"), r#", "promotion": "PBI-10""#)).unwrap();
    let p = &s.catalog.promotions[0];
    assert_eq!(
        (instant_text(p.to), p.markets.clone()),
        ("2022-06-30T23:59:59Z".to_string(), vec!["US".to_string()])
    );
    let r = s.replay(None).unwrap();
    assert_eq!(
        show(&r.lines),
        ["new 2021-05-20..2021-06-19 50 × 14.40 = 720.00"]
    );
    // The event and the promotion write back as read.
    let json = serde_json::to_value(&s.events[0]).unwrap();
    assert_eq!(json["promotion"], "PBI-10");
    let back: NcePromotion = serde_json::from_value(serde_json::to_value(p).unwrap()).unwrap();
    assert_eq!(&back, p);
    // Refused: a float, 100 % or more, too many decimals, an empty list, a bad market,
    // `to` before `from`, an unknown field, a duplicate id.
    for (bad, why) in [
        (pbi.replace(r#""10""#, "10"), "as a JSON string"),
        (pbi.replace(r#""10""#, r#""100""#), "not including) 100"),
        (pbi.replace(r#""10""#, r#""-1""#), "at least 0"),
        (
            pbi.replace(r#""10""#, r#""1.0000001""#),
            "at most 6 decimals",
        ),
        (pbi.replace(r#"["P1Y"]"#, "[]"), "promotion terms"),
        (pbi.replace(r#"["us"]"#, r#"["USA"]"#), "two-letter"),
        (
            pbi.replace(r#""2021-05-01""#, r#""2022-07-01""#),
            "`to` at or after `from`",
        ),
        (
            pbi.replace(r#""id""#, r#""auto": true, "id""#),
            "unknown field `auto`",
        ),
        (format!("{pbi}, {pbi}"), "appears twice"),
    ] {
        let err = NceScenario::from_json(&book(&format!("[{bad}]"), "")).unwrap_err();
        assert_eq!(err.code(), "invalid_scenario", "{bad}: {err}");
        assert!(err.to_string().contains(why), "{err}");
    }
}
