"""One page per section of the application; each saves the draft."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from marketplace.admission import services
from marketplace.admission.models import SubjectKind
from marketplace.admission.services import GroundAnswer
from marketplace.admission.working_days import uk_date
from marketplace.errors import DomainError
from marketplace.taxonomy.selectors import active_categories

from ..forms import (
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
from .common import KIND_PAGES, _data, _finishing, _held_categories, _question, _refused, _url, application_page

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
