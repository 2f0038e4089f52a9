"""Starting an application and its GOV.UK task list."""

from django.contrib import messages
from django.shortcuts import redirect, render

from marketplace.admission import selectors, services
from marketplace.admission.models import SubjectKind
from marketplace.errors import DomainError
from marketplace.taxonomy.selectors import active_categories

from .answers import _answers
from .common import _held_categories, _refused, _subjects, _url, application_page, supplier_admin_page

@supplier_admin_page
def application_start(request):
    organisation = request.membership.organisation
    current = selectors.open_application(organisation)
    if current is not None and current.is_draft:
        return redirect("suppliers:application", current.pk)
    if current is not None:
        messages.info(
            request,
            f"Your application {current.reference} is waiting for a decision. "
            "You can apply for more categories once it has been decided.",
        )
        return redirect("suppliers:dashboard")
    if request.method == "POST":
        try:
            application = services.application_start(actor=request.user, organisation=organisation)
        except DomainError as error:
            _refused(error)
            messages.error(request, error.message)
            return redirect("suppliers:dashboard")
        return redirect("suppliers:application", application.pk)
    held = _held_categories(request.user)
    lacking = [category for category in active_categories() if category.pk not in held]
    return render(request, "suppliers/application/start.html", {"organisation": organisation, "lacking": lacking})


# The task list, and the read-only application once submitted.

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "not_started", "in_progress", "completed", "cannot_start"


def _status(started: bool, missing) -> str:
    if not started:
        return NOT_STARTED
    return IN_PROGRESS if missing else COMPLETED


def _tasks(application, missing):
    """The task list: groups of tasks, each with its link and status, from what the core reports missing."""
    subjects = _subjects(application)
    supplier = subjects["supplier"]
    entries = list(application.categories.all())

    def of(section, fields=None):
        return [m for m in missing if m.section == section and (fields is None or m.field in fields)]

    def kind_missing(kind, flag_field):
        people = subjects[kind]
        fields = {flag_field, kind, *(f"subject_{person.pk}" for person in people)}
        return [m for m in missing if m.field in fields]

    statements_missing = of("statements")
    tasks = {
        "details": (application.details_confirmed, of("details")),
        "categories": (bool(entries), of("categories")),
        "statements": (any(entry.statement for entry in entries), statements_missing),
        "grounds": (supplier.no_grounds_apply is not None, of("grounds", {f"subject_{supplier.pk}"})),
        "connected": (
            application.has_connected_persons is not None,
            kind_missing(SubjectKind.CONNECTED_PERSON, "has_connected_persons"),
        ),
        "subcontractors": (
            application.relies_on_subcontractors is not None,
            kind_missing(SubjectKind.SUBCONTRACTOR, "relies_on_subcontractors"),
        ),
        "insurance": (application.insurance_by_award is not None, of("insurance")),
        "cyber": (bool(application.cyber_essentials), of("cyber")),
        "declaration": (
            bool(application.declaration_name or application.declaration_role or application.declaration_confirmed),
            of("declaration"),
        ),
    }
    status = {key: _status(started, gaps) for key, (started, gaps) in tasks.items()}
    if not entries:
        status["statements"] = CANNOT_START
    status["check"] = CANNOT_START if missing else NOT_STARTED
    links = {
        "details": _url("application_details", application),
        "categories": _url("application_categories", application),
        "statements": _url("application_statements", application),
        "grounds": _url("application_grounds", application, supplier.pk),
        "connected": _url("application_connected", application),
        "subcontractors": _url("application_subcontractors", application),
        "insurance": _url("application_insurance", application),
        "cyber": _url("application_cyber", application),
        "declaration": _url("application_declaration", application),
        "check": _url("application_check", application),
    }
    hints = {
        "statements": "Choose your categories first" if not entries else "",
        "check": "Complete every section above first" if missing else "",
    }
    groups = [
        (
            "About your organisation",
            [
                ("details", "Organisation details"),
                ("categories", "Categories"),
                ("statements", "Why your solutions fit"),
            ],
        ),
        (
            "Exclusion grounds",
            [
                ("grounds", "Exclusion grounds: your organisation"),
                ("connected", "Connected persons"),
                ("subcontractors", "Subcontractors you rely on"),
            ],
        ),
        (
            "Insurance and security",
            [
                ("insurance", "Insurance"),
                ("cyber", "Cyber Essentials"),
            ],
        ),
        (
            "Declaration and submission",
            [
                ("declaration", "Declaration"),
                ("check", "Check your answers and submit"),
            ],
        ),
    ]
    return [
        {
            "heading": heading,
            "tasks": [
                {
                    "key": key,
                    "name": name,
                    "status": status[key],
                    "hint": hints.get(key, ""),
                    "url": links[key] if status[key] != CANNOT_START else None,
                }
                for key, name in items
            ],
        }
        for heading, items in groups
    ]


@application_page(draft_only=False)
def application(request, application):
    if application.is_draft:
        missing = services.application_missing_answers(application)
        groups = _tasks(application, missing)
        sections = [task for group in groups for task in group["tasks"] if task["key"] != "check"]
        return render(
            request,
            "suppliers/application/task_list.html",
            {
                "application": application,
                "groups": groups,
                "completed": sum(1 for task in sections if task["status"] == COMPLETED),
                "total": len(sections),
                "complete": not missing,
            },
        )
    return render(
        request,
        "suppliers/application/view.html",
        {"application": application, "answers": _answers(application, editable=False)},
    )


# Organisation details, categories and statements.
