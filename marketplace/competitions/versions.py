"""What a competition says, as a plain document: stored with each version and compared side by side."""

from django.utils.html import strip_tags

from .timing import uk_time


def snapshot(competition) -> dict:
    """Everything a supplier is shown, in a form that can be stored and compared."""
    return {
        "title": competition.title,
        "summary": competition.summary,
        "problem": competition.problem,
        "category": competition.category.name,
        "budget_min_pence": competition.budget_min_pence,
        "budget_max_pence": competition.budget_max_pence,
        "contract_months": competition.contract_months,
        "expected_start": competition.expected_start.isoformat() if competition.expected_start else None,
        "location": competition.location,
        "regions": sorted(region.name for region in competition.regions.all()),
        "outcomes": [
            {"description": outcome.description, "success_measure": outcome.success_measure}
            for outcome in competition.outcomes.all()
        ],
        "criteria": [
            {
                "id": criterion.pk,
                "name": criterion.name,
                "kind": criterion.kind,
                "weighting": criterion.weighting,
                "question": criterion.question,
                "guidance": criterion.guidance,
                "word_limit": criterion.word_limit,
                "scale": criterion.scale,
            }
            for criterion in competition.criteria.all()
        ],
        "price_formula": competition.get_price_formula_display(),
        "tie_break": competition.get_tie_break_display(),
        "documents": [
            {"id": document.pk, "title": document.title, "sha256": document.sha256}
            for document in competition.documents.all()
            if document.removed_at is None
        ],
        "clarification_deadline": (
            competition.clarification_deadline.isoformat() if competition.clarification_deadline else None
        ),
        "submission_deadline": competition.submission_deadline.isoformat() if competition.submission_deadline else None,
        "expected_award_date": competition.expected_award_date.isoformat() if competition.expected_award_date else None,
    }


def _show(key: str, value) -> str:
    from datetime import datetime

    if value in (None, "", []):
        return "Not given"
    if key.endswith("_deadline"):
        return uk_time(datetime.fromisoformat(value))
    if key.endswith("_pence"):
        whole, part = divmod(value, 100)
        return f"£{whole:,}" + (f".{part:02d}" if part else "")
    return strip_tags(str(value))


LABELS = {
    "title": "Title",
    "summary": "Summary",
    "problem": "Problem to solve",
    "budget_min_pence": "Budget from",
    "budget_max_pence": "Budget up to",
    "contract_months": "Contract length in months",
    "expected_start": "Expected start",
    "location": "Location",
    "regions": "Regions",
    "clarification_deadline": "Clarification deadline",
    "submission_deadline": "Submission deadline",
    "expected_award_date": "Expected award date",
}


def changes(before: dict, after: dict) -> list[dict]:
    """The differences between two snapshots as rows of (what, before, after), in reading order."""
    rows = []
    for key, label in LABELS.items():
        if before.get(key) != after.get(key):
            old, new = before.get(key), after.get(key)
            if key == "regions":
                old, new = ", ".join(old or []), ", ".join(new or [])
            rows.append({"what": label, "before": _show(key, old), "after": _show(key, new)})
    if before.get("outcomes") != after.get("outcomes"):
        rows.append(
            {
                "what": "Outcomes",
                "before": "; ".join(o["description"] for o in before.get("outcomes", [])) or "None",
                "after": "; ".join(o["description"] for o in after.get("outcomes", [])) or "None",
            }
        )
    old_criteria = {c["id"]: c for c in before.get("criteria", [])}
    new_criteria = {c["id"]: c for c in after.get("criteria", [])}
    for criterion_id in list(old_criteria) + [i for i in new_criteria if i not in old_criteria]:
        old, new = old_criteria.get(criterion_id), new_criteria.get(criterion_id)
        name = (new or old)["name"]
        if old is None:
            rows.append({"what": f"Criterion: {name}", "before": "Not in this version", "after": "Added"})
            continue
        if new is None:
            rows.append({"what": f"Criterion: {name}", "before": "In the earlier version", "after": "Removed"})
            continue
        for field, label in (
            ("name", "name"), ("weighting", "weighting (%)"), ("question", "question"),
            ("guidance", "guidance"), ("word_limit", "word limit"),
        ):
            if old.get(field) != new.get(field):
                rows.append(
                    {
                        "what": f"{name}: {label}",
                        "before": _show(field, old.get(field)),
                        "after": _show(field, new.get(field)),
                    }
                )
    old_docs = {d["id"]: d for d in before.get("documents", [])}
    new_docs = {d["id"]: d for d in after.get("documents", [])}
    for doc_id, doc in old_docs.items():
        if doc_id not in new_docs:
            rows.append({"what": f"Document: {doc['title']}", "before": "Included", "after": "Removed"})
    for doc_id, doc in new_docs.items():
        if doc_id not in old_docs:
            rows.append({"what": f"Document: {doc['title']}", "before": "Not included", "after": "Added"})
    return rows
