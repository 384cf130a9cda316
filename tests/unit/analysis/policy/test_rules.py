"""The rule language: each rule type matches and rejects, which parties the company rules test,
unknown facts; reasons written from the facts."""

from __future__ import annotations

import pytest

from dashboard.analysis.policy import facts as fx
from dashboard.analysis.policy import rules as rl
from dashboard.views.policy_text import finding_reasons

from .measures import applies, facts, measure, party


@pytest.mark.parametrize(
    ("rules", "yes", "no"),
    [
        ({"countries": "RU"}, facts(), facts(party("A", "FI", "FI-18"), party("B", "FI", "FI-18"))),
        ({"countries": "EU"}, facts(party("A", "DK", "DK-85")), facts()),
        ({"countries": "EEA;!DK"}, facts(party("A", "NO", "NO-03")), facts(party("A", "DK"))),
        ({"countries": "!RU"}, facts(party("A", "FI", "FI-18")), facts()),
        (
            {"regions": "RU-LEN"},
            facts(),
            facts(party("A", "RU", "RU-SPE"), party("B", "RU", "RU-SPE")),
        ),
        (
            {"regions": "DK;DE-NW"},
            facts(party("A", "DE", "DE-NW")),
            facts(party("A", "DE", "DE-BY")),
        ),
        ({"nace": "C"}, facts(), facts(party("A", nace="35.11"), party("B", nace="35.11"))),
        ({"nace": "35"}, facts(party("A", nace="35.11")), facts()),
        ({"nace": "10.5"}, facts(party("A", nace="10.51")), facts(party("A", nace="10.11"))),
        ({"nace": "C;!19"}, facts(party("A", nace="23.51")), facts()),
        (
            {"company_size": "sme"},
            facts(party("A", employees=40)),
            facts(party("A", employees=900), party("B", employees=900)),
        ),
        (
            {"company_size": "large"},
            facts(party("A", employees=250)),
            facts(party("A", employees=249), party("B", employees=10)),
        ),
        ({"materials": "fly_ash"}, facts(), facts(material="slag")),
        ({"materials": "group:minerals"}, facts(material="slag"), facts(material="waste_oil")),
        ({"materials": "group:minerals;!slag"}, facts(), facts(material="slag")),
        ({"waste_status": "by_product"}, facts(status="by_product"), facts()),
        ({"waste_status": "waste;by_product"}, facts(), facts(status="not_waste")),
        ({"hazard": "hazardous"}, facts(hazardous=True), facts()),
        ({"hazard": "non_hazardous"}, facts(), facts(hazardous=True)),
        ({"cross_border": "yes"}, facts(target=party("B", "FI", "FI-18")), facts()),
        ({"cross_border": "no"}, facts(), facts(target=party("B", "FI", "FI-18"))),
        (
            {"countries": "EU", "counterpart_countries": "RU"},
            facts(party("A", "FI", "FI-18")),
            facts(party("A", "FI", "FI-18"), party("B", "SE", "SE-M")),
        ),
        (
            {"counterpart_countries": "!RU", "applies_to": "target"},
            facts(party("A", "FI", "FI-18"), party("B", "SE", "SE-M")),
            facts(target=party("B", "FI", "FI-18")),
        ),
    ],
)
def test_each_rule_type_matches_and_rejects(rules, yes, no):
    m = measure(**rules)
    assert applies(m, yes)
    assert not applies(m, no)


def test_applies_to_chooses_which_end_the_company_rules_test():
    ex = facts(party("A", "FI", "FI-18"), party("B", "RU", "RU-LEN"))
    assert applies(measure(countries="RU", applies_to="target"), ex)
    assert not applies(measure(countries="RU", applies_to="source"), ex)
    assert applies(measure(countries="RU", applies_to="exchange"), ex)
    assert not applies(measure(countries="RU", applies_to="both"), ex)
    assert applies(measure(countries="RU;FI", applies_to="both"), ex)


def test_unknown_company_size_applies_with_a_note():
    finding = rl.evaluate(measure(company_size="sme", applies_to="source"), facts())
    assert finding is not None
    assert finding_reasons(finding)[1] == (
        "The number of employees of Company A is unknown: this applies only if it is "
        "an SME (under 250 employees)."
    )


def test_reason_fills_placeholders_with_plain_words():
    m = measure(
        reason_en="{party} in {party_region}, {material} is {waste_status} ({hazard_class}).",
        applies_to="exchange",
    )
    finding = rl.evaluate(m, facts(material="waste_oil", hazardous=True))
    assert finding_reasons(finding) == (
        "source and target in Leningrad (RU-LEN), waste oil is waste (hazardous).",
    )
    ex = fx.ExchangeFacts("X", party("A"), party("B"), "fly_ash", "waste", False, "IV")
    assert finding_reasons(rl.evaluate(m, ex))[0].endswith("(hazard class IV).")


def test_unknown_country_never_counts_as_cross_border():
    ex = facts(target=party("B", None, None))
    assert ex.cross_border is None
    assert not applies(measure(cross_border="yes"), ex)
    assert not applies(measure(cross_border="no"), ex)
