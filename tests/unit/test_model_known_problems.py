"""What `validate` found for an agreement is kept for that very agreement, and only for it."""

from __future__ import annotations

from mentortui.model.base import replace
from mentortui.model.sample import sample_agreement
from mentortui.model.validation import _validate, known_problems, missing, validate


def a_faulty_agreement():
    """The sample with a problem in a goal, a date and a one-line text."""
    agreement = sample_agreement()
    goal = replace(agreement.goals[0], title="line one\nline two")
    return agreement.edit(goals=(goal, *agreement.goals[1:]), end_date=agreement.start_date)


def test_an_agreement_judged_in_full_is_known_by_identity_not_by_equality():
    agreement = a_faulty_agreement()
    assert known_problems(agreement) is None
    found = validate(agreement)
    assert found and known_problems(agreement) == found
    equal = agreement.edit()  # equal, but another object: it may have been judged otherwise
    assert equal == agreement and equal is not agreement
    assert known_problems(equal) is None


def test_what_is_known_is_what_a_fresh_judgement_finds_and_callers_cannot_change_it():
    agreement = a_faulty_agreement()
    first = validate(agreement)
    first.append(first[0])  # a caller adding to its list (missing() does) changes nothing kept
    assert validate(agreement) == _validate(agreement, None)
    assert missing(agreement) == missing(agreement)


def test_a_step_filtering_the_known_problems_sees_what_judging_its_own_fields_finds():
    agreement = a_faulty_agreement()
    full = validate(agreement)
    for only in ({"goals"}, {"start_date", "end_date"}, {"mentee", "mentor"}, {"schedule"}):
        assert [p for p in full if p.path.split(".")[0].split("[")[0] in only] == validate(agreement, only=only)
