"""Small helpers for driving the application pages through the test client."""


def url(application, page="", *args) -> str:
    """/supplier/applications/<id>/<page>/ with extra path parts."""
    parts = [f"/supplier/applications/{application.pk}", page, *map(str, args)]
    return "/".join(part for part in parts if part != "") + "/"


def save(client, path, data=None, *, later=False):
    """POST a page of the application with "Save and continue", or "Save and come back later"."""
    return client.post(path, {**(data or {}), "action": "later" if later else "continue"})
