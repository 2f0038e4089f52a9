"""Applying to join, deciding on time, admissions per category, and the debarment list (rules 1 to 3)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import Membership, Organisation, Role, Side, normalise_company_number
from marketplace.audit.services import MARKETPLACE_STREAM, audit_record
from marketplace.competitions.services import bids_set_aside, invite_newly_admitted, lock_open_competitions
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.opendata.services import admission_release_publish
from marketplace.search_updates import SOLUTION, queue_search_update

from . import permissions, selectors
from .models import (
    ADMISSION_TRANSITIONS,
    APPLICATION_TRANSITIONS,
    Admission,
    AdmissionStatus,
    Application,
    ApplicationCategory,
    ApplicationStatus,
    CategoryDecision,
    CyberEssentials,
    DebarmentEntry,
    DeclarationSubject,
    ExclusionGround,
    GroundDeclaration,
    SubjectKind,
)
from .working_days import add_working_days, uk_date



def decision_working_days() -> int:
    """Rule 2's service level, in working days after submission (a setting, read when used)."""
    return settings.SPARK_DECISION_WORKING_DAYS


def extended_decision_working_days() -> int:
    return settings.SPARK_EXTENDED_DECISION_WORKING_DAYS


def _personal(user) -> dict:
    return {"email": user.email, "name": user.get_full_name()}


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("organisation").get(pk=application.pk)


def _editable(actor, application: Application) -> Application:
    """Lock a draft the actor may edit, or refuse."""
    application = _lock(application)
    if not permissions.can_edit_application(actor, application):
        raise NotAllowed("Only an admin of the supplier can change its application.")
    if application.status != ApplicationStatus.DRAFT:
        raise DomainError("This application has been submitted and can no longer be changed")
    return application


def _touch(application: Application) -> None:
    application.updated_at = timezone.now()
    application.save(update_fields=["updated_at"])


def _admins_emails(organisation: Organisation) -> list[str]:
    return list(
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).values_list("user__email", flat=True)
    )


# Rule 1: open for its whole life. A supplier may apply at any time.


@transaction.atomic
def application_start(*, actor, organisation: Organisation) -> Application:
    """Start a draft application, or return the one already in progress."""
    if organisation.kind != Side.SUPPLIER:
        raise DomainError("Only suppliers apply to join the marketplace")
    if not permissions.can_start_application(actor, organisation):
        raise NotAllowed("Only an admin of the supplier can apply to join the marketplace.")
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # one start at a time per organisation
    existing = selectors.open_application(organisation)
    if existing is not None:
        return existing
    application = Application.objects.create(organisation=organisation, created_by=actor)
    DeclarationSubject.objects.create(application=application, kind=SubjectKind.SUPPLIER, name=organisation.name,
                                      companies_house_number=organisation.companies_house_number)
    audit_record(
        stream=organisation.audit_stream,
        verb="application.started",
        actor=actor,
        target=application,
        personal=_personal(actor),
    )
    return application


@transaction.atomic
def application_confirm_details(*, actor, application: Application, confirmed: bool) -> Application:
    application = _editable(actor, application)
    application.details_confirmed = confirmed
    application.save(update_fields=["details_confirmed"])
    _touch(application)
    return application


@transaction.atomic
def application_set_categories(*, actor, application: Application, categories) -> Application:
    """Choose the categories; keeps statements already written for categories still chosen."""
    application = _editable(actor, application)
    categories = list(categories)
    if not categories:
        raise DomainError("Select at least one category", field="categories")
    inactive = [category.name for category in categories if not category.active]
    if inactive:
        raise DomainError(f"{', '.join(inactive)} is not taking applications", field="categories")
    held = dict(
        Admission.objects.filter(
            organisation=application.organisation,
            status__in=[AdmissionStatus.ACTIVE, AdmissionStatus.SUSPENDED],
        ).values_list("category_id", "status")
    )
    already = [category.name for category in categories if held.get(category.pk) == AdmissionStatus.ACTIVE]
    if already:
        raise DomainError(f"You are already admitted to {', '.join(already)}", field="categories")
    suspended = [category.name for category in categories if held.get(category.pk) == AdmissionStatus.SUSPENDED]
    if suspended:
        # Only an operator's reinstatement (audited, with a reason) lifts a suspension.
        raise DomainError(
            f"Your admission to {', '.join(suspended)} is suspended. Contact the Spark team about reinstating it",
            field="categories",
        )
    chosen = {category.pk for category in categories}
    application.categories.exclude(category_id__in=chosen).delete()
    existing = set(application.categories.values_list("category_id", flat=True))
    ApplicationCategory.objects.bulk_create(
        [ApplicationCategory(application=application, category=category) for category in categories
         if category.pk not in existing]
    )
    _touch(application)
    return application


@transaction.atomic
def application_set_statements(*, actor, application: Application, statements: dict[int, str]) -> Application:
    """The short statement per category of why the supplier's solutions fit it (category id -> text)."""
    application = _editable(actor, application)
    for entry in application.categories.all():
        if entry.category_id in statements:
            entry.statement = statements[entry.category_id].strip()
            entry.save(update_fields=["statement"])
    _touch(application)
    return application


@transaction.atomic
def application_set_connected(
    *, actor, application: Application, has_connected_persons=None, relies_on_subcontractors=None
) -> Application:
    """Whether there are connected persons or relied-upon subcontractors; answering no removes any listed."""
    application = _editable(actor, application)
    if has_connected_persons is not None:
        application.has_connected_persons = has_connected_persons
        if not has_connected_persons:
            application.subjects.filter(kind=SubjectKind.CONNECTED_PERSON).delete()
    if relies_on_subcontractors is not None:
        application.relies_on_subcontractors = relies_on_subcontractors
        if not relies_on_subcontractors:
            application.subjects.filter(kind=SubjectKind.SUBCONTRACTOR).delete()
    application.save(update_fields=["has_connected_persons", "relies_on_subcontractors"])
    _touch(application)
    return application


@transaction.atomic
def subject_add(
    *, actor, application: Application, kind: str, name: str, relationship: str = "", companies_house_number: str = ""
) -> DeclarationSubject:
    application = _editable(actor, application)
    if kind not in (SubjectKind.CONNECTED_PERSON, SubjectKind.SUBCONTRACTOR):
        raise DomainError("Add a connected person or a subcontractor")
    if not name.strip():
        raise DomainError("Enter the name", field="name")
    subject = DeclarationSubject.objects.create(
        application=application,
        kind=kind,
        name=name.strip(),
        relationship=relationship.strip(),
        companies_house_number=normalise_company_number(companies_house_number),
    )
    _touch(application)
    return subject


@transaction.atomic
def subject_remove(*, actor, subject: DeclarationSubject) -> None:
    application = _editable(actor, subject.application)
    if subject.kind == SubjectKind.SUPPLIER:
        raise DomainError("The supplier itself always answers the exclusion grounds")
    DeclarationSubject.objects.filter(pk=subject.pk, application=application).delete()
    _touch(application)


@dataclass(frozen=True)
class GroundAnswer:
    ground: str
    explanation: str = ""
    self_cleaning: str = ""


@transaction.atomic
def subject_set_grounds(
    *, actor, subject: DeclarationSubject, none_apply: bool, answers: list[GroundAnswer] = ()
) -> DeclarationSubject:
    """Record which exclusion grounds apply to a subject, with explanations and self-cleaning where they do.

    Explanations may be saved empty in a draft; submission requires them.
    """
    application = _editable(actor, subject.application)
    subject = DeclarationSubject.objects.select_for_update().get(pk=subject.pk, application=application)
    valid = set(ExclusionGround.values)
    if none_apply and answers:
        raise DomainError("Select the grounds that apply, or ‘None of these’, not both", field="grounds")
    if not none_apply and not answers:
        raise DomainError("Select the grounds that apply, or ‘None of these’", field="grounds")
    for answer in answers:
        if answer.ground not in valid:
            raise DomainError("Select a ground from the list", field="grounds")
    subject.no_grounds_apply = none_apply
    subject.save(update_fields=["no_grounds_apply"])
    subject.declarations.exclude(ground__in=[answer.ground for answer in answers]).delete()
    for answer in answers:
        GroundDeclaration.objects.update_or_create(
            subject=subject,
            ground=answer.ground,
            defaults={"explanation": answer.explanation.strip(), "self_cleaning": answer.self_cleaning.strip()},
        )
    _touch(application)
    return subject


@transaction.atomic
def application_set_insurance(
    *,
    actor,
    application: Application,
    insurance_by_award: bool,
    employers_liability_pence: int | None = None,
    public_liability_pence: int | None = None,
    professional_indemnity_pence: int | None = None,
) -> Application:
    """Insurance held now, or a commitment to hold it by contract award (it may not be required before award)."""
    application = _editable(actor, application)
    amounts = (employers_liability_pence, public_liability_pence, professional_indemnity_pence)
    if not insurance_by_award and any(amount is not None and amount <= 0 for amount in amounts):
        raise DomainError("Enter an amount of cover greater than £0", field="insurance")
    application.insurance_by_award = insurance_by_award
    application.employers_liability_pence = None if insurance_by_award else employers_liability_pence
    application.public_liability_pence = None if insurance_by_award else public_liability_pence
    application.professional_indemnity_pence = None if insurance_by_award else professional_indemnity_pence
    application.save(
        update_fields=[
            "insurance_by_award",
            "employers_liability_pence",
            "public_liability_pence",
            "professional_indemnity_pence",
        ]
    )
    _touch(application)
    return application


@transaction.atomic
def application_set_cyber(
    *, actor, application: Application, level: str, certificate_number: str = "", expiry: date | None = None
) -> Application:
    application = _editable(actor, application)
    if level not in CyberEssentials.values:
        raise DomainError("Select your Cyber Essentials certification", field="cyber_essentials")
    application.cyber_essentials = level
    holds = level != CyberEssentials.NONE
    application.cyber_certificate_number = certificate_number.strip() if holds else ""
    application.cyber_certificate_expiry = expiry if holds else None
    application.save(update_fields=["cyber_essentials", "cyber_certificate_number", "cyber_certificate_expiry"])
    _touch(application)
    return application


@transaction.atomic
def application_set_declaration(
    *, actor, application: Application, name: str, role: str, confirmed: bool
) -> Application:
    application = _editable(actor, application)
    application.declaration_name = name.strip()
    application.declaration_role = role.strip()
    application.declaration_confirmed = confirmed
    application.save(update_fields=["declaration_name", "declaration_role", "declaration_confirmed"])
    _touch(application)
    return application


@dataclass(frozen=True)
class MissingAnswer:
    section: str
    field: str
    message: str


def application_missing_answers(application: Application, today: date | None = None) -> list[MissingAnswer]:
    """Every answer the application still needs before it can be submitted, in the order the sections come."""
    today = today or uk_date(timezone.now())
    missing = []
    if not application.details_confirmed:
        missing.append(MissingAnswer("details", "details_confirmed", "Confirm your organisation’s details"))
    entries = list(application.categories.select_related("category"))
    if not entries:
        missing.append(MissingAnswer("categories", "categories", "Select at least one category"))
    for entry in entries:
        if not entry.statement:
            missing.append(
                MissingAnswer(
                    "statements", f"statement_{entry.category_id}",
                    f"Enter why your solutions fit {entry.category.name}",
                )
            )
    if application.has_connected_persons is None:
        missing.append(MissingAnswer("connected", "has_connected_persons", "Select whether you have connected persons"))
    if application.relies_on_subcontractors is None:
        missing.append(
            MissingAnswer("connected", "relies_on_subcontractors", "Select whether you rely on subcontractors")
        )
    subjects = list(application.subjects.prefetch_related("declarations"))
    for kind, flag, label in (
        (SubjectKind.CONNECTED_PERSON, application.has_connected_persons, "connected person"),
        (SubjectKind.SUBCONTRACTOR, application.relies_on_subcontractors, "subcontractor you rely on"),
    ):
        if flag and not any(subject.kind == kind for subject in subjects):
            missing.append(MissingAnswer("connected", kind, f"Add each {label}, or change your answer to no"))
    for subject in subjects:
        if subject.no_grounds_apply is None:
            missing.append(
                MissingAnswer("grounds", f"subject_{subject.pk}", f"Answer the exclusion grounds for {subject.name}")
            )
            continue
        for declaration in subject.declarations.all():
            label = declaration.get_ground_display().lower()
            if not declaration.explanation:
                missing.append(
                    MissingAnswer(
                        "grounds", f"subject_{subject.pk}",
                        f"Explain what happened about {label} for {subject.name}",
                    )
                )
            if not declaration.self_cleaning:
                missing.append(
                    MissingAnswer(
                        "grounds", f"subject_{subject.pk}",
                        f"Give the evidence of self-cleaning about {label} for {subject.name}",
                    )
                )
    if application.insurance_by_award is None:
        missing.append(MissingAnswer("insurance", "insurance_by_award", "Tell us about your insurance"))
    elif not application.insurance_by_award:
        for field, label in (
            ("employers_liability_pence", "employer’s liability"),
            ("public_liability_pence", "public liability"),
            ("professional_indemnity_pence", "professional indemnity"),
        ):
            if getattr(application, field) is None:
                missing.append(MissingAnswer("insurance", field, f"Enter your {label} cover"))
    if not application.cyber_essentials:
        missing.append(MissingAnswer("cyber", "cyber_essentials", "Select your Cyber Essentials certification"))
    elif application.cyber_essentials != CyberEssentials.NONE:
        if not application.cyber_certificate_number:
            missing.append(MissingAnswer("cyber", "cyber_certificate_number", "Enter your certificate number"))
        if application.cyber_certificate_expiry is None:
            missing.append(MissingAnswer("cyber", "cyber_certificate_expiry", "Enter your certificate’s expiry date"))
        elif application.cyber_certificate_expiry < today:
            missing.append(
                MissingAnswer("cyber", "cyber_certificate_expiry", "Your certificate has expired: renew it first")
            )
    if not application.declaration_name:
        missing.append(MissingAnswer("declaration", "declaration_name", "Enter your full name for the declaration"))
    if not application.declaration_role:
        missing.append(MissingAnswer("declaration", "declaration_role", "Enter your role for the declaration"))
    if not application.declaration_confirmed:
        missing.append(
            MissingAnswer("declaration", "declaration_confirmed", "Confirm the declaration to submit the application")
        )
    return missing


class IncompleteApplication(DomainError):
    def __init__(self, missing: list[MissingAnswer]):
        super().__init__("The application is missing answers", code="incomplete")
        self.missing = missing


@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """Submit a complete draft; the decision is due 10 working days later (rule 2)."""
    application = _lock(application)
    if not permissions.can_edit_application(actor, application):
        raise NotAllowed("Only an admin of the supplier can submit its application.")
    if ApplicationStatus.SUBMITTED not in APPLICATION_TRANSITIONS[ApplicationStatus(application.status)]:
        raise DomainError("This application has already been submitted", code="already_submitted")
    missing = application_missing_answers(application)
    if missing:
        raise IncompleteApplication(missing)
    now = timezone.now()
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.submitted_by = actor
    application.due_on = add_working_days(uk_date(now), decision_working_days())
    application.save(update_fields=["status", "submitted_at", "submitted_by", "due_on"])
    categories = list(application.categories.select_related("category"))
    audit_record(
        stream=application.organisation.audit_stream,
        verb="application.submitted",
        actor=actor,
        target=application,
        data={
            "categories": [entry.category.slug for entry in categories],
            "due_on": application.due_on,
            "grounds_declared": GroundDeclaration.objects.filter(subject__application=application).count(),
        },
        personal={**_personal(actor), "declaration": [application.declaration_name, application.declaration_role]},
    )
    send_email(
        to=_admins_emails(application.organisation),
        template="admission/email/submitted",
        context={"application": application, "categories": categories},
    )
    return application


# Rule 2: decided on time.


@transaction.atomic
def application_extend(*, actor, application: Application, justification: str) -> Application:
    """Extend the due date, once, to 15 working days after submission, with a recorded justification."""
    if not permissions.can_decide_applications(actor):
        raise NotAllowed("Only operators can extend the time to decide.")
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError("Only an application waiting for a decision can be extended")
    if application.extended_at is not None:
        raise DomainError("The time to decide has already been extended once and cannot be extended again")
    if not justification.strip():
        raise DomainError("Enter why the decision needs more time", field="justification")
    previous = application.due_on
    application.due_on = add_working_days(uk_date(application.submitted_at), extended_decision_working_days())
    application.extended_at = timezone.now()
    application.extended_by = actor
    application.extension_justification = justification.strip()
    application.save(update_fields=["due_on", "extended_at", "extended_by", "extension_justification"])
    audit_record(
        stream=application.organisation.audit_stream,
        verb="application.extended",
        actor=actor,
        target=application,
        data={"from": previous, "to": application.due_on, "justification": application.extension_justification},
        personal=_personal(actor),
    )
    send_email(
        to=_admins_emails(application.organisation),
        template="admission/email/extended",
        context={"application": application},
    )
    return application


@transaction.atomic
def application_decide_category(
    *, actor, application: Application, category, decision: str, reason: str = ""
) -> ApplicationCategory:
    """Admit or reject one category (a rejection needs a reason). Deciding the last one decides the application."""
    if not permissions.can_decide_applications(actor):
        raise NotAllowed("Only operators can decide applications.")
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError("Only an application waiting for a decision can be decided")
    entry = (
        ApplicationCategory.objects.select_for_update()
        .select_related("category")
        .filter(application=application, category=category)
        .first()
    )
    if entry is None:
        raise DomainError(f"This application did not apply for {category}", field="category")
    if entry.decision != CategoryDecision.PENDING:
        raise DomainError(f"{entry.category.name} has already been decided")
    reason = reason.strip()
    if decision == CategoryDecision.REJECTED and not reason:
        raise DomainError("Enter the reason for rejecting this category", field="reason")
    if decision not in (CategoryDecision.ADMITTED, CategoryDecision.REJECTED):
        raise DomainError("Select admit or reject", field="decision")
    if decision == CategoryDecision.ADMITTED and selectors.is_debarred(application.organisation):
        raise DomainError(
            "This supplier is on the debarment list and cannot be admitted. Reject the category with that reason",
            field="decision",
        )
    now = timezone.now()
    entry.decision = decision
    entry.reason = reason
    entry.decided_at = now
    entry.decided_by = actor
    entry.save(update_fields=["decision", "reason", "decided_at", "decided_by"])
    audit_record(
        stream=application.organisation.audit_stream,
        verb=f"application.category_{decision}",
        actor=actor,
        target=application,
        data={"category": entry.category.slug, "reason": reason},
        personal=_personal(actor),
    )
    if decision == CategoryDecision.ADMITTED:
        _admit(actor, application, entry.category)
    if not application.categories.filter(decision=CategoryDecision.PENDING).exists():
        _conclude(actor, application)
    return entry


def _admit(actor, application: Application, category) -> Admission:
    admission = Admission.objects.select_for_update().filter(
        organisation=application.organisation, category=category
    ).first()
    now = timezone.now()
    if admission is None:
        admission = Admission.objects.create(
            organisation=application.organisation, category=category, application=application, admitted_at=now,
            status_changed_at=now,
        )
    else:
        if admission.status != AdmissionStatus.REMOVED:
            # Active: already admitted. Suspended: only admission_reinstate may lift it.
            raise DomainError(
                f"The supplier's admission to {category} is {admission.get_status_display().lower()}; "
                "a new application cannot change it",
                field="decision",
            )
        admission.status = AdmissionStatus.ACTIVE
        admission.application = application
        admission.admitted_at = now
        admission.status_changed_at = now
        admission.status_reason = ""
        admission.save()
    audit_record(
        stream=application.organisation.audit_stream,
        verb="admission.granted",
        actor=actor,
        target=admission,
        data={"category": category.slug, "application_id": application.pk},
    )
    admission_release_publish(admission=admission)
    # The supplier's listings in this category may now be public (and filterable by it).
    queue_search_update(kind=SOLUTION, organisation_id=application.organisation_id)
    # Rule 4: admitted while competitions in the category are open, it is invited to each.
    invite_newly_admitted(organisation=application.organisation, category=category)
    return admission


def _conclude(actor, application: Application) -> None:
    decisions = list(application.categories.select_related("category"))
    admitted = [entry for entry in decisions if entry.decision == CategoryDecision.ADMITTED]
    if len(admitted) == len(decisions):
        status = ApplicationStatus.ADMITTED
    elif admitted:
        status = ApplicationStatus.PARTLY_ADMITTED
    else:
        status = ApplicationStatus.REJECTED
    application.status = status
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    audit_record(
        stream=application.organisation.audit_stream,
        verb="application.decided",
        actor=actor,
        target=application,
        data={
            "outcome": status,
            "admitted": [entry.category.slug for entry in admitted],
            "rejected": [entry.category.slug for entry in decisions if entry not in admitted],
            "on_time": uk_date(application.decided_at) <= application.due_on,
        },
    )
    send_email(
        to=_admins_emails(application.organisation),
        template="admission/email/decided",
        context={"application": application, "decisions": decisions},
    )


# Rule 3: admission per category.


def _change_admission(
    actor, admission: Admission, to: str, reason: str, verb: str, template: str, *, checked: bool = False
) -> Admission:
    """Move an admission to `to`. `checked` means the caller has already established the right (debarment)."""
    if not checked and not permissions.can_manage_admissions(actor):
        raise NotAllowed("Only operators can suspend, reinstate or remove admissions.")
    admission = Admission.objects.select_for_update().select_related("organisation", "category").get(pk=admission.pk)
    if not reason.strip():
        raise DomainError("Enter the reason", field="reason")
    if to not in ADMISSION_TRANSITIONS[AdmissionStatus(admission.status)] or (
        to == AdmissionStatus.ACTIVE and admission.status == AdmissionStatus.REMOVED
    ):
        raise DomainError(f"This admission is {admission.get_status_display().lower()} and cannot be changed that way")
    if to == AdmissionStatus.ACTIVE and selectors.is_debarred(admission.organisation):
        raise DomainError("The supplier is on the debarment list and cannot be reinstated")
    # Lock order: the category's open competitions before the supplier's audit stream, as a bid takes them.
    lock_open_competitions(categories=[admission.category_id])
    previous = admission.status
    admission.status = to
    admission.status_changed_at = timezone.now()
    admission.status_reason = reason.strip()
    admission.save(update_fields=["status", "status_changed_at", "status_reason"])
    audit_record(
        stream=admission.organisation.audit_stream,
        verb=verb,
        actor=actor,
        target=admission,
        data={"category": admission.category.slug, "from": previous, "to": to, "reason": admission.status_reason},
        personal=_personal(actor) if actor is not None else {},
    )
    # A suspension hides listings at once (selectors); this brings the search index into line.
    queue_search_update(kind=SOLUTION, organisation_id=admission.organisation_id)
    if to == AdmissionStatus.ACTIVE:
        invite_newly_admitted(organisation=admission.organisation, category=admission.category)
    else:
        # Rule 3: no more bidding in the category's open competitions; bids already made are set aside.
        bids_set_aside(
            actor=actor, organisation=admission.organisation, category=admission.category,
            reason=f"The supplier's admission to {admission.category.name} was {admission.get_status_display().lower()}: "
            f"{admission.status_reason}",
        )
    send_email(
        to=_admins_emails(admission.organisation),
        template=template,
        context={"admission": admission},
    )
    return admission


@transaction.atomic
def admission_suspend(*, actor, admission: Admission, reason: str) -> Admission:
    """Suspend an admission: the supplier leaves the catalogue and new invitations in that category at once."""
    return _change_admission(
        actor, admission, AdmissionStatus.SUSPENDED, reason, "admission.suspended", "admission/email/suspended"
    )


@transaction.atomic
def admission_reinstate(*, actor, admission: Admission, reason: str) -> Admission:
    return _change_admission(
        actor, admission, AdmissionStatus.ACTIVE, reason, "admission.reinstated", "admission/email/reinstated"
    )


@transaction.atomic
def admission_remove(*, actor, admission: Admission, reason: str) -> Admission:
    """Remove an admission; the supplier may apply again for the category."""
    return _change_admission(
        actor, admission, AdmissionStatus.REMOVED, reason, "admission.removed", "admission/email/removed"
    )


@transaction.atomic
def debarment_add(
    *,
    actor,
    organisation_name: str,
    grounds: list[str],
    starts_on: date,
    companies_house_number: str = "",
    details: str = "",
    ends_on: date | None = None,
) -> DebarmentEntry:
    """Add an entry to the debarment list and suspend the matching supplier's admissions (rule 3).

    Bids a debarred supplier has already submitted in open competitions are set
    aside (`bids_set_aside`, through the suspension).
    """
    if not permissions.can_keep_debarment_list(actor):
        raise NotAllowed("Only operators keep the debarment list.")
    if not organisation_name.strip():
        raise DomainError("Enter the organisation’s name", field="organisation_name")
    valid = set(ExclusionGround.values)
    if not grounds or any(ground not in valid for ground in grounds):
        raise DomainError("Select the grounds for the debarment", field="grounds")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    number = normalise_company_number(companies_house_number)
    organisation = (
        Organisation.objects.filter(kind=Side.SUPPLIER, companies_house_number=number).first() if number else None
    )
    entry = DebarmentEntry.objects.create(
        organisation_name=organisation_name.strip(),
        companies_house_number=number,
        organisation=organisation,
        grounds=list(dict.fromkeys(grounds)),
        details=details.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        added_by=actor,
    )
    audit_record(
        stream=MARKETPLACE_STREAM,
        verb="debarment.added",
        actor=actor,
        target=entry,
        data={"organisation": entry.organisation_name, "companies_house_number": number, "grounds": entry.grounds,
              "starts_on": starts_on, "ends_on": ends_on},
        personal=_personal(actor),
    )
    if organisation is not None and entry.is_in_force(uk_date(timezone.now())):
        _suspend_debarred(actor, organisation)
    return entry


DEBARRED_REASON = "Added to the debarment list"


def _suspend_debarred(actor, organisation: Organisation) -> int:
    admissions = list(Admission.objects.filter(organisation=organisation, status=AdmissionStatus.ACTIVE))
    # Every category's open competitions first: the first suspension appends to the supplier's audit stream.
    lock_open_competitions(categories=[admission.category_id for admission in admissions])
    suspended = 0
    for admission in admissions:
        _change_admission(
            actor, admission, AdmissionStatus.SUSPENDED, DEBARRED_REASON, "admission.suspended",
            "admission/email/suspended", checked=True,
        )
        suspended += 1
    return suspended


@transaction.atomic
def debarments_in_force_apply(*, today: date | None = None) -> int:
    """Suspend the admissions of suppliers whose debarment has come into force (a daily job).

    Selectors already hide a debarred supplier from the day its entry starts;
    this makes the admissions say so too, and tells the supplier. Idempotent.
    """
    today = today or uk_date(timezone.now())
    debarred = Organisation.objects.filter(
        selectors.debarred_organisations_q(today),
        kind=Side.SUPPLIER,
        admissions__status=AdmissionStatus.ACTIVE,
    ).distinct()
    return sum(_suspend_debarred(None, organisation) for organisation in debarred)
