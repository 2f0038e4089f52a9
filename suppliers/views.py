"""The supplier's front door: the dashboard and the application to join the marketplace.

Thin: parse input, call a service or selector of `marketplace.admission`, render. The rules (what an
application needs, who may change it, when it is due) live in the core; the presentation of progress
(task list statuses, the check-your-answers rows) is built here from what the core reports missing.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode

from marketplace.accounts import permissions
from marketplace.accounts.decorators import side_required
from marketplace.accounts.forms import apply_domain_error
from marketplace.accounts.models import Side
from marketplace.admission import permissions as admission_permissions
from marketplace.admission import selectors, services
from marketplace.admission.models import (
    AdmissionStatus,
    ApplicationStatus,
    CyberEssentials,
    SubjectKind,
)
from marketplace.admission.services import GroundAnswer, IncompleteApplication
from marketplace.admission.working_days import uk_date
from marketplace.errors import DomainError, NotAllowed
from marketplace.taxonomy.selectors import active_categories

from .forms import (
    BY_AWARD,
    DECLARATION_TEXT,
    HELD_NOW,
    INSURANCE_COVERS,
    SUBJECT_QUESTIONS,
    SUBJECT_WORDS,
    CategoriesForm,
    ConfirmDetailsForm,
    CyberForm,
    DeclarationForm,
    GroundDetailsForm,
    GroundsForm,
    InsuranceForm,
    StatementsForm,
    SubjectForm,
    YesNoForm,
    pounds,
    yes_no,
)

# Admissions that keep a category off a new application: an active one (the service refuses it too), and a
# suspended one, which only an operator's reinstatement ends. A removed one may be applied for again.
HELD = (AdmissionStatus.ACTIVE, AdmissionStatus.SUSPENDED)


def _held_categories(viewer) -> set[int]:
    return set(
        selectors.admissions_for_supplier(viewer=viewer).filter(status__in=HELD).values_list("category_id", flat=True)
    )


# The dashboard.


@side_required(Side.SUPPLIER)
def dashboard(request):
    """Where the supplier stands: its application, the decisions on it, its admissions. Fixed queries."""
    organisation = request.membership.organisation
    applications = list(selectors.applications_for_supplier(viewer=request.user))
    admissions = list(selectors.admissions_for_supplier(viewer=request.user))
    current = applications[0] if applications else None  # a new application starts only once the last is decided
    held = {admission.category_id for admission in admissions if admission.status in HELD}
    in_progress = current is not None and current.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
    lacking = [] if in_progress else [category for category in active_categories() if category.pk not in held]
    if not applications:
        apply_label = "Apply to join the marketplace"
    elif held:
        apply_label = "Apply for more categories"
    else:
        apply_label = "Apply again"
    return render(
        request,
        "suppliers/dashboard.html",
        {
            "organisation": organisation,
            "is_admin": permissions.can_manage_members(request.user, organisation),
            "can_apply": admission_permissions.can_start_application(request.user, organisation),
            "needs_mfa": permissions.needs_mfa_setup(request.user),
            "current": current,
            "earlier": applications[1:],
            "admissions": admissions,
            "lacking": lacking,
            "apply_label": apply_label,
        },
    )


# Who may use the application pages.


def _denied_to_members(organisation):
    return PermissionDenied(
        f"Only an admin of {organisation.name} can apply to join the marketplace or change its application. "
        "You can follow the application’s progress on your dashboard."
    )


def _mfa_first(request):
    messages.info(request, "Set up two-factor authentication before you apply to join the marketplace.")
    return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


def supplier_admin_page(view):
    """A supplier admin who has set up TOTP: others get a 403 page saying why."""

    @wraps(view)
    @side_required(Side.SUPPLIER)
    def wrapper(request, *args, **kwargs):
        organisation = request.membership.organisation
        if not admission_permissions.can_start_application(request.user, organisation):
            raise _denied_to_members(organisation)
        if permissions.needs_mfa_setup(request.user):
            return _mfa_first(request)
        return view(request, *args, **kwargs)

    return wrapper


def application_page(*, draft_only: bool = True):
    """The supplier's own application (404 for anyone else's), for its admins only, once TOTP is set up.

    With `draft_only`, a submitted application sends the person to its read-only page instead.
    """

    def decorator(view):
        @wraps(view)
        @side_required(Side.SUPPLIER)
        def wrapper(request, application_id, *args, **kwargs):
            try:
                application = selectors.application_for_supplier(viewer=request.user, application_id=application_id)
            except ObjectDoesNotExist as exc:
                raise Http404 from exc
            if not admission_permissions.can_edit_application(request.user, application):
                raise _denied_to_members(application.organisation)
            if permissions.needs_mfa_setup(request.user):
                return _mfa_first(request)
            if draft_only and not application.is_draft:
                messages.info(request, "This application has been submitted, so its answers can no longer be changed.")
                return redirect("suppliers:application", application.pk)
            return view(request, application, *args, **kwargs)

        return wrapper

    return decorator


def _finishing(request) -> bool:
    """True for "Save and continue" (also the default, when Enter is pressed); False for "come back later"."""
    return request.POST.get("action") != "later"


def _data(request):
    return request.POST if request.method == "POST" else None


def _url(name, application, *args):
    return reverse(f"suppliers:{name}", args=[application.pk, *args])


def _question(request, application, form, template, *, title, save, next_url, **context):
    """Show a page of the application; on POST save it through a service and move on.

    `save(cleaned_data)` calls the service and may return a URL to go to instead of `next_url`.
    On an error the bound form is shown again, so nothing typed is lost.
    """
    if request.method == "POST" and form.is_valid():
        try:
            url = save(form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if not _finishing(request):
                messages.success(
                    request,
                    f"Your application {application.reference} has been saved. "
                    "You can come back to it from your dashboard at any time.",
                )
                return redirect("suppliers:dashboard")
            return redirect(url or next_url)
    return render(
        request,
        template,
        {
            "application": application,
            "form": form,
            "title": title,
            "error_links": form.error_links() if form.is_bound else [],
            "task_list_url": _url("application", application),
            **context,
        },
    )


def _refused(error: DomainError):
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error


# Starting.


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


def _subjects(application):
    subjects = list(application.subjects.all())
    return {
        "supplier": next(subject for subject in subjects if subject.kind == SubjectKind.SUPPLIER),
        SubjectKind.CONNECTED_PERSON: [s for s in subjects if s.kind == SubjectKind.CONNECTED_PERSON],
        SubjectKind.SUBCONTRACTOR: [s for s in subjects if s.kind == SubjectKind.SUBCONTRACTOR],
    }


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


@application_page()
def application_details(request, application):
    form = ConfirmDetailsForm(
        _data(request), finishing=_finishing(request), initial={"details_confirmed": application.details_confirmed}
    )

    def save(data):
        services.application_confirm_details(
            actor=request.user, application=application, confirmed=data["details_confirmed"]
        )

    return _question(
        request,
        application,
        form,
        "suppliers/application/details.html",
        title="Confirm your organisation’s details",
        save=save,
        next_url=_url("application_categories", application),
        organisation=application.organisation,
    )


@application_page()
def application_categories(request, application):
    entries = list(application.categories.all())
    held = _held_categories(request.user)
    chosen = {entry.category_id for entry in entries}
    # Categories already chosen stay offered, so the service can say why one can no longer be applied for.
    offered = [c for c in active_categories() if c.pk not in held or c.pk in chosen]
    offered += [entry.category for entry in entries if entry.category not in offered]
    form = CategoriesForm(
        _data(request),
        finishing=_finishing(request),
        categories=offered,
        initial={"categories": [str(pk) for pk in chosen]},
    )

    def save(data):
        if not data["category_objects"] and not entries:
            return  # saved for later with nothing chosen: nothing to keep
        services.application_set_categories(
            actor=request.user, application=application, categories=data["category_objects"]
        )

    return _question(
        request,
        application,
        form,
        "suppliers/application/categories.html",
        title="Categories",
        save=save,
        next_url=_url("application_statements", application),
        offered=offered,
    )


@application_page()
def application_statements(request, application):
    entries = list(application.categories.all())
    if not entries:
        messages.info(request, "Choose the categories you are applying for first.")
        return redirect("suppliers:application_categories", application.pk)
    form = StatementsForm(
        _data(request),
        finishing=_finishing(request),
        entries=entries,
        initial={f"statement_{entry.category_id}": entry.statement for entry in entries},
    )

    def save(data):
        services.application_set_statements(actor=request.user, application=application, statements=form.statements())

    return _question(
        request,
        application,
        form,
        "suppliers/application/statements.html",
        title="Why your solutions fit",
        save=save,
        next_url=_url("application", application),
    )


# Exclusion grounds, for the supplier, a connected person or a subcontractor.

KIND_PAGES = {
    SubjectKind.CONNECTED_PERSON: {
        "question": "application_connected",
        "list": "application_connected_list",
        "add": "application_connected_add",
        "title": "Connected persons",
        "plural": "connected persons",
    },
    SubjectKind.SUBCONTRACTOR: {
        "question": "application_subcontractors",
        "list": "application_subcontractors_list",
        "add": "application_subcontractors_add",
        "title": "Subcontractors you rely on",
        "plural": "subcontractors you rely on",
    },
}


def _subject(application, subject_id):
    """One of the application's own subjects (already prefetched), or 404."""
    for subject in application.subjects.all():
        if subject.pk == subject_id:
            return subject
    raise Http404


def _subject_home(application, subject) -> str:
    """Where a subject's grounds lead back to: the task list for the supplier, or its list of people."""
    if subject.kind == SubjectKind.SUPPLIER:
        return _url("application", application)
    return _url(KIND_PAGES[subject.kind]["list"], application)


def _subject_name(subject) -> str:
    return "your organisation" if subject.kind == SubjectKind.SUPPLIER else subject.name


@application_page()
def application_grounds(request, application, subject_id):
    subject = _subject(application, subject_id)
    declarations = {declaration.ground: declaration for declaration in subject.declarations.all()}
    initial = ["none"] if subject.no_grounds_apply else list(declarations)
    form = GroundsForm(
        _data(request),
        finishing=_finishing(request),
        subject_name=_subject_name(subject),
        initial={"grounds": initial},
    )

    def save(data):
        if form.none_apply:
            services.subject_set_grounds(actor=request.user, subject=subject, none_apply=True)
            return None
        if not form.selected:
            return None  # saved for later with nothing ticked: nothing to keep
        # Explanations already written for grounds still ticked are kept.
        answers = [
            GroundAnswer(
                ground,
                declarations[ground].explanation if ground in declarations else "",
                declarations[ground].self_cleaning if ground in declarations else "",
            )
            for ground in form.selected
        ]
        services.subject_set_grounds(actor=request.user, subject=subject, none_apply=False, answers=answers)
        return _url("application_ground_details", application, subject.pk)

    if subject.kind == SubjectKind.SUPPLIER:
        title = "Do any of these exclusion grounds apply to your organisation?"
    else:
        title = f"Do any of these exclusion grounds apply to {subject.name}?"
    groups, none = form.checkbox_groups()
    return _question(
        request,
        application,
        form,
        "suppliers/application/grounds.html",
        title=title,
        save=save,
        next_url=_subject_home(application, subject),
        subject=subject,
        groups=groups,
        none=none,
        back_url=_subject_home(application, subject),
    )


@application_page()
def application_ground_details(request, application, subject_id):
    subject = _subject(application, subject_id)
    declarations = list(subject.declarations.all())
    if subject.no_grounds_apply is not False or not declarations:
        return redirect("suppliers:application_grounds", application.pk, subject.pk)
    initial = {}
    for declaration in declarations:
        initial[f"explanation_{declaration.ground}"] = declaration.explanation
        initial[f"self_cleaning_{declaration.ground}"] = declaration.self_cleaning
    form = GroundDetailsForm(_data(request), finishing=_finishing(request), declarations=declarations, initial=initial)

    def save(data):
        services.subject_set_grounds(actor=request.user, subject=subject, none_apply=False, answers=form.answers())

    return _question(
        request,
        application,
        form,
        "suppliers/application/ground_details.html",
        title=f"Tell us about the grounds that apply to {_subject_name(subject)}",
        save=save,
        next_url=_subject_home(application, subject),
        subject=subject,
        back_url=_url("application_grounds", application, subject.pk),
    )


def _flag(application, kind):
    if kind == SubjectKind.CONNECTED_PERSON:
        return application.has_connected_persons
    return application.relies_on_subcontractors


@application_page()
def application_subjects_question(request, application, kind):
    question = SUBJECT_QUESTIONS[kind]
    people = [subject for subject in application.subjects.all() if subject.kind == kind]
    form = YesNoForm(
        _data(request),
        finishing=_finishing(request),
        kind=kind,
        initial={question["field"]: yes_no(_flag(application, kind))},
    )

    def save(data):
        answer = form.answer()
        if answer is None:
            return None  # saved for later without an answer
        services.application_set_connected(actor=request.user, application=application, **{question["field"]: answer})
        return _url(KIND_PAGES[kind]["list"], application) if answer else None

    return _question(
        request,
        application,
        form,
        "suppliers/application/subjects_question.html",
        title=KIND_PAGES[kind]["title"],
        save=save,
        next_url=_url("application", application),
        people=people,
        words=SUBJECT_WORDS[kind],
    )


@application_page()
def application_subjects_list(request, application, kind):
    if _flag(application, kind) is not True:
        return redirect(f"suppliers:{KIND_PAGES[kind]['question']}", application.pk)
    people = [
        {
            "subject": subject,
            "answered": subject.no_grounds_apply is True
            or (
                subject.no_grounds_apply is False
                and all(d.explanation and d.self_cleaning for d in subject.declarations.all())
            ),
            "grounds_url": _url("application_grounds", application, subject.pk),
            "remove_url": _url("application_subject_remove", application, subject.pk),
        }
        for subject in application.subjects.all()
        if subject.kind == kind
    ]
    return render(
        request,
        "suppliers/application/subjects_list.html",
        {
            "application": application,
            "title": KIND_PAGES[kind]["title"],
            "people": people,
            "words": SUBJECT_WORDS[kind],
            "add_url": _url(KIND_PAGES[kind]["add"], application),
            "question_url": _url(KIND_PAGES[kind]["question"], application),
            "task_list_url": _url("application", application),
        },
    )


@application_page()
def application_subject_add(request, application, kind):
    if _flag(application, kind) is not True:
        return redirect(f"suppliers:{KIND_PAGES[kind]['question']}", application.pk)
    form = SubjectForm(_data(request), finishing=_finishing(request), kind=kind)

    def save(data):
        if not data["name"]:
            return None  # saved for later with nothing typed
        subject = services.subject_add(
            actor=request.user,
            application=application,
            kind=kind,
            name=data["name"],
            relationship=data["relationship"],
            companies_house_number=data["companies_house_number"],
        )
        return _url("application_grounds", application, subject.pk)

    words = SUBJECT_WORDS[kind]
    return _question(
        request,
        application,
        form,
        "suppliers/application/subject_add.html",
        title=f"Add a {words['one']}",
        save=save,
        next_url=_url(KIND_PAGES[kind]["list"], application),
        back_url=_url(KIND_PAGES[kind]["list"], application),
    )


@application_page()
def application_subject_remove(request, application, subject_id):
    subject = _subject(application, subject_id)
    if subject.kind == SubjectKind.SUPPLIER:
        raise Http404
    list_url = _url(KIND_PAGES[subject.kind]["list"], application)
    if request.method == "POST":
        try:
            services.subject_remove(actor=request.user, subject=subject)
        except DomainError as error:
            _refused(error)
            messages.error(request, error.message)
        else:
            messages.success(request, f"{subject.name} has been removed from your application.")
        return redirect(list_url)
    return render(
        request,
        "suppliers/application/subject_remove.html",
        {"application": application, "subject": subject, "list_url": list_url, "words": SUBJECT_WORDS[subject.kind]},
    )


# Insurance, Cyber Essentials and the declaration.


@application_page()
def application_insurance(request, application):
    initial = {name: pounds(getattr(application, f"{name}_pence")) for name, *_ in INSURANCE_COVERS}
    if application.insurance_by_award is not None:
        initial["insurance_by_award"] = BY_AWARD if application.insurance_by_award else HELD_NOW
    form = InsuranceForm(_data(request), finishing=_finishing(request), initial=initial)

    def save(data):
        if not data.get("insurance_by_award"):
            return  # saved for later without an answer
        services.application_set_insurance(
            actor=request.user,
            application=application,
            insurance_by_award=data["insurance_by_award"] == BY_AWARD,
            employers_liability_pence=data.get("employers_liability"),
            public_liability_pence=data.get("public_liability"),
            professional_indemnity_pence=data.get("professional_indemnity"),
        )

    return _question(
        request,
        application,
        form,
        "suppliers/application/insurance.html",
        title="Insurance",
        save=save,
        next_url=_url("application", application),
        held_now=HELD_NOW,
        by_award=BY_AWARD,
    )


@application_page()
def application_cyber(request, application):
    expiry = application.cyber_certificate_expiry
    initial = {
        "cyber_essentials": application.cyber_essentials or None,
        "certificate_number": application.cyber_certificate_number,
        "expiry_day": expiry.day if expiry else "",
        "expiry_month": expiry.month if expiry else "",
        "expiry_year": expiry.year if expiry else "",
    }
    form = CyberForm(_data(request), finishing=_finishing(request), initial=initial, today=uk_date(timezone.now()))

    def save(data):
        if not data.get("cyber_essentials"):
            return  # saved for later without an answer
        services.application_set_cyber(
            actor=request.user,
            application=application,
            level=data["cyber_essentials"],
            certificate_number=data.get("certificate_number", ""),
            expiry=data.get("expiry"),
        )

    return _question(
        request,
        application,
        form,
        "suppliers/application/cyber.html",
        title="Cyber Essentials",
        save=save,
        next_url=_url("application", application),
    )


@application_page()
def application_declaration(request, application):
    form = DeclarationForm(
        _data(request),
        finishing=_finishing(request),
        initial={
            "name": application.declaration_name or request.user.get_full_name(),
            "role": application.declaration_role,
            "confirmed": application.declaration_confirmed,
        },
    )

    def save(data):
        services.application_set_declaration(
            actor=request.user,
            application=application,
            name=data["name"],
            role=data["role"],
            confirmed=data["confirmed"],
        )

    return _question(
        request,
        application,
        form,
        "suppliers/application/declaration.html",
        title="Declaration",
        save=save,
        next_url=_url("application_check", application),
        declaration_text=DECLARATION_TEXT.format(organisation=application.organisation.name),
    )


# Check your answers, submit, and the confirmation.


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
