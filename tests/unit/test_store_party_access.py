"""The store's parties rule: a non-coordinator saves only agreements they are a party to, on
disk and as saved; coordinators (and a store not told who writes) are not held to it."""

from __future__ import annotations

import pytest

from mentortui.model import Agreement, Party
from mentortui.model.people import (
    CHANGING_THE_OTHER_PARTY,
    LEAVING_THE_AGREEMENT,
    NO_LONGER_A_PARTY,
    NOT_ONE_OF_ITS_PARTIES,
    Person,
    PersonRole,
)
from mentortui.store import NotAPartyError, Store


def registry(tmp_path) -> Agreement:
    """ana (mentee), bo (mentor), gus (mentee), cora (coordinator); an agreement of ana and bo."""
    store = Store(tmp_path)
    for handle, role in (
        ("ana", PersonRole.MENTEE),
        ("bo", PersonRole.MENTOR),
        ("gus", PersonRole.MENTEE),
        ("cora", PersonRole.COORDINATOR),
    ):
        store.people.put(Person(handle, handle.capitalize(), role))
    return store.create(Agreement(title="Ana ↔ Bo", mentee=Party("Ana", handle="ana"), mentor=Party("Bo", handle="bo")))


def handed_to_others(agreement: Agreement) -> Agreement:
    return agreement.edit(mentee=Party("Gus", handle="gus"), mentor=agreement.mentor.edit(handle="bo"))


def test_a_mentee_cannot_give_her_agreement_to_others(tmp_path):
    agreement = registry(tmp_path)
    with pytest.raises(NotAPartyError) as refused:
        Store(tmp_path, user="ana").save(handed_to_others(agreement))
    assert str(refused.value) == LEAVING_THE_AGREEMENT and not refused.value.removed
    stored = Store(tmp_path).load(agreement.id)
    assert (stored.mentee.handle, stored.mentor.handle, stored.revision) == ("ana", "bo", 1)


def test_someone_taken_off_an_agreement_can_no_longer_save_it(tmp_path):
    agreement = registry(tmp_path)
    cora = Store(tmp_path, user="cora")  # a coordinator puts gus in ana's place
    off = cora.save(agreement.edit(mentee=Party("Gus", handle="gus")))
    assert off.mentee.handle == "gus"
    ana = Store(tmp_path, user="ana")
    typed = agreement.edit(mentee=agreement.mentee.edit(contact="ana-after-removal@x.org"))
    with pytest.raises(NotAPartyError) as refused:
        ana.save(typed, base=agreement)
    assert str(refused.value) == NO_LONGER_A_PARTY and refused.value.removed
    with pytest.raises(NotAPartyError):
        ana.update(agreement.id, lambda a: a.edit(title="ana-after-removal"))
    raw = (tmp_path / "agreements").glob("*.json")
    assert not any("ana-after-removal" in path.read_text() for path in raw)
    assert Store(tmp_path).load(agreement.id).revision == off.revision


def test_a_coordinator_may_change_the_parties(tmp_path):
    agreement = registry(tmp_path)
    stored = Store(tmp_path, user="cora").save(handed_to_others(agreement))
    assert (stored.mentee.handle, stored.mentor.handle, stored.updated_by) == ("gus", "bo", "cora")


def test_a_new_agreement_names_its_maker(tmp_path):
    registry(tmp_path)
    with pytest.raises(NotAPartyError, match=NOT_ONE_OF_ITS_PARTIES):
        Store(tmp_path, user="ana").create(Agreement(title="Not mine", mentee=Party("Gus", handle="gus")))
    mine = Store(tmp_path, user="ana").create(Agreement(title="Mine", mentee=Party("Ana", handle="ana")))
    assert mine.revision == 1


def test_before_anyone_is_registered_anyone_saves(tmp_path):
    agreement = Store(tmp_path).create(Agreement(mentee=Party("Ana", handle="ana")))
    stored = Store(tmp_path, user="whoever").save(agreement.edit(mentee=Party("Gus", handle="gus")))
    assert stored.mentee.handle == "gus"


@pytest.mark.parametrize("handle", ["gus", "", "nobody-registered", "cora"])
def test_a_party_cannot_change_who_the_other_party_is(tmp_path, handle):
    """bo (the mentor) would take ana off her own agreement, or hand it to someone else."""
    agreement = registry(tmp_path)
    with pytest.raises(NotAPartyError) as refused:
        Store(tmp_path, user="bo").save(agreement.edit(mentee=agreement.mentee.edit(handle=handle)))
    assert str(refused.value) == CHANGING_THE_OTHER_PARTY and not refused.value.removed
    stored = Store(tmp_path).load(agreement.id)
    assert (stored.mentee.handle, stored.mentor.handle, stored.revision) == ("ana", "bo", 1)
    # The rest of the other party is theirs to mend too (a typo in the name), as before.
    renamed = Store(tmp_path, user="bo").save(agreement.edit(mentee=agreement.mentee.edit(name="Ana S.")))
    assert (renamed.mentee.name, renamed.mentee.handle) == ("Ana S.", "ana")


def test_a_party_still_links_an_other_party_not_linked_yet(tmp_path):
    registry(tmp_path)
    store = Store(tmp_path, user="ana")
    unlinked = store.create(Agreement(title="Ana ↔ ?", mentee=Party("Ana", handle="ana"), mentor=Party("Bo")))
    linked = store.save(unlinked.edit(mentor=unlinked.mentor.edit(handle="bo")))
    assert linked.mentor.handle == "bo"
    with pytest.raises(NotAPartyError, match=CHANGING_THE_OTHER_PARTY):
        store.save(linked.edit(mentor=linked.mentor.edit(handle="gus")))
