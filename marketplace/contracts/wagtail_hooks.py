"""The call-off terms in the Wagtail admin's Snippets: editors draft, publish and keep every revision as a version."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CallOffTerms


class CallOffTermsViewSet(SnippetViewSet):
    model = CallOffTerms
    icon = "doc-full-inverse"
    menu_label = "Call-off terms"
    add_to_admin_menu = False


register_snippet(CallOffTermsViewSet)
