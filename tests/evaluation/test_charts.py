"""The evaluation's SVG charts: well-formed, named for assistive technology, every value
printed, no style attributes (strict CSP), and missing figures said in words."""

import xml.etree.ElementTree as ET

from django.utils.safestring import SafeString

from evaluation.charts import confidence_chart, percent_chart, rating_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup):
    return ET.fromstring(str(markup))


def _texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def _no_style_anywhere(root):
    return all("style" not in element.attrib for element in root.iter()) and not list(
        root.iter(f"{SVG}style")
    )


def test_confidence_chart_is_named_valid_svg_with_every_value():
    markup = confidence_chart(
        [("Understanding yourself", 2.5, 4.0, 12), ("Leading change", 3.25, 3.5, 3)],
        chart_id="confidence",
    )

    assert isinstance(markup, SafeString)
    root = _parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == "confidence-title confidence-desc"
    assert root.attrib["width"] == "100%"
    assert root.attrib["viewBox"].startswith("0 0 640 ")
    title = root.find(f"{SVG}title")
    assert title.attrib["id"] == "confidence-title"
    assert title.text == "Mean confidence at baseline and at the end of the programme, by skill"
    assert root.find(f"{SVG}desc").text == (
        "Understanding yourself: baseline 2.5, end of programme 4.0 (n = 12); "
        "Leading change: baseline 3.25, end of programme 3.5 (n = 3)."
    )
    texts = _texts(root)
    assert "Baseline" in texts
    assert "End of programme" in texts
    for expected in ("Understanding yourself", "n = 12", "2.5", "4.0", "n = 3", "3.25", "3.5"):
        assert expected in texts
    assert _no_style_anywhere(root)
    assert "<script" not in markup


def test_confidence_chart_row_without_pairs_says_so():
    root = _parse(
        confidence_chart(
            [("Coaching", None, None, 0), ("Leading change", 2.0, 3.0, 1)], chart_id="c"
        )
    )

    texts = _texts(root)
    assert texts.count("No paired answers") == 1
    assert "n = 0" in texts
    # Two bars for the one paired row, none for the other (plus the two legend swatches).
    assert len(list(root.iter(f"{SVG}rect"))) == 4


def test_confidence_chart_no_rows_is_still_valid_and_says_so():
    root = _parse(confidence_chart([], chart_id="empty"))

    assert root.find(f"{SVG}title").attrib["id"] == "empty-title"
    assert _texts(root) == ["No figures to show yet."]


def test_chart_long_label_wraps_to_two_lines_and_ends_in_ellipsis():
    label = "Understanding yourself and your leadership style in a changing system of care"
    root = _parse(rating_chart([(label, 4.0, 5)], chart_id="r"))

    texts = _texts(root)
    assert "Understanding yourself" in texts
    wrapped = [text for text in texts if text.endswith("…")]
    assert len(wrapped) == 1
    assert len(wrapped[0]) <= 24
    assert label not in texts


def test_chart_escapes_labels_and_id():
    markup = rating_chart([("<b>Tom & Jerry</b>", 3.0, 2)], chart_id='x" onload="y')
    root = _parse(markup)

    assert "<b>Tom & Jerry</b>" in _texts(root)
    assert root.attrib["id"] == 'x" onload="y'
    assert "onload" not in root.attrib


def test_rating_chart_values_and_missing_mean():
    root = _parse(
        rating_chart(
            [("Module one", 4.25, 10), ("Module two", None, 0)], chart_id="ratings", maximum=5
        )
    )

    texts = _texts(root)
    assert root.find(f"{SVG}title").text == "Mean rating"
    assert [t for t in texts if t in ("4.25", "n = 10", "No ratings yet", "n = 0")] == [
        "n = 10",
        "4.25",
        "n = 0",
        "No ratings yet",
    ]
    assert "Mean rating, from 1 (lowest) to 5 (highest)" in texts
    assert _no_style_anywhere(root)
    bars = list(root.iter(f"{SVG}rect"))
    assert len(bars) == 1
    assert bars[0].attrib["width"] == "333.2"


def test_rating_chart_maximum_sets_the_scale():
    root = _parse(
        rating_chart([("Overall", 10.0, 3)], chart_id="r", maximum=10, title="Out of ten")
    )

    texts = _texts(root)
    assert root.find(f"{SVG}title").text == "Out of ten"
    assert "10" in texts  # the last tick
    assert "10.0" in texts  # the value
    assert next(root.iter(f"{SVG}rect")).attrib["width"] == "392"


def test_percent_chart_values_details_and_missing_percent():
    root = _parse(
        percent_chart(
            [
                ("Baseline", 82, "9 of 11"),
                ("Final evaluation", None, "0 of 0"),
                ("Low", 0, "0 of 4"),
            ],
            chart_id="rates",
            title="Response rates",
        )
    )

    texts = _texts(root)
    for expected in ("82%", "9 of 11", "No figures yet", "0 of 0", "0%", "0 of 4", "100%"):
        assert expected in texts
    assert root.find(f"{SVG}desc").text == (
        "Baseline: 82% (9 of 11); Final evaluation: no figures yet; Low: 0% (0 of 4)."
    )
    assert _no_style_anywhere(root)


def test_percent_chart_clamps_values_outside_the_scale():
    root = _parse(percent_chart([("Over", 130, "13 of 10")], chart_id="p"))

    assert next(root.iter(f"{SVG}rect")).attrib["width"] == "392"
    assert "130%" in _texts(root)
