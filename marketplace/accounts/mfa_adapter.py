"""allauth MFA hooks: GOV.UK wording for two-factor errors."""

from allauth.mfa.adapter import DefaultMFAAdapter


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not correct. Enter the 6-digit code your authenticator app shows now",
        "unverified_email": "Confirm your email address before you set up two-factor authentication",
    }
