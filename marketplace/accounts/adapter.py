"""django-allauth hooks: audit sign-ups and sign-ins, and word errors the GOV.UK way."""

from allauth.account.adapter import DefaultAccountAdapter

from . import services


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": "An account already exists with this email address. Sign in, or reset your password if you have forgotten it",
        "email_password_mismatch": "The email address or password you entered is not correct",
        "too_many_login_attempts": "You have tried to sign in too many times. Wait a few minutes and try again",
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.first_name = form.cleaned_data["first_name"].strip()
        user.last_name = form.cleaned_data["last_name"].strip()
        user.intended_side = form.cleaned_data["side"]
        user.email = user.email.lower()
        if commit:
            user.save()
            services.user_record_signup(user=user, side=user.intended_side)
        return user

    def login(self, request, user):
        super().login(request, user)
        services.user_record_signin(user=user, ip_address=request.META.get("REMOTE_ADDR", ""))
