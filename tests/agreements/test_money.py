from decimal import Decimal

from agreements.money import Amount, assignment_cost, format_amount, hour_cost


def test_cost_is_hours_times_rate_plus_costs_minus_revenue():
    # The example of DOMAIN.md: 255 h x EUR 73 = 18,615; + 12,000 - 19,000 = 11,615.
    assert hour_cost(hours=Decimal("255"), hourly_rate=Decimal("73")) == Decimal("18615.00")
    assert assignment_cost(
        hours=Decimal("255"),
        hourly_rate=Decimal("73"),
        direct_costs=Decimal("12000"),
        direct_revenue=Decimal("19000"),
    ) == Decimal("11615.00")


def test_hour_cost_with_decimal_hours_rounds_half_up_to_the_cent():
    assert hour_cost(hours=Decimal("10.25"), hourly_rate=Decimal("73.33")) == Decimal("751.63")
    assert hour_cost(hours=Decimal("0.5"), hourly_rate=Decimal("0.01")) == Decimal("0.01")


def test_pm_is_not_zero_and_a_total_including_it_says_so():
    assert format_amount(Amount.pm()) == "PM"
    total = Amount(Decimal("11615")) + Amount.pm()
    assert total.includes_pm
    assert format_amount(total) == "€ 11.615,00 + PM"
    assert format_amount(Amount(Decimal("-1234.5"))) == "-€ 1.234,50"
