from tests.matrix import Row, public, signed_in


def a_school(world) -> dict:
    from .factories import SchoolFactory

    return {"number": SchoolFactory(number="030387", name="Sint-Barbaracollege").number}


ROWS = [
    # The profile's school picker: suggestions for signed-in people only.
    Row("schools:suggest", signed_in(), query="q=Gent"),
    # The register in the open-data API: public data.
    Row("api:school-list", public()),
    Row("api:school-detail", public(), kwargs=a_school),
]
