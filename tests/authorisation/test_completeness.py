"""Every route of the project has an entry in the authorisation table (routes.py), and every entry is a route.

Project routes are found, not listed: every named URL pattern declared in the project's own URL modules
(marketplace.*, suppliers, buyers, cms, search, including the root URLconf's healthz, dashboard and the API
schema and docs, and the /api/v1/ router), every pattern whose view lives in a project module, and every
Wagtail admin screen the project registers (its viewsets and its `register_admin_urls` hooks).
Third-party route sets (allauth, Wagtail's own admin, Django's admin) are covered by THIRD_PARTY_SAMPLE.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail import hooks

from .routes import ROUTES, THIRD_PARTY_SAMPLE
from .world import ACTORS

PROJECT_PACKAGES = ("marketplace", "suppliers", "buyers", "cms", "search")
HOW_TO_ADD = (
    "Add a Route(...) for each to ROUTES in tests/authorisation/routes.py: how to build its URL (with an "
    "organisation's object ids if it takes any, and targets=OWN_AND_OTHERS), the methods it answers, and the "
    "expected answer for every actor (see the helpers at the top of that file)."
)


def _is_project_module(module_name: str | None) -> bool:
    return bool(module_name) and module_name.split(".")[0] in PROJECT_PACKAGES


def _module_of_urlconf(urlconf) -> str | None:
    return getattr(urlconf, "__name__", None) if not isinstance(urlconf, (list, tuple)) else None


def _callback_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return (view_class or callback).__module__


def _walk(resolver: URLResolver, namespace: str | None, urlconf_module: str | None):
    """Yield (qualified name or None, route text, innermost URLconf module, callback module) for every pattern."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner_namespace = namespace
            if pattern.namespace:
                inner_namespace = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            # An included list (Django's admin site, Wagtail viewsets) has no module: its views' modules decide.
            inner_module = _module_of_urlconf(pattern.urlconf_name)
            for name, route, module, callback_module in _walk(pattern, inner_namespace, inner_module):
                yield name, f"{pattern.pattern}{route}", module, callback_module
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, str(pattern.pattern), urlconf_module, _callback_module(pattern)


def _project_admin_namespaces() -> set[str]:
    """URL namespaces of the Wagtail admin viewsets the project registers (operator screens, project snippets)."""
    from wagtail.admin.viewsets import viewsets
    from wagtail.snippets.views.snippets import SnippetViewSet

    namespaces = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        project_snippet = (
            isinstance(viewset, SnippetViewSet) and hasattr(model, "_meta") and _is_project_module(model.__module__)
        )
        if _is_project_module(type(viewset).__module__) or project_snippet:
            namespaces.add(viewset.url_namespace)
    return namespaces


def _project_admin_url_names() -> set[str]:
    """Names of the URLs the project's own `register_admin_urls` hooks add to the Wagtail admin."""
    names = set()
    for hook in hooks.get_hooks("register_admin_urls"):
        if not _is_project_module(hook.__module__):
            continue
        for name, _route, _module, _callback in _walk(URLResolver(r"^", list(hook() or [])), None, None):
            names.add(name)
    return names


def project_routes() -> dict[str, str]:
    """{URL name (None for unnamed patterns): route text} of every project route."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 -- importing the URLconf registers the Wagtail admin viewsets
    admin_namespaces = _project_admin_namespaces()
    admin_names = _project_admin_url_names()
    found = {}
    for name, route, module, callback_module in _walk(resolver, None, resolver.urlconf_name):
        if callback_module == "django.views.static":  # static files in DEBUG
            continue
        owned = (
            _is_project_module(module)
            or _is_project_module(callback_module)
            or (name is not None and name.split(":")[0] in admin_namespaces)
            or name in admin_names
        )
        if owned:
            found.setdefault(name or f"<unnamed: {route}>", route)
    return found


def test_every_project_route_is_in_the_table():
    in_table = {route.name for route in ROUTES}
    missing = {name: route for name, route in project_routes().items() if name not in in_table}
    assert not missing, (
        "These project routes have no entry in the authorisation table:\n"
        + "\n".join(f"  {name}  (/{route})" for name, route in sorted(missing.items()))
        + "\n"
        + HOW_TO_ADD
        + " Unnamed patterns need a name first."
    )


def test_every_table_entry_is_a_project_route():
    routes = project_routes()
    stale = sorted(route.name for route in ROUTES if route.name not in routes)
    assert not stale, (
        f"ROUTES in tests/authorisation/routes.py lists routes the project no longer has (or that are not the "
        f"project's own: put third-party ones in THIRD_PARTY_SAMPLE): {', '.join(stale)}"
    )


def test_the_third_party_sample_names_real_routes():
    for route in THIRD_PARTY_SAMPLE:
        if route.url is None:
            reverse(route.name)  # raises NoReverseMatch when a sampled route disappears


def test_each_route_is_listed_once():
    names = [route.name for route in [*ROUTES, *THIRD_PARTY_SAMPLE]]
    assert len(names) == len(set(names)), sorted({name for name in names if names.count(name) > 1})


def test_the_completeness_check_sees_every_kind_of_project_route():
    """The finder itself: it must see routes of each origin, or the test above would pass vacuously."""
    routes = project_routes()
    for expected in (
        "healthz",  # the root URLconf
        "accounts:team",  # an included project URLconf with a namespace
        "category-list",  # the API router
        "api_schema",  # a third-party view mounted by the project
        "buyer_verification:index",  # a project Wagtail admin viewset
        "catalogue:list",  # an included project URLconf of another app (suppliers.catalogue_urls)
        "opportunities:list",  # a second included URLconf of the suppliers app
    ):
        assert expected in routes, f"the completeness check no longer finds {expected}"
    for third_party in ("account_login", "wagtailadmin_home", "admin:index", "wagtailusers_users:index"):
        assert third_party not in routes, f"{third_party} is not a project route"


def test_every_actor_is_asked_about_every_route():
    """The table is exercised by everyone: a route no actor requests would prove nothing."""
    from .routes import cases

    asked = {}
    for route, method, case in cases():
        asked.setdefault((route.name, method), set()).add(case.actor.key)
    everyone = {actor.key for actor in ACTORS}
    short = {key: sorted(everyone - actors) for key, actors in asked.items() if actors != everyone}
    assert not short, short
