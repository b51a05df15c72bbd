"""DOMAIN 2's worked examples as tests of the functions the reports and final-mark proposals call."""

from decimal import Decimal

from journal import statistics as st


def test_the_worked_example_of_domain_2_1_gives_88_56_56_12_and_3_71():
    """covers JRN-5: roster 28, one left, two exempt -> N = 25"""
    outcomes = [5] * 5 + [4] * 9 + [3] * 8 + [2] * 2 + ["na"] + ["left"] + ["exempt"] * 2
    p = st.performance(outcomes)
    assert p.roster == 28
    assert p.n == 25
    assert p.success == Decimal("88.00")
    assert p.quality == Decimal("56.00")
    assert p.sou == Decimal("56.12")
    assert p.average == Decimal("3.71")


def test_students_without_any_mark_leave_n_and_not_attested_stay_in_it():
    """covers JRN-5"""
    p = st.performance([5, None, "na"])
    assert p.n == 2
    assert p.success == Decimal("50.00")


def test_sou_weights_are_configurable_14_for_a_two():
    """covers JRN-5"""
    p = st.performance([2, 2], weights=st.SouWeights(two=14))
    assert p.sou == Decimal("14.00")


def test_pass_counts_as_success_and_is_left_out_of_quality_and_average():
    """covers JRN-4, JRN-5"""
    p = st.performance([5, 3, "pass", "fail"])
    assert p.success == Decimal("75.00")
    assert p.quality == Decimal("50.00")
    assert p.average == Decimal("4.00")
    assert st.performance([5, "pass"], count_pass_fail_in_success=False).success == Decimal("100.00")


def test_an_empty_class_has_no_percentages_rather_than_a_division_by_zero():
    """covers JRN-5"""
    p = st.performance(["exempt", None])
    assert p.success is None and p.quality is None and p.sou is None and p.average is None


def test_the_kz_worked_example_is_71_14_percent_and_a_four():
    """covers JRN-4: DOMAIN 2.3"""
    fo = [8, 7, 9, 6, 10]
    sor = [(15, 20), (9, 15)]
    soch = [(17, 25)]
    pct = st.kz_quarter_percent(fo, sor, soch)
    assert st.half_up(pct, 2) == Decimal("71.14")
    assert st.mark_from_percent(pct) == 4
    by_mean = st.kz_quarter_percent(fo, sor, soch, sor_by_points=False)
    assert st.half_up(by_mean, 2) == Decimal("70.88")
    legacy = st.kz_quarter_percent([], sor, soch, weights=(0, 50, 50))
    assert st.half_up(legacy, 2) == Decimal("68.29")
    without_soch = st.kz_quarter_percent(fo, sor, [])
    assert st.half_up(without_soch, 2) == Decimal("74.29")
    assert st.mark_from_percent(without_soch) == 4


def test_sor_by_points_and_by_mean_of_percentages_diverge():
    """covers JRN-4"""
    sor = [(1, 4), (20, 20)]
    assert st.half_up(st.kz_quarter_percent([], sor, []), 2) == Decimal("87.50")
    assert st.half_up(st.kz_quarter_percent([], sor, [], sor_by_points=False), 2) == Decimal("62.50")


def test_band_edges_without_rounding_and_with_rounding_first():
    """covers JRN-4"""
    assert st.mark_from_percent(Decimal("64.6")) == 3
    assert st.mark_from_percent(Decimal("64.6"), round_first=True) == 4
    assert st.mark_from_percent(Decimal("64.4"), round_first=True) == 3
    assert [st.mark_from_percent(p) for p in (0, 39.99, 40, 65, 84.99, 85, 100)] == [2, 2, 3, 4, 4, 5, 5]
    assert st.mark_from_percent(21, bands=st.KZ_GRADE1_BANDS) == 3


def test_quarter_marks_3_2_3_2_give_a_year_mark_of_3_half_up_not_bankers():
    """covers JRN-4"""
    assert round(2.5) == 2  # the pitfall
    assert st.year_mark([3, 2, 3, 2]) == 3
    assert st.year_mark([4, 4, 5, 5]) == 5
    assert st.year_mark([4, "na", 5]) == 5
    assert st.year_mark([]) is None
    assert st.half_up(64.5) == 65


def test_traditional_mean_with_both_threshold_sets():
    """covers JRN-4: DOMAIN 2.2"""
    marks = [5, 4, 5, 4]  # mean 4.5
    assert st.traditional_period_mark(marks) == 5
    assert st.traditional_period_mark(marks, st.THRESHOLDS_265) == 4
    assert st.traditional_period_mark([3, 2]) == 3
    assert st.traditional_period_mark([2, 2, 3]) == 2
    assert st.traditional_period_mark([]) is None


def test_ten_point_marks_fall_into_the_five_point_bands():
    """covers JRN-5"""
    assert [st.to_five(m, 10) for m in (10, 9, 8, 7, 6, 5, 4, 1)] == [5, 5, 4, 4, 3, 3, 2, 2]
