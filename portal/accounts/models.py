from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSecurity(models.Model):
    """Per-user sign-in state kept in the database: when the user (or a superuser)
    last signed all their sessions out. A session started before it is ended."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_security"
    )
    sessions_revoked_at = models.DateTimeField(_("sessions signed out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account security")

    def __str__(self):
        return f"account security of user {self.user_id}"
