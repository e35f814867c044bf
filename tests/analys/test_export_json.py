"""export_analysis --out FILE.json: the documented JSON, key by key and type by type."""

import json

import pytest
from django.core.management import CommandError, call_command

from analys.models import ExportLog
from tests.factories import CODES, analysed_survey, make_invitations, make_responses

pytestmark = pytest.mark.django_db

DIMS = ("gender", "age_group", "programme", "provider", "status", "language")
QUADRANTS = {"green", "blue", "yellow", "orange"}


def _export(tmp_path, *args: str) -> dict:
    out = tmp_path / "analys.json"
    call_command("export_analysis", "kundenkat-2023", "--out", str(out), *args)
    return json.loads(out.read_text(encoding="utf-8"))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_figure(figure: dict) -> None:
    assert isinstance(figure["n"], int) and not isinstance(figure["n"], bool)
    assert figure["mean"] is None or isinstance(figure["mean"], float)


def _check_interval(value: object) -> None:
    assert value is None or (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value))


def test_the_json_has_every_fixed_key_with_the_documented_type(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)

    data = _export(tmp_path, "--bootstrap", "200")

    assert data["survey"] == "kundenkat-2023"
    assert data["method"] == "correlation"
    assert data["min_n"] == 5 and isinstance(data["min_n"], int)
    assert data["n_invited"] == 219
    assert data["n_responses"] == 72
    assert data["response_rate"] == pytest.approx(72 / 219)
    assert list(data["areas"]) == ["NKI", "Mål", "Arbetsplats", "Utveckling"]
    for figure in data["areas"].values():
        _check_figure(figure)
    assert [q["code"] for q in data["questions"]] == CODES
    for question in data["questions"]:
        assert isinstance(question["code"], str) and isinstance(question["area"], str)
        assert isinstance(question["text"], str) and question["text"]
        _check_figure(question)
        assert question["effect"] is None or isinstance(question["effect"], float)
        assert question["quadrant"] is None or question["quadrant"] in QUADRANTS
        _check_interval(question["mean_ci"])
        _check_interval(question["effect_ci"])
        assert question["stability"] is None or 0.0 <= question["stability"] <= 1.0
    assert any(q["quadrant"] for q in data["questions"])
    assert isinstance(data["matrix"]["satisfaction_split"], float)
    assert isinstance(data["matrix"]["effect_split"], float)
    assert set(data["groups"]) == set(DIMS)
    for groups in data["groups"].values():
        for group in groups:
            assert isinstance(group["value"], str) and isinstance(group["n"], int)
            assert list(group["areas"]) == list(data["areas"])
            assert list(group["questions"]) == CODES
            for figure in [*group["areas"].values(), *group["questions"].values()]:
                _check_figure(figure)
    assert data["weighted"] is None


def test_group_values_are_the_values_as_imported(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)

    data = _export(tmp_path, "--bootstrap", "0")

    assert [g["value"] for g in data["groups"]["gender"]] == ["kvinna", "man"]
    assert [g["value"] for g in data["groups"]["status"]] == ["avslutad", "pagaende"]
    assert "18-24" in [g["value"] for g in data["groups"]["age_group"]]
    assert "Jobbpeng grund" in [g["value"] for g in data["groups"]["programme"]]


def test_a_suppressed_figure_has_a_null_mean_and_keeps_its_n(tmp_path):
    survey = analysed_survey(min_n=5)
    make_responses(survey, 72)

    data = _export(tmp_path, "--bootstrap", "0", "--by", "language")

    shown = next(g for g in data["groups"]["language"] if g["value"] == "en")
    assert shown["n"] == 9
    assert shown["areas"]["NKI"]["n"] >= 5 and shown["areas"]["NKI"]["mean"] is not None
    raised = _export(tmp_path, "--bootstrap", "0", "--by", "language", "--min-n", "10")
    hidden = next(g for g in raised["groups"]["language"] if g["value"] == "en")
    assert hidden["areas"]["NKI"]["mean"] is None
    assert hidden["areas"]["NKI"]["n"] == shown["areas"]["NKI"]["n"]
    assert hidden["questions"]["q1"]["n"] > 0 and hidden["questions"]["q1"]["mean"] is None
    assert raised["min_n"] == 10


def test_means_are_full_precision(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)

    data = _export(tmp_path, "--bootstrap", "0")

    means = [q["mean"] for q in data["questions"] if q["mean"] is not None]
    assert any(round(m, 4) != m for m in means)


def test_without_invitations_the_sample_is_unknown_and_weighting_is_skipped(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 30)

    data = _export(tmp_path, "--bootstrap", "0", "--weighted")

    assert data["n_invited"] is None
    assert data["response_rate"] is None
    assert data["weighted"] is None
    assert data["weighting"]["applied"] is False


def test_weighted_figures_come_next_to_the_unweighted_ones(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)

    data = _export(tmp_path, "--bootstrap", "0", "--weighted")

    assert data["weighted"] is not None
    assert set(data["weighted"]["areas"]) == set(data["areas"])
    assert data["weighting"]["applied"] is True
    assert isinstance(data["weighting"]["design_effect"], float)
    assert data["areas"]["NKI"]["mean"] is not None


def test_options_reach_the_analysis(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)

    data = _export(
        tmp_path,
        "--method",
        "regression",
        "--by",
        "programme*gender,status",
        "--bootstrap",
        "50",
        "--seed",
        "7",
        "--satisfaction-split",
        "4.0",
        "--effect-split",
        "0.3",
    )

    assert data["method"] == "regression"
    assert set(data["groups"]) == {"programme*gender", "status"}
    assert "Jobbpeng grund*kvinna" in [g["value"] for g in data["groups"]["programme*gender"]]
    assert data["matrix"]["satisfaction_split"] == 4.0
    assert data["matrix"]["effect_split"] == 0.3
    assert data["bootstrap"] == {"resamples": 50, "seed": 7}


def test_the_same_seed_gives_the_same_intervals(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)

    first = _export(tmp_path, "--bootstrap", "100", "--seed", "3")
    second = _export(tmp_path, "--bootstrap", "100", "--seed", "3")

    assert [q["mean_ci"] for q in first["questions"]] == [q["mean_ci"] for q in second["questions"]]


def test_every_export_by_command_is_logged(tmp_path, actors):
    survey = analysed_survey()
    make_responses(survey, 20)

    _export(tmp_path, "--bootstrap", "0", "--user", "qd")

    log = ExportLog.objects.get()
    assert log.survey == survey and log.survey_slug == "kundenkat-2023"
    assert log.format == "json" and log.channel == "command"
    assert log.user == actors.quality_developer and log.actor == "qd"


@pytest.mark.parametrize(
    "args",
    [
        ("--by", "shoe_size"),
        ("--by", "gender*gender"),
        ("--min-n", "0"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_logged(tmp_path, args):
    survey = analysed_survey()
    make_responses(survey, 10)

    with pytest.raises(CommandError):
        _export(tmp_path, *args)
    assert not ExportLog.objects.exists()


def test_an_unknown_survey_or_format_is_refused(tmp_path):
    analysed_survey()
    with pytest.raises(CommandError):
        call_command("export_analysis", "nope", "--out", str(tmp_path / "a.json"))
    with pytest.raises(CommandError):
        call_command("export_analysis", "kundenkat-2023", "--out", str(tmp_path / "a.pdf"))
