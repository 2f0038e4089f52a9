"""Check your answers, submission and the confirmation."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import dateformat

from marketplace.admission import services
from marketplace.admission.models import (
    CyberEssentials,
    SubjectKind,
)
from marketplace.admission.services import IncompleteApplication
from marketplace.errors import DomainError

from ..forms import (
    INSURANCE_COVERS,
    SUBJECT_QUESTIONS,
    pounds,
)
from .common import KIND_PAGES, _refused, _subjects, _url, application_page

def _date(value) -> str:
    return dateformat.format(value, "j F Y") if value else ""


def _missing_link(application, missing, subjects) -> str:
    """The page (and field on it) that fixes a missing answer."""
    by_pk = {subject.pk: subject for subject in subjects}
    section, field = missing.section, missing.field
    if section == "details":
        return f"{_url('application_details', application)}#id_details_confirmed"
    if section == "categories":
        return f"{_url('application_categories', application)}#id_categories_1"
    if section == "statements":
        return f"{_url('application_statements', application)}#id_{field}"
    if section == "connected":
        kind = (
            SubjectKind.CONNECTED_PERSON
            if field in ("has_connected_persons", SubjectKind.CONNECTED_PERSON)
            else SubjectKind.SUBCONTRACTOR
        )
        if field in SubjectKind.values:
            return f"{_url(KIND_PAGES[kind]['list'], application)}#add"
        return f"{_url(KIND_PAGES[kind]['question'], application)}#id_{field}_1"
    if section == "grounds":
        subject = by_pk.get(int(field.removeprefix("subject_")))
        if subject is None:
            return _url("application", application)
        if subject.no_grounds_apply is False:  # the grounds are chosen; what is missing is an explanation
            return _url("application_ground_details", application, subject.pk)
        return f"{_url('application_grounds', application, subject.pk)}#id_grounds_1"
    if section == "insurance":
        anchor = "id_insurance_by_award_1" if field == "insurance_by_award" else f"id_{field.removesuffix('_pence')}"
        return f"{_url('application_insurance', application)}#{anchor}"
    if section == "cyber":
        anchor = {
            "cyber_essentials": "id_cyber_essentials_1",
            "cyber_certificate_number": "id_certificate_number",
            "cyber_certificate_expiry": "id_expiry_day",
        }[field]
        return f"{_url('application_cyber', application)}#{anchor}"
    if section == "declaration":
        anchor = {"declaration_name": "id_name", "declaration_role": "id_role", "declaration_confirmed": "id_confirmed"}
        return f"{_url('application_declaration', application)}#{anchor[field]}"
    return _url("application", application)


def _row(key, lines, url=None, hidden=""):
    lines = [line for line in (lines if isinstance(lines, list) else [lines]) if line] or ["Not answered"]
    return {"key": key, "lines": lines, "url": url, "hidden": hidden or key.lower()}


def _grounds_rows(application, subject, editable):
    url = _url("application_grounds", application, subject.pk) if editable else None
    details_url = _url("application_ground_details", application, subject.pk) if editable else None
    key = "Exclusion grounds" if subject.kind == SubjectKind.SUPPLIER else f"Exclusion grounds for {subject.name}"
    if subject.no_grounds_apply is None:
        return [_row(key, [], url, f"exclusion grounds for {subject.name}")]
    if subject.no_grounds_apply:
        return [_row(key, "None apply", url, f"exclusion grounds for {subject.name}")]
    rows = []
    for declaration in subject.declarations.all():
        rows.append(
            _row(
                declaration.get_ground_display(),
                [
                    "Mandatory ground" if declaration.is_mandatory else "Discretionary ground",
                    f"What happened: {declaration.explanation or 'not answered'}",
                    f"Self-cleaning: {declaration.self_cleaning or 'not answered'}",
                ],
                details_url,
                f"{declaration.get_ground_display().lower()} for {subject.name}",
            )
        )
    return rows


def _answers(application, *, editable: bool):
    """The application's answers as GOV.UK summary lists, with Change links when it is still a draft."""

    def link(name, *args):
        return _url(name, application, *args) if editable else None

    organisation = application.organisation
    subjects = _subjects(application)
    entries = list(application.categories.all())
    sections = [
        {
            "heading": "Organisation details",
            "rows": [
                _row(
                    "Organisation",
                    [
                        organisation.name,
                        f"Companies House number {organisation.companies_house_number}"
                        if organisation.companies_house_number
                        else "",
                    ],
                ),
                _row(
                    "Details confirmed",
                    "Yes" if application.details_confirmed else "",
                    link("application_details"),
                    "whether your details are confirmed",
                ),
            ],
        },
        {
            "heading": "Categories",
            "rows": [
                _row(
                    "Categories",
                    [entry.category.name for entry in entries],
                    link("application_categories"),
                    "categories",
                )
            ],
        },
        {
            "heading": "Why your solutions fit",
            "rows": [
                _row(
                    entry.category.name,
                    entry.statement,
                    link("application_statements"),
                    f"why your solutions fit {entry.category.name}",
                )
                for entry in entries
            ],
        },
        {
            "heading": "Exclusion grounds: your organisation",
            "rows": _grounds_rows(application, subjects["supplier"], editable),
        },
    ]
    for kind, flag in (
        (SubjectKind.CONNECTED_PERSON, application.has_connected_persons),
        (SubjectKind.SUBCONTRACTOR, application.relies_on_subcontractors),
    ):
        pages = KIND_PAGES[kind]
        rows = [
            _row(
                SUBJECT_QUESTIONS[kind]["label"],
                {True: "Yes", False: "No"}.get(flag, ""),
                link(pages["question"]),
                pages["plural"],
            )
        ]
        for person in subjects[kind]:
            rows.append(_row(person.name, person.relationship, link(pages["list"]), person.name))
            rows.extend(_grounds_rows(application, person, editable))
        sections.append({"heading": pages["title"], "rows": rows})
    if application.insurance_by_award is None:
        insurance = [_row("Insurance", [], link("application_insurance"), "insurance")]
    elif application.insurance_by_award:
        insurance = [
            _row(
                "Insurance",
                "We will hold it by the time a contract is awarded",
                link("application_insurance"),
                "insurance",
            )
        ]
    else:
        insurance = [
            _row(
                title,
                f"£{pounds(getattr(application, f'{name}_pence'))}"
                if getattr(application, f"{name}_pence") is not None
                else "",
                link("application_insurance"),
                f"{title.lower()} cover",
            )
            for name, _label, title, _hint in INSURANCE_COVERS
        ]
    sections.append({"heading": "Insurance", "rows": insurance})
    cyber = [
        _row(
            "Certification",
            application.get_cyber_essentials_display() if application.cyber_essentials else "",
            link("application_cyber"),
            "Cyber Essentials certification",
        )
    ]
    if application.cyber_essentials and application.cyber_essentials != CyberEssentials.NONE:
        cyber += [
            _row(
                "Certificate number",
                application.cyber_certificate_number,
                link("application_cyber"),
                "certificate number",
            ),
            _row(
                "Expiry date",
                _date(application.cyber_certificate_expiry),
                link("application_cyber"),
                "certificate expiry date",
            ),
        ]
    sections.append({"heading": "Cyber Essentials", "rows": cyber})
    sections.append(
        {
            "heading": "Declaration",
            "rows": [
                _row("Full name", application.declaration_name, link("application_declaration"), "your full name"),
                _row("Role", application.declaration_role, link("application_declaration"), "your role"),
                _row(
                    "Declaration",
                    "Confirmed" if application.declaration_confirmed else "",
                    link("application_declaration"),
                    "the declaration",
                ),
            ],
        }
    )
    return sections


@application_page(draft_only=False)
def application_check(request, application):
    error_links = []
    if request.method == "POST":
        try:
            submitted = services.application_submit(actor=request.user, application=application)
        except IncompleteApplication as error:
            subjects = list(application.subjects.all())
            error_links = [(_missing_link(application, gap, subjects), gap.message) for gap in error.missing]
        except DomainError as error:
            _refused(error)
            if not application.is_draft:  # a second submission: say so, and that nothing changed
                messages.error(request, f"{error.message}. You cannot submit it again, and nothing has changed.")
            else:
                messages.error(request, error.message)
            return redirect("suppliers:application", application.pk)
        else:
            return redirect("suppliers:application_submitted", submitted.pk)
    elif not application.is_draft:
        return redirect("suppliers:application", application.pk)
    return render(
        request,
        "suppliers/application/check.html",
        {
            "application": application,
            "answers": _answers(application, editable=True),
            "error_links": error_links,
            "has_errors": bool(error_links),
            "task_list_url": _url("application", application),
        },
    )


@application_page(draft_only=False)
def application_submitted(request, application):
    if application.is_draft:
        return redirect("suppliers:application", application.pk)
    return render(request, "suppliers/application/submitted.html", {"application": application})
