"""Staff sign-in: the second factor (TOTP with recovery codes, on django-otp), the
limits on failed attempts, idle expiry of staff sessions, "sign out everywhere", and
their audit log entries.

Imports portal.core only. Which groups must use a second factor is a setting
(TWO_FACTOR_REQUIRED_GROUPS, by group name), so no other app is imported for it.
"""
