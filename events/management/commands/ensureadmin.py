import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a local superuser with a generated password, printed once. Does nothing "
        "when the user exists (change its password with `manage.py changepassword`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin user '{username}' exists; its password was printed when it was made. "
                f"Reset it with: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(16)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin user '{username}' with password: {password}\n"
                "It is shown only this once; keep it."
            )
        )
