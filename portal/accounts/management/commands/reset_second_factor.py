from django.core.management.base import BaseCommand, CommandError

from portal.accounts import services


class Command(BaseCommand):
    help = (
        "Remove a user's second factor (authenticator and recovery codes) and end their sessions, "
        "for a lost phone when no superuser can do it in the admin. Logged in the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = services.user_for_username(username)
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = services.second_factor_reset(user=user, by=None)
        self.stdout.write(f"Reset the second factor of {user.get_username()}: {removed} device(s) removed.")
