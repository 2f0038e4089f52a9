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


PAGE_PERMISSIONS = {
    # Editors write and submit for moderation; only Moderators publish (Wagtail's workflow asks them to approve).
    "Editors": ("add_page", "change_page", "lock_page"),
    "Moderators": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
SETTINGS_PERMISSION = "change_sitesettings"  # the header, phase banner, menus and footer


def ensure_editorial_workflow(apps=global_apps) -> None:
    """Editors and Moderators with their page permissions from the root down, the site settings for both, and
    the 'Moderators approval' workflow on the root page, so every page goes through a moderator (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root = Page.objects.filter(depth=1).first()
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    settings_type, _ = ContentType.objects.get_or_create(app_label="cms", model="sitesettings")
    change_settings, _ = Permission.objects.get_or_create(
        content_type=settings_type, codename=SETTINGS_PERMISSION, defaults={"name": "Can change site settings"}
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(change_settings, access_admin)
        if root is None:
            continue
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=page_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)

    if root is None:
        return
    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is None:
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
    workflow.active = True
    workflow.save(update_fields=["active"])
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
        if task is None:
            task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
            task = GroupApprovalTask.objects.create(name="Moderators approval", active=True, content_type=task_type)
        task.groups.add(groups["Moderators"])
        WorkflowTask.objects.create(workflow=workflow, task=Task.objects.get(pk=task.pk), sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def ensure_site_settings(apps=global_apps) -> None:
    """A settings row for every site, so neither a page nor the settings screen has to create one on a GET."""
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("cms", "SiteSettings")
    from django.conf import settings

    # The deployment's own settings are the starting values; editors change them from then on.
    for site in Site.objects.all():
        SiteSettings.objects.get_or_create(site=site, defaults={
            "service_name": settings.SPARK_SERVICE_NAME, "phase": settings.SPARK_PHASE,
            "contact_email": settings.SPARK_CONTACT_EMAIL,
        })
