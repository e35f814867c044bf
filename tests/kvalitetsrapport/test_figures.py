"""Step D's figures: the provider's own beside all providers', from the register and the latest closed survey."""

from datetime import date

from kvalitetsrapport.figures import register_comparison, survey_comparison
from tests.factories import analysed_survey, make_responses
from tests.kvalitetsrapport.factories import insats, open_round, report_of


def test_register_figures_of_the_provider_and_of_all(actors):
    insats(actors.provider_a, customer="A1", start=date(2022, 1, 1))  # ongoing more than 12 months
    insats(actors.provider_a, customer="A2", start=date(2023, 3, 1), end_date=date(2023, 6, 9), exit_reason="arbete")
    insats(actors.provider_b, customer="B1", start=date(2023, 2, 1), end_date=date(2023, 5, 1), exit_reason="flytt")
    rows = register_comparison(2023, actors.provider_a)
    assert [row["programme"] for row in rows] == ["Språk- och arbetsintroduktion (SAI)", None]
    total = rows[-1]
    own, everyone = total["own"], total["all"]
    assert (own.insatser, own.ongoing, own.closed, own.self_support) == (2, 1, 1, 1)
    assert own.share_self_support == 1.0 and own.mean_days == 100 and own.flags == {"green": 0, "yellow": 0, "red": 1}
    assert (everyone.insatser, everyone.closed, everyone.share_self_support) == (3, 2, 0.5)


def test_survey_figures_come_from_the_latest_closed_survey(actors):
    assert survey_comparison(actors.provider_a) is None
    survey = analysed_survey()
    make_responses(survey, 40)
    figures = survey_comparison(actors.provider_a)
    assert figures["survey"] == survey and (figures["own_responses"], figures["all_responses"]) == (20, 40)
    nki = next(area for area in figures["areas"] if area["area"] == "NKI")
    assert nki["own"].mean is not None and nki["all"].mean is not None and nki["own"].n <= 20


def test_a_providers_small_group_reads_too_few_answers(client, actors):
    insats(actors.provider_a)
    report = report_of(open_round(actors.provider_a), actors.provider_a)
    survey = analysed_survey()
    make_responses(survey, 24, providers=("Anordnare A",) + ("Anordnare B",) * 7)  # 3 answers for A
    figures = survey_comparison(actors.provider_a)
    nki = next(area for area in figures["areas"] if area["area"] == "NKI")
    assert nki["own"].mean is None and nki["all"].mean is not None
    client.force_login(actors.member_a)
    page = client.get(f"/kvalitetsrapport/rapport/{report.pk}/steg/d/").content.decode()
    assert "För få svar" in page and "Kundenkäten: Kundenkät 2023" in page
