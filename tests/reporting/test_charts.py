"""The server-side SVG charts: valid XML, values scaled onto the plot, accessible, and robust to thin data."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reporting.charts import (
    BAR,
    LEFT,
    PLOT_HEIGHT,
    PLOT_WIDTH,
    TOP,
    Point,
    axis_for,
    chart_svg,
    nice_step,
)

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def circles(root: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]


def test_chart_is_valid_svg_with_role_img_title_and_dutch_description():
    svg = chart_svg(
        title="Aantal huisbezoeken", points=[Point("2019", D(40), D(100)), Point("2020", D(90), D(100))]
    )
    root = parse(svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Aantal huisbezoeken"
    label = root.get("aria-label")
    assert label == root.find(f"{SVG}desc").text
    assert "Realisatie: 2019: 40; 2020: 90." in label
    assert "Streefwaarde (stippellijn): 2019: 100; 2020: 100." in label


def test_values_are_scaled_onto_the_plot_with_zero_at_the_bottom():
    root = parse(chart_svg(title="t", points=[Point("a", D(0)), Point("b", D(50)), Point("c", D(100))]))
    axis = axis_for([D(0), D(50), D(100)])
    (x0, y0), (x1, y1), (x2, y2) = circles(root)

    assert y0 == pytest.approx(TOP + PLOT_HEIGHT, abs=0.1)  # zero on the x axis
    assert y1 == pytest.approx(axis.y(D(50)), abs=0.1)
    assert y2 == pytest.approx(axis.y(D(100)), abs=0.1)
    assert y0 > y1 > y2 >= TOP  # higher values are drawn higher, inside the plot
    assert (y0 - y1) == pytest.approx(y1 - y2, abs=0.2)  # linear
    # Three equal slots along the x axis, each point in the middle of its own.
    assert [x0, x1, x2] == pytest.approx([LEFT + PLOT_WIDTH * f for f in (1 / 6, 3 / 6, 5 / 6)], abs=0.1)


def test_target_is_a_dashed_line_at_the_target_height():
    root = parse(chart_svg(title="t", points=[Point("2019", D(40), D(80)), Point("2020", D(60), D(80))]))
    axis = axis_for([D(40), D(60), D(80)])
    [target] = [p for p in root.iter(f"{SVG}path") if p.get("class") == "target"]

    assert target.get("stroke-dasharray")
    tokens = target.get("d").split()
    # "M x y H x" then "V y H x" per step: every y is the target's height.
    heights = [float(tokens[2])] + [float(tokens[i + 1]) for i, t in enumerate(tokens) if t == "V"]
    assert heights == pytest.approx([axis.y(D(80))] * len(heights), abs=0.1)
    assert axis.y(D(60)) > heights[0]  # the target is above the lower value


def test_empty_data_gives_a_chart_that_says_so():
    root = parse(chart_svg(title="Leeg", points=[]))

    assert circles(root) == []
    assert "Nog geen gegevens" in "".join(root.itertext())
    assert "Nog geen realisatie" in root.get("aria-label")


def test_only_targets_and_no_values_draws_the_target_without_dots():
    root = parse(chart_svg(title="t", points=[Point("2020", None, D(10))]))

    assert circles(root) == []
    assert any(p.get("class") == "target" for p in root.iter(f"{SVG}path"))


def test_a_single_value_sits_in_the_middle():
    root = parse(chart_svg(title="Eén meting", points=[Point("2020", D("7.5"))]))

    [(x, y)] = circles(root)
    assert x == pytest.approx(LEFT + PLOT_WIDTH / 2, abs=0.1)
    assert TOP <= y < TOP + PLOT_HEIGHT
    assert "7,5" in "".join(root.itertext())  # Dutch decimal comma on the label


def test_a_missing_value_breaks_the_line():
    points = [Point("1", D(1)), Point("2", D(2)), Point("3", None), Point("4", D(3)), Point("5", D(4))]
    root = parse(chart_svg(title="t", points=points))

    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert len(circles(root)) == 4


def test_bars_are_as_high_as_their_values():
    root = parse(chart_svg(title="t", points=[Point("a", D(25)), Point("b", D(100))], kind=BAR))
    heights = [float(r.get("height")) for r in root.iter(f"{SVG}rect")]

    assert heights[1] == pytest.approx(4 * heights[0], rel=0.01)


def test_negative_values_get_an_axis_below_zero():
    axis = axis_for([D(-3), D(7)])

    assert axis.low <= -3 and axis.high >= 7 and D(0) in axis.ticks
    parse(chart_svg(title="t", points=[Point("a", D(-3)), Point("b", D(7))], kind=BAR))


def test_text_is_escaped():
    root = parse(chart_svg(title='Kosten <"bijzondere"> & baten', points=[Point("<a>", D(1))], unit="€ & %"))

    assert root.find(f"{SVG}title").text == 'Kosten <"bijzondere"> & baten'


@pytest.mark.parametrize(
    ("span", "step"),
    [(D(100), D(50)), (D(10), D(5)), (D(1), D("0.5")), (D(7), D("2.5")), (D(3000), D(1000))],
)
def test_axis_steps_are_round_numbers(span, step):
    assert nice_step(span) == step
