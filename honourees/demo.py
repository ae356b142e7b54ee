"""Demo honourees for ``manage.py seed_demo`` (a ``DEMO_SEEDERS`` step): fictional people, real flow.

Each is proposed by a demo clerk on a date of its own and taken through the
same services as the pages (verify, publish, ask for more, reject,
commendations), so there is one at every stage and the history reads as it
would. Running it again adds nothing.
"""

import datetime

from django.utils import timezone

from agencies.models import AdministrativeUnit, User
from campaigns.models import Movement
from core.demo import at

from . import services
from .models import Commendation, EthnicGroup, Honouree, NurtureAction, PortalDispatch, Replication

H = Honouree
DEMO = [
    {
        "clerk": "clerk.baolaocai",
        "name": "Vàng Seo Chứ",
        "days_ago": 640,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.ADVANCED,
        "ethnic_group": "08",
        "position": "Trưởng thôn",
        "workplace": "Thôn Sín Chải, xã Sán Chải",
        "unit": "084",
        "field": H.Field.AGRICULTURE,
        "movement": "nong-thon-moi",
        "summary": "Vận động 42 hộ hiến đất, góp công làm 3 km đường bê tông liên thôn.",
        "story": (
            "Là trưởng thôn người Mông, ông Vàng Seo Chứ đi đầu hiến 400 m² đất vườn để mở đường vào thôn.\n\n"
            "Ông đến từng nhà vận động; sau hai năm, 42 hộ cùng hiến đất, góp hơn 1.500 ngày công, "
            "thôn Sín Chải có 3 km đường bê tông và đạt chuẩn nông thôn mới kiểu mẫu."
        ),
        "steps": [("verify", ""), ("publish", "")],
        "commendations": [
            (
                Commendation.Form.CERTIFICATE,
                "Có thành tích xuất sắc trong phong trào xây dựng nông thôn mới",
                "1234/QĐ-UBND",
                datetime.date(2023, 6, 20),
                "Chủ tịch UBND tỉnh Lào Cai",
            )
        ],
    },
    {
        "clerk": "clerk.batxat",
        "name": "Lò Thị Mai",
        "days_ago": 600,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.GOOD_DEED,
        "ethnic_group": "25",
        "position": "Hội viên Hội Liên hiệp Phụ nữ xã",
        "workplace": "Xã Quang Kim",
        "unit": "082",
        "field": H.Field.POVERTY,
        "movement": "vi-nguoi-ngheo",
        "summary": "Giúp 15 hộ nghèo có vốn và kỹ thuật nuôi lợn đen bản địa.",
        "story": (
            "Chị Lò Thị Mai cho 15 hộ nghèo mượn lợn giống, hướng dẫn cách làm chuồng và phòng bệnh; 9 "
            "hộ đã thoát nghèo."
        ),
        "steps": [("verify", ""), ("publish", "")],
        "commendations": [
            (
                Commendation.Form.COMMENDATION_LETTER,
                "Gương người tốt, việc tốt năm 2023",
                "56/QĐ-UBND",
                datetime.date(2024, 1, 10),
                "Chủ tịch UBND huyện Bát Xát",
            )
        ],
    },
    {
        "clerk": "clerk.batxat",
        "name": "Hợp tác xã chè Shan tuyết Bản Xèo",
        "days_ago": 560,
        "kind": H.Kind.COLLECTIVE,
        "category": H.Category.NEW_MODEL,
        "ethnic_group": None,
        "position": "",
        "workplace": "Xã Bản Xèo",
        "unit": "082",
        "field": H.Field.ECONOMY,
        "movement": "nong-thon-moi",
        "summary": "Chè Shan tuyết cổ thụ đạt OCOP 4 sao, liên kết 120 hộ đồng bào Dao.",
        "story": (
            "Hợp tác xã liên kết 120 hộ trồng và thu hái chè Shan tuyết cổ thụ, chế biến theo tiêu "
            "chuẩn hữu cơ; sản phẩm đạt OCOP 4 sao và xuất khẩu."
        ),
        "steps": [("verify", ""), ("publish", "")],
        "commendations": [
            (
                Commendation.Form.CERTIFICATE,
                "Thành tích xuất sắc trong phát triển kinh tế tập thể",
                "789/QĐ-UBND",
                datetime.date(2024, 3, 28),
                "Chủ tịch UBND tỉnh Lào Cai",
            ),
            (
                Commendation.Form.EXCELLENT_COLLECTIVE,
                "Hoàn thành xuất sắc nhiệm vụ năm 2023",
                "12/QĐ-UBND",
                datetime.date(2024, 1, 5),
                "Chủ tịch UBND huyện Bát Xát",
            ),
        ],
    },
    {
        "clerk": "clerk.baolaocai",
        "name": "Tẩn Láo Lở",
        "days_ago": 700,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.NEW_FACTOR,
        "ethnic_group": "09",
        "position": "Giáo viên",
        "workplace": "Trường PTDTBT Tiểu học Tả Phìn",
        "unit": "088",
        "field": H.Field.EDUCATION,
        "movement": "tai-lap-tinh-30-nam",
        "summary": "Mở lớp xóa mù chữ buổi tối cho 60 phụ nữ Dao đỏ.",
        "story": (
            "Thầy Tẩn Láo Lở tự soạn tài liệu song ngữ Dao – Việt và mở lớp xóa mù chữ buổi tối; sau ba "
            "năm, 60 phụ nữ Dao đỏ biết đọc, biết viết."
        ),
        "steps": [("verify", ""), ("publish", "")],
        "commendations": [],
    },
    {
        "clerk": "clerk.baolaocai",
        "name": "Nguyễn Thị Hương",
        "days_ago": 45,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.ADVANCED,
        "ethnic_group": "01",
        "position": "Bác sĩ",
        "workplace": "Trung tâm Y tế khu vực Bảo Thắng",
        "unit": "10",
        "field": H.Field.HEALTH,
        "movement": None,
        "summary": "Mười năm khám bệnh lưu động ở các thôn vùng cao.",
        "story": "Bác sĩ Hương tổ chức các đợt khám bệnh lưu động hằng tháng tại các thôn vùng cao.",
        "steps": [("verify", "Đã xác minh với Trung tâm Y tế.")],
        "commendations": [],
    },
    {
        "clerk": "clerk.baolaocai",
        "name": "Sần Văn Hùng",
        "days_ago": 12,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.GOOD_DEED,
        "ethnic_group": "07",
        "position": "Nông dân",
        "workplace": "Xã Mường Hum",
        "unit": "10",
        "field": H.Field.COMMUNITY,
        "movement": None,
        "summary": "Cứu hai học sinh bị lũ cuốn.",
        "story": "Trong trận lũ tháng 8, anh Hùng đã lao xuống suối cứu hai học sinh bị nước cuốn trôi.",
        "steps": [],
        "commendations": [],
    },
    {
        "clerk": "clerk.baolaocai",
        "name": "Giàng A Páo",
        "days_ago": 40,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.ADVANCED,
        "ethnic_group": "08",
        "position": "Người có uy tín",
        "workplace": "Thôn Lùng Cẩu, xã Bản Hồ",
        "unit": "10",
        "field": H.Field.CULTURE,
        "movement": None,
        "summary": "Vận động bà con trong thôn bỏ các hủ tục trong việc cưới, việc tang.",
        "story": (
            "Ông Giàng A Páo đến từng gia đình vận động tổ chức việc cưới, việc tang gọn nhẹ, tiết kiệm; "
            "thôn Lùng Cẩu không còn tảo hôn trong ba năm liền."
        ),
        "steps": [("request_info", "Đề nghị bổ sung xác nhận của UBND xã và số liệu cụ thể về kết quả vận động.")],
        "commendations": [],
    },
    {
        "clerk": "clerk.baolaocai",
        "name": "Phạm Văn Đức",
        "days_ago": 150,
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.GOOD_DEED,
        "ethnic_group": "01",
        "position": "Lái xe",
        "workplace": "Phường Cam Đường",
        "unit": "10",
        "field": H.Field.COMMUNITY,
        "movement": None,
        "summary": "Trả lại tài sản nhặt được cho người đánh rơi.",
        "story": "Anh Đức nhặt được chiếc ví có 20 triệu đồng và giấy tờ tùy thân, đã trả lại cho người đánh rơi.",
        "steps": [("reject", "Thành tích đã được biểu dương trong đợt trước, không giới thiệu lại.")],
        "commendations": [],
    },
]

N = NurtureAction.Kind
R = Replication.CoverageKind
D = PortalDispatch.Destination
# After the proposal (issue 17 §5): support given, other units adopting the model, portals it was sent to.
# Spread over the past year and a half so that each past quarter of the demo has some of every stage.
# nurture: (days ago, kind, given by, what); replicate: (days ago, adopter, unit code, coverage, counted in, how);
# dispatch: (days ago, portal). Recorded by the proposing clerk, the portals by the officer.
PIPELINE = {
    "Vàng Seo Chứ": {
        "nurture": [
            (
                600,
                N.TRAINING,
                "Văn phòng Điều phối nông thôn mới tỉnh",
                "Tập huấn cách vận động hiến đất, lập quy ước thôn.",
            ),
            (420, N.MATERIAL, "UBND huyện Si Ma Cai", "Hỗ trợ 120 tấn xi măng cho 1,2 km đường nhánh."),
        ],
        "replicate": [
            (380, "Thôn Lùng Sán", "084", 36, R.HOUSEHOLDS, "Học tập cách vận động hiến đất làm đường."),
            (200, "Thôn Sín Chéng", "084", 51, R.HOUSEHOLDS, "Áp dụng quy ước góp ngày công làm đường bê tông."),
            (90, "Thôn Nàn Sán", "085", 28, R.HOUSEHOLDS, ""),
            (470, "Thôn Lử Chồ", "084", 22, R.HOUSEHOLDS, ""),
        ],
        "dispatch": [(620, D.PROVINCE_COUNCIL), (300, D.CENTRAL_BOARD)],
    },
    "Hợp tác xã chè Shan tuyết Bản Xèo": {
        "nurture": [
            (
                500,
                N.TRAINING,
                "Trung tâm Dịch vụ nông nghiệp huyện Bát Xát",
                "Tập huấn chế biến chè theo tiêu chuẩn hữu cơ.",
            ),
            (250, N.CONNECTION, "Sở Công Thương", "Đưa sản phẩm tham gia hội chợ OCOP khu vực phía Bắc."),
            (35, N.PUBLICITY, "Báo Lào Cai", "Loạt bài giới thiệu chuỗi liên kết chè Shan tuyết."),
        ],
        "replicate": [
            (330, "Hợp tác xã chè Y Tý", "082", 64, R.HOUSEHOLDS, "Liên kết hộ trồng chè theo mô hình Bản Xèo."),
            (130, "Tổ hợp tác chè Nậm Lúc", "085", 2, R.COLLECTIVES, ""),
            (50, "Hợp tác xã nông nghiệp Phìn Ngan", "082", 45, R.HOUSEHOLDS, ""),
        ],
        "dispatch": [(540, D.PROVINCE_COUNCIL), (110, D.CENTRAL_BOARD)],
    },
    "Lò Thị Mai": {
        "nurture": [
            (560, N.MATERIAL, "Hội Liên hiệp Phụ nữ huyện Bát Xát", "Hỗ trợ vốn vay 50 triệu đồng mua lợn giống.")
        ],
        "replicate": [(240, "Chi hội phụ nữ thôn Tả Pờ Hồ", "082", 40, R.MEMBERS, "Mô hình cho mượn lợn giống.")],
        "dispatch": [(230, D.PROVINCE_COUNCIL), (400, D.CENTRAL_BOARD)],
    },
    "Tẩn Láo Lở": {
        "nurture": [
            (280, N.TRAINING, "Trường Cao đẳng Lào Cai", "Bồi dưỡng phương pháp dạy xóa mù chữ cho người lớn."),
            (150, N.MATERIAL, "Phòng Giáo dục và Đào tạo thị xã Sa Pa", "Cấp 60 bộ tài liệu song ngữ Dao – Việt."),
        ],
        "replicate": [],
        "dispatch": [(170, D.CENTRAL_BOARD)],
    },
    "Nguyễn Thị Hương": {
        "nurture": [(30, N.MENTORING, "Sở Y tế", "Bồi dưỡng chuyên môn khám chữa bệnh lưu động.")],
        "replicate": [],
        "dispatch": [],
    },
    "Giàng A Páo": {
        "nurture": [(20, N.TRAINING, "Mặt trận Tổ quốc xã Bản Hồ", "Tập huấn kỹ năng vận động bỏ hủ tục.")],
        "replicate": [],
        "dispatch": [],
    },
}

# The text each step takes, by the name of its argument.
STEP_TEXT = {"verify": "note", "request_info": "reason", "reject": "reason"}


def seed_demo_honourees(*, stdout=None) -> int:
    """Create the demo honourees that do not exist yet, each on its own dates; returns how many were created.

    Each proposal is dated ``days_ago`` before today (the officer acts a week later, then a week after
    that), through the same services as the pages, so the events and history carry those dates.
    """
    officer = User.objects.filter(username="officer.snv").first()
    created = 0
    for item in DEMO:
        unit = AdministrativeUnit.objects.filter(code=item["unit"]).first()
        clerk = User.objects.filter(username=item["clerk"]).first()
        if unit is None or clerk is None or officer is None:
            continue
        if Honouree.objects.filter(name=item["name"], unit=unit).exists():
            continue
        _seed_one(item, unit=unit, clerk=clerk, officer=officer)
        created += 1
    added = sum(_seed_pipeline(item, officer=officer) for item in DEMO if item["name"] in PIPELINE)
    if stdout is not None:
        stdout.write(f"Demo honourees: {created} created, {added} support, replication and portal records added")
    return created


def _seed_pipeline(item, *, officer) -> int:
    """Record the honouree's support, replications and portals (``PIPELINE``) that it lacks; returns how many."""
    honouree = Honouree.objects.filter(name=item["name"], unit__code=item["unit"]).first()
    clerk = User.objects.filter(username=item["clerk"]).first()
    if honouree is None or clerk is None or officer is None:
        return 0
    plan, today, added = PIPELINE[item["name"]], timezone.localdate(), 0
    for days_ago, kind, supporter, description in plan["nurture"]:
        day = today - datetime.timedelta(days=days_ago)
        if not honouree.nurture_actions.filter(done_on=day, supporter=supporter).exists():
            with at(day, 16):
                services.nurture_record(
                    honouree=honouree, user=clerk, kind=kind, description=description, supporter=supporter, done_on=day
                )
            added += 1
    for days_ago, adopter, unit_code, coverage, coverage_kind, note in plan["replicate"]:
        day, unit = today - datetime.timedelta(days=days_ago), AdministrativeUnit.objects.filter(code=unit_code).first()
        if unit is not None and not honouree.replications.filter(adopter=adopter, unit=unit).exists():
            with at(day, 16):
                services.replication_record(
                    honouree=honouree,
                    user=clerk,
                    adopter=adopter,
                    unit=unit,
                    started_on=day,
                    coverage=coverage,
                    coverage_kind=coverage_kind,
                    note=note,
                )
            added += 1
    for days_ago, destination in plan["dispatch"]:
        day = today - datetime.timedelta(days=days_ago)
        if not honouree.dispatches.filter(destination=destination, sent_on=day).exists():
            with at(day, 17):
                services.dispatch_record(honouree=honouree, user=officer, destination=destination, sent_on=day)
            added += 1
    return added


def _seed_one(item, *, unit, clerk, officer):
    """Propose one honouree as ``clerk``, then take the officer's steps and record its commendations."""
    data = {
        **{name: item[name] for name in ("kind", "category", "name", "position", "workplace", "field")},
        **{name: item[name] for name in ("summary", "story")},
        "ethnic_group": EthnicGroup.objects.filter(code=item["ethnic_group"]).first() if item["ethnic_group"] else None,
        "unit": unit,
        "movement": Movement.objects.filter(code=item["movement"]).first() if item["movement"] else None,
        "consent_to_publish": True,
    }
    day = timezone.localdate() - datetime.timedelta(days=item["days_ago"])
    with at(day, 9):
        honouree = services.honouree_propose(user=clerk, data=data)
    for number, (step, text) in enumerate(item["steps"], start=1):
        extra = {STEP_TEXT[step]: text} if step in STEP_TEXT else {}
        with at(day + datetime.timedelta(days=7 * number), 10):
            honouree = getattr(services, f"honouree_{step}")(honouree=honouree, user=officer, **extra)
    with at(day + datetime.timedelta(days=7 * len(item["steps"]) + 1), 15):
        for form, achievement, decision, decided, authority in item["commendations"]:
            services.commendation_record(
                honouree=honouree,
                user=officer,
                form=form,
                achievement=achievement,
                decision_number=decision,
                decision_date=decided,
                issuing_authority=authority,
            )
    return honouree
