"""The home page every installation starts with: created by migration cms/0002, restorable at any time."""

from django.apps import apps as global_apps


def ensure_home_page(apps=global_apps) -> None:
    """Replace Wagtail's welcome page with Spark's home page and make it the default site's root (idempotent).

    Historical models (inside a migration) have no tree methods, so the page is
    placed by hand there; with the real models treebeard places it.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")

    home = HomePage.objects.first()
    if home is None:
        locale = Locale.objects.order_by("pk").first() or Locale.objects.create(language_code="en-gb")
        page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
        Page.objects.filter(content_type=page_type, depth=2, slug="home").delete()  # Wagtail's welcome page
        fields = {"title": "Spark marketplace", "draft_title": "Spark marketplace", "slug": "home", "live": True,
                  "locale": locale}
        root = Page.objects.filter(depth=1).first()
        if hasattr(Page, "add_root"):
            if root is None:
                root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
            home = root.add_child(instance=HomePage(**fields))
        else:
            home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
            home = HomePage.objects.create(
                content_type=home_type, path=f"{root.path}0001", depth=2, numchild=0, url_path="/home/", **fields
            )
            root.numchild = Page.objects.filter(depth=2).count()
            root.save(update_fields=["numchild"])
    if not Site.objects.filter(is_default_site=True, root_page=home).exists():
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Spark")
