"""Every URL of the networks app, every role (see tests/matrix.py)."""

from tests.matrix import Row, public, roles

from .factories import GoodPracticeFactory, shared_attachment


def _published_practice(world):
    return {"pk": GoodPracticeFactory(centre=world.centre).pk}


def _draft_practice(world):
    return {"pk": GoodPracticeFactory(centre=world.centre, status="draft").pk}


def _draft_practice_with_attachment(world):
    practice = GoodPracticeFactory(
        centre=world.centre, status="draft", attachment=shared_attachment()
    )
    return {"pk": practice.pk}


# A draft's attachment: like the draft itself, only for those who may change it; 404 for
# everyone else, signed in or not, so that a draft's existence is not revealed (the published
# case, public, is in test_attachments.py).
DRAFT_READERS = public(404, coordinator=200, admin=200)

# Editing: coordinators of the centre (and admins); another centre's coordinator gets 404,
# people without the coordinator role 403.
EDIT = roles("coordinator", other_centre=404)

ROWS = [
    Row("networks:directory", public()),
    Row("networks:compare", public(), query="network=VL&centre=VOV&centre=VWV"),
    Row("networks:network", public(), kwargs={"code": "VL"}),
    Row("networks:centre", public(), kwargs={"code": "VOV"}),
    Row("networks:centre_edit", EDIT, kwargs={"code": "VOV"}),
    Row("networks:practice_create", EDIT, kwargs={"code": "VOV"}),
    Row("networks:practice", public(), kwargs=_published_practice),
    Row("networks:practice_edit", EDIT, kwargs=_draft_practice),
    Row("networks:practice_attachment", DRAFT_READERS, kwargs=_draft_practice_with_attachment),
]
