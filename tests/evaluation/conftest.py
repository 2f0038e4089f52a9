from tests.evaluation_fixtures import _media_in_tmp, admitted_supplier  # noqa: F401 (fixtures)
