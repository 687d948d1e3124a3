import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the local admin account on the first run and print its credentials. "
        "The password is kept in the git-ignored file .admin-credentials."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        credentials_file = Path(settings.ADMIN_CREDENTIALS_FILE)
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        password = credentials_file.read_text().strip() if credentials_file.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(username, "admin@example.org", password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            credentials_file.write_text(password + "\n")
            credentials_file.chmod(0o600)
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  user: {username}  password: {password}")
