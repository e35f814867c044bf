"""The core's result in its plain-data form (`AnalysisResult.to_dict()`, the JSON document's
shape), for the tests that read the core's figures by key. No Django here: the dimensions are
passed as plain strings, as the Django layer passes them (checked in test_core_boundary)."""

from analys import core

DIMS = ("gender", "age_group", "programme", "provider", "status", "language")
WEIGHTING_DIMS = ("gender", "age_group", "programme")


def analyse(responses, questions, **kwargs):
    kwargs.setdefault("dims", DIMS)
    kwargs.setdefault("weighting_dims", WEIGHTING_DIMS)
    return core.analyse(responses, questions, **kwargs).to_dict()
