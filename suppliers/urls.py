from django.urls import include, path

from marketplace.admission.models import SubjectKind

from . import views

app_name = "suppliers"

CONNECTED = {"kind": SubjectKind.CONNECTED_PERSON}
SUBCONTRACTORS = {"kind": SubjectKind.SUBCONTRACTOR}

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Applying to join the marketplace (rule 1: at any time).
    path("application/start/", views.application_start, name="application_start"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path(
        "applications/<int:application_id>/organisation-details/", views.application_details, name="application_details"
    ),
    path("applications/<int:application_id>/categories/", views.application_categories, name="application_categories"),
    path(
        "applications/<int:application_id>/why-your-solutions-fit/",
        views.application_statements,
        name="application_statements",
    ),
    path(
        "applications/<int:application_id>/exclusion-grounds/<int:subject_id>/",
        views.application_grounds,
        name="application_grounds",
    ),
    path(
        "applications/<int:application_id>/exclusion-grounds/<int:subject_id>/details/",
        views.application_ground_details,
        name="application_ground_details",
    ),
    path(
        "applications/<int:application_id>/connected-persons/",
        views.application_subjects_question,
        CONNECTED,
        name="application_connected",
    ),
    path(
        "applications/<int:application_id>/connected-persons/list/",
        views.application_subjects_list,
        CONNECTED,
        name="application_connected_list",
    ),
    path(
        "applications/<int:application_id>/connected-persons/add/",
        views.application_subject_add,
        CONNECTED,
        name="application_connected_add",
    ),
    path(
        "applications/<int:application_id>/subcontractors/",
        views.application_subjects_question,
        SUBCONTRACTORS,
        name="application_subcontractors",
    ),
    path(
        "applications/<int:application_id>/subcontractors/list/",
        views.application_subjects_list,
        SUBCONTRACTORS,
        name="application_subcontractors_list",
    ),
    path(
        "applications/<int:application_id>/subcontractors/add/",
        views.application_subject_add,
        SUBCONTRACTORS,
        name="application_subcontractors_add",
    ),
    path(
        "applications/<int:application_id>/people/<int:subject_id>/remove/",
        views.application_subject_remove,
        name="application_subject_remove",
    ),
    path("applications/<int:application_id>/insurance/", views.application_insurance, name="application_insurance"),
    path("applications/<int:application_id>/cyber-essentials/", views.application_cyber, name="application_cyber"),
    path(
        "applications/<int:application_id>/declaration/", views.application_declaration, name="application_declaration"
    ),
    path("applications/<int:application_id>/check-your-answers/", views.application_check, name="application_check"),
    path("applications/<int:application_id>/submitted/", views.application_submitted, name="application_submitted"),
    # Solution listings: any member of the supplier lists its solutions; each change is a version an operator reviews.
    path("solutions/", views.solutions, name="solutions"),
    path("solutions/new/", views.solution_new, name="solution_new"),
    path("solutions/<int:solution_id>/", views.solution, name="solution"),
    path("solutions/<int:solution_id>/edit/", views.solution_edit, name="solution_edit"),
    path("solutions/<int:solution_id>/archive/", views.solution_archive, name="solution_archive"),
    path("solutions/<int:solution_id>/versions/<int:revision_id>/", views.revision, name="revision"),
    path("solutions/<int:solution_id>/versions/<int:revision_id>/name/", views.revision_name, name="revision_name"),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/description/",
        views.revision_description,
        name="revision_description",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/categories/",
        views.revision_categories,
        name="revision_categories",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/readiness/",
        views.revision_readiness,
        name="revision_readiness",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/pricing/",
        views.revision_pricing,
        name="revision_pricing",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/deployment/",
        views.revision_deployment,
        name="revision_deployment",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/regions/",
        views.revision_regions,
        name="revision_regions",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/standards/",
        views.revision_standards,
        name="revision_standards",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/case-studies/",
        views.revision_case_studies,
        name="revision_case_studies",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/case-studies/add/",
        views.revision_case_study_add,
        name="revision_case_study_add",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/case-studies/<int:index>/",
        views.revision_case_study,
        name="revision_case_study",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/case-studies/<int:index>/remove/",
        views.revision_case_study_remove,
        name="revision_case_study_remove",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/documents/",
        views.revision_documents,
        name="revision_documents",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/documents/<int:document_id>/remove/",
        views.revision_document_remove,
        name="revision_document_remove",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/check/",
        views.revision_check,
        name="revision_check",
    ),
    path(
        "solutions/<int:solution_id>/versions/<int:revision_id>/sent/",
        views.revision_submitted,
        name="revision_submitted",
    ),
    path("", include("suppliers.competition_urls")),
    path("", include("suppliers.award_urls")),
    path("", include("suppliers.contract_urls")),
    path("", include("suppliers.invoice_urls")),
    path("", include("suppliers.fee_urls")),
]
