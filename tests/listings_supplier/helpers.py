"""Driving the listing pages through the test client."""

from suppliers.models import SolutionRevision


def url(revision: SolutionRevision, page: str = "", *args) -> str:
    """/supplier/solutions/<id>/versions/<id>/<page>/ with extra path parts."""
    parts = [f"/supplier/solutions/{revision.solution_id}/versions/{revision.pk}", page, *map(str, args)]
    return "/".join(part for part in parts if part != "") + "/"


def solution_url(solution, page: str = "") -> str:
    return f"/supplier/solutions/{solution.pk}/" + (f"{page}/" if page else "")


def save(client, path, data=None, *, later=False):
    """POST a page with "Save and continue", or "Save and come back later"."""
    return client.post(path, {**(data or {}), "action": "later" if later else "continue"})


def text(response) -> str:
    return response.content.decode()
