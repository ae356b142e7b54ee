"""Demo honourees for ``manage.py seed_demo`` (a ``DEMO_SEEDERS`` step): fictional people, real flow.

Each is proposed by a demo clerk and taken through the same services as the
pages (verify, publish, commendations), so the history reads as it would.
Running it again adds nothing.
"""

import datetime

from agencies.models import AdministrativeUnit, User
from campaigns.models import Movement

from . import services
from .models import Commendation, EthnicGroup, Honouree

H = Honouree
DEMO = [
    {
        "clerk": "clerk.baolaocai",
        "name": "Vàng Seo Chứ",
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
        "steps": ["verify", "publish"],
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
        "steps": ["verify", "publish"],
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
        "steps": ["verify", "publish"],
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
        "steps": ["verify", "publish"],
        "commendations": [],
    },
    {
        "clerk": "clerk.baolaocai",
        "name": "Nguyễn Thị Hương",
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.ADVANCED,
        "ethnic_group": "01",
        "position": "Bác sĩ",
        "workplace": "Trung tâm Y tế huyện Bảo Thắng",
        "unit": "086",
        "field": H.Field.HEALTH,
        "movement": None,
        "summary": "Mười năm khám bệnh lưu động ở các thôn vùng cao.",
        "story": "Bác sĩ Hương tổ chức các đợt khám bệnh lưu động hằng tháng tại các thôn vùng cao.",
        "steps": ["verify"],
        "commendations": [],
    },
    {
        "clerk": "clerk.batxat",
        "name": "Sần Văn Hùng",
        "kind": H.Kind.INDIVIDUAL,
        "category": H.Category.GOOD_DEED,
        "ethnic_group": "07",
        "position": "Nông dân",
        "workplace": "Xã Mường Hum",
        "unit": "082",
        "field": H.Field.COMMUNITY,
        "movement": None,
        "summary": "Cứu hai học sinh bị lũ cuốn.",
        "story": "Trong trận lũ tháng 8, anh Hùng đã lao xuống suối cứu hai học sinh bị nước cuốn trôi.",
        "steps": [],
        "commendations": [],
    },
]


def seed_demo_honourees(*, stdout=None) -> int:
    """Create the demo honourees that do not exist yet; returns how many were created."""
    officer = User.objects.filter(username="officer.snv").first()
    created = 0
    for item in DEMO:
        unit = AdministrativeUnit.objects.filter(code=item["unit"]).first()
        clerk = User.objects.filter(username=item["clerk"]).first()
        if unit is None or clerk is None or officer is None:
            continue
        if Honouree.objects.filter(name=item["name"], unit=unit).exists():
            continue
        data = {
            "kind": item["kind"],
            "category": item["category"],
            "name": item["name"],
            "ethnic_group": EthnicGroup.objects.filter(code=item["ethnic_group"]).first()
            if item["ethnic_group"]
            else None,
            "position": item["position"],
            "workplace": item["workplace"],
            "unit": unit,
            "field": item["field"],
            "movement": Movement.objects.filter(code=item["movement"]).first() if item["movement"] else None,
            "summary": item["summary"],
            "story": item["story"],
            "consent_to_publish": True,
        }
        honouree = services.honouree_propose(user=clerk, data=data)
        for step in item["steps"]:
            honouree = getattr(services, f"honouree_{step}")(honouree=honouree, user=officer)
        for form, achievement, number, day, authority in item["commendations"]:
            services.commendation_record(
                honouree=honouree,
                user=officer,
                form=form,
                achievement=achievement,
                decision_number=number,
                decision_date=day,
                issuing_authority=authority,
            )
        created += 1
    if stdout is not None:
        stdout.write(f"Demo honourees: {created} created")
    return created
