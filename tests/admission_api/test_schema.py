"""The admission API is documented in the OpenAPI schema (validation itself runs in `make test`)."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_admission_paths_are_in_the_schema(schema):
    paths = schema["paths"]
    for path in ("/api/v1/admitted-suppliers/", "/api/v1/my/applications/", "/api/v1/my/applications/{id}/",
                 "/api/v1/my/admissions/"):
        assert set(paths[path]) == {"get"}, path


def test_the_category_filter_is_documented(schema):
    parameters = schema["paths"]["/api/v1/admitted-suppliers/"]["get"]["parameters"]
    assert "category" in {parameter["name"] for parameter in parameters}


def test_the_schema_never_offers_declarations(schema):
    components = schema["components"]["schemas"]
    fields = set()
    for name in ("Application", "ApplicationDetail", "ApplicationCategoryDetail", "Admission", "AdmittedSupplier"):
        fields |= set(components[name]["properties"])
    assert not fields & {"subjects", "declarations", "grounds", "explanation", "self_cleaning", "address_line_1",
                         "postcode", "companies_house_number", "declaration_name", "cyber_certificate_number",
                         "extension_justification"}
    assert set(components["AdmittedSupplier"]["properties"]) == {"name", "size", "categories"}
