"""A listing's lifecycle and visibility: draft → in review → published → archived, public only while admitted."""

import pytest
from django.utils import timezone

from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from suppliers import selectors, services
from suppliers.models import RevisionStatus, SolutionStatus
from tests.applications import categories
from tests.listings import admit, complete_revision, published_solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def admitted(operator, supplier_admin, supplier_org):
    admit(operator, supplier_admin, supplier_org, "artificial-intelligence", "data-analytics")
    return supplier_org


def test_a_listing_goes_from_draft_to_review_to_published(admitted, supplier_member, operator):
    revision = complete_revision(supplier_member, admitted)
    solution = revision.solution
    assert solution.status == SolutionStatus.DRAFT and not selectors.is_public(solution)
    services.revision_submit(actor=supplier_member, revision=revision)
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.IN_REVIEW and not selectors.is_public(solution)
    services.revision_publish(actor=operator, revision=revision)
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED and selectors.is_public(solution)
    assert solution.title == "Casework triage assistant"
    assert list(solution.categories.values_list("slug", flat=True)) == ["artificial-intelligence"]
    verbs = list(AuditEvent.objects.filter(verb__startswith="solution.").values_list("verb", flat=True))
    assert verbs == ["solution.created", "solution.submitted", "solution.published"]


def test_editing_a_published_listing_keeps_the_live_version_until_the_new_one_is_published(
    admitted, supplier_member, operator
):
    solution = published_solution(operator, supplier_member, admitted)
    revision = services.solution_edit(actor=supplier_member, solution=solution)
    assert revision.number == 2 and revision.title == solution.title
    services.revision_update(actor=supplier_member, revision=revision, title="Casework triage assistant 2")
    services.revision_submit(actor=supplier_member, revision=revision)
    solution.refresh_from_db()
    assert solution.title == "Casework triage assistant" and selectors.is_public(solution)
    services.revision_return(actor=operator, revision=revision, comments="Say what changed in version 2")
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED and solution.title == "Casework triage assistant"
    services.revision_submit(actor=supplier_member, revision=revision)
    services.revision_publish(actor=operator, revision=revision)
    solution.refresh_from_db()
    assert solution.title == "Casework triage assistant 2"
    statuses = dict(solution.revisions.values_list("number", "status"))
    assert statuses == {1: RevisionStatus.SUPERSEDED, 2: RevisionStatus.PUBLISHED}


def test_suspension_hides_a_listing_at_once_and_reinstatement_shows_it(admitted, supplier_member, operator):
    solution = published_solution(operator, supplier_member, admitted)
    admission_row = Admission.objects.get(organisation=admitted, category__slug="artificial-intelligence")
    admission.admission_suspend(actor=operator, admission=admission_row, reason="Insurance lapsed")
    assert not selectors.is_public(solution)
    admission.admission_reinstate(actor=operator, admission=admission_row, reason="Renewed")
    assert selectors.is_public(solution)


def test_a_listing_stays_public_while_any_of_its_categories_is_admitted(admitted, supplier_member, operator):
    solution = published_solution(operator, supplier_member, admitted, slugs=("artificial-intelligence", "data-analytics"))
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=admitted, category__slug="artificial-intelligence"),
        reason="Under review",
    )
    assert selectors.is_public(solution)


def test_debarment_hides_every_listing(admitted, supplier_member, operator):
    solution = published_solution(operator, supplier_member, admitted)
    admission.debarment_add(actor=operator, organisation_name=admitted.name,
                            companies_house_number=admitted.companies_house_number, grounds=["fraud"],
                            starts_on=timezone.localdate())
    assert not selectors.is_public(solution)


def test_a_listing_in_a_category_the_supplier_is_not_admitted_to_is_refused(admitted, supplier_member):
    revision = services.solution_create(actor=supplier_member, organisation=admitted, title="Quantum sensor")
    with pytest.raises(DomainError, match="not admitted to Quantum technologies"):
        services.revision_update(actor=supplier_member, revision=revision, categories=categories("quantum"))
    assert not revision.categories.exists()


def test_script_tags_in_descriptions_are_removed(admitted, supplier_member):
    revision = services.solution_create(actor=supplier_member, organisation=admitted, title="X")
    revision = services.revision_update(
        actor=supplier_member, revision=revision,
        description='<p onclick="steal()">Fast<script>alert(1)</script> and <a href="javascript:x">safe</a></p>',
    )
    assert "<script" not in revision.description and "alert" not in revision.description
    assert "onclick" not in revision.description and "javascript:" not in revision.description
    assert revision.description.startswith("<p>Fast")


def test_a_price_range_whose_minimum_exceeds_its_maximum_is_refused(admitted, supplier_member):
    revision = services.solution_create(actor=supplier_member, organisation=admitted, title="X")
    with pytest.raises(DomainError, match="lowest price"):
        services.revision_update(actor=supplier_member, revision=revision, price_min_pence=500, price_max_pence=100)


def test_only_operators_moderate_and_only_members_edit(admitted, supplier_member, supplier_admin, buyer_admin, operator):
    revision = complete_revision(supplier_member, admitted)
    services.revision_submit(actor=supplier_member, revision=revision)
    for outsider in (supplier_admin, buyer_admin):
        with pytest.raises(NotAllowed):
            services.revision_publish(actor=outsider, revision=revision)
    with pytest.raises(NotAllowed):
        services.solution_create(actor=buyer_admin, organisation=admitted, title="Sneaky")
    with pytest.raises(DomainError, match="Enter comments"):
        services.revision_return(actor=operator, revision=revision, comments=" ")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW


def test_archiving_takes_a_listing_out_for_good(admitted, supplier_member, operator):
    solution = published_solution(operator, supplier_member, admitted)
    services.solution_archive(actor=supplier_member, solution=solution)
    assert not selectors.is_public(solution)
    with pytest.raises(DomainError):
        services.solution_edit(actor=supplier_member, solution=solution)
    assert AuditEvent.objects.filter(verb="solution.archived").exists()
