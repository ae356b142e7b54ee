from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from agencies import roles as r
from agencies.models import Agency, User
from agencies.services import user_create, user_set_roles

DEMO_PASSWORD = "thidua-demo-2025"  # noqa: S105 - printed on purpose, refused when DEBUG is off

# username, full name, agency code, roles, what they do
DEMO_USERS = [
    ("clerk.baolaocai", "Nguyễn Thị Hoa", "BLC", [r.CLERK], "clerk, Báo Lào Cai"),
    ("head.baolaocai", "Trần Văn Minh", "BLC", [r.AGENCY_HEAD], "agency head, Báo Lào Cai"),
    ("clerk.batxat", "Lò Văn Sáng", "UBND-BATXAT", [r.CLERK], "clerk, UBND huyện Bát Xát"),
    ("reviewer.stttt", "Phạm Thu Trang", "STTTT", [r.REVIEWER], "reviewer, Sở TT&TT"),
    ("officer.snv", "Hoàng Văn Dũng", "BTDKT", [r.EMULATION_OFFICER], "emulation officer, Sở Nội vụ / Ban TĐKT"),
    ("leader.ubnd", "Vương Thị Lan", None, [r.LEADERSHIP], "leadership, UBND tỉnh"),
    ("admin", "Quản trị hệ thống", None, [r.ADMIN], "system administrator"),
]


class Command(BaseCommand):
    help = (
        "Create one demo user per role and a living demo province (DEMO_SEEDERS: past quarters of reports, "
        "issued province reports, honourees), and print the log-ins (DEBUG only)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates users with a published password: it runs only with DEBUG on.")
        if not Agency.objects.exists():
            raise CommandError("No agencies yet: run `python manage.py load_plan` first.")
        with transaction.atomic():
            rows = []
            for username, full_name, agency_code, roles, what in DEMO_USERS:
                agency = Agency.objects.get(code=agency_code) if agency_code else None
                user = User.objects.filter(username=username).first()
                if user is None:
                    user_create(
                        username=username,
                        password=DEMO_PASSWORD,
                        full_name=full_name,
                        agency=agency,
                        roles=roles,
                        email=f"{username}@demo.thidua.laocai.gov.vn",
                    )
                else:
                    user_set_roles(user=user, roles=roles)
                rows.append((username, what))
            for path in getattr(settings, "DEMO_SEEDERS", []):
                import_string(path)(stdout=self.stdout)
        width = max(len(u) for u, _ in rows)
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD}):"))
        for username, what in rows:
            self.stdout.write(f"  {username.ljust(width)}  {what}")
