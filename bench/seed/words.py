"""The Vietnamese names and sentences the synthetic agencies, reports and honourees are drawn from."""

from agencies.models import Agency

DISTRICT_WORDS = [
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "Văn Bàn",
    "Sa Pa",
    "Lào Cai",
]
SYNTHETIC_KINDS = [
    (Agency.Kind.SCHOOL, "Trường THPT số {n} {d}", "THPT {n} {d}"),
    (Agency.Kind.SCHOOL, "Trường Phổ thông Dân tộc nội trú số {n} {d}", "PTDTNT {n}"),
    (Agency.Kind.DEPARTMENT, "Phòng Văn hóa và Thông tin {d} (đơn vị {n})", "Phòng VHTT {n}"),
    (Agency.Kind.UNION, "Hội Nông dân {d} (chi hội {n})", "HND {n}"),
    (Agency.Kind.UNION, "Đoàn Thanh niên {d} (cơ sở {n})", "ĐTN {n}"),
    (Agency.Kind.ENTERPRISE, "Công ty cổ phần Phát triển {d} số {n}", "CTCP {n}"),
    (Agency.Kind.CENTRAL, "Chi nhánh Ngân hàng Chính sách xã hội {d} ({n})", "NHCSXH {n}"),
]
RESULTS = [
    "Đã đăng tải {a} tin, bài tuyên truyền về phong trào thi đua yêu nước trên các phương tiện thông tin đại chúng.",
    "Tổ chức {b} buổi sinh hoạt chuyên đề, hội nghị quán triệt với {c} lượt người tham dự.",
    "Phối hợp với Đài Phát thanh – Truyền hình tỉnh xây dựng {b} phóng sự về điển hình tiên tiến.",
    "Duy trì chuyên mục “Người tốt, việc tốt” trên trang thông tin điện tử của đơn vị.",
    "Treo {a} băng rôn, khẩu hiệu, pa nô tuyên truyền tại trụ sở và nơi công cộng.",
]
SHORTCOMINGS = [
    "Một số tin, bài còn nặng về liệt kê, chưa nêu bật cách làm hay.",
    "Việc phát hiện, bồi dưỡng điển hình tiên tiến ở cơ sở còn chậm.",
    "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
    "Đội ngũ làm công tác tuyên truyền kiêm nhiệm, thiếu kỹ năng viết tin, bài.",
    "",
]
NEXT_TASKS = [
    "Tiếp tục đẩy mạnh tuyên truyền các phong trào thi đua theo Kế hoạch của UBND tỉnh.",
    "Lựa chọn, giới thiệu ít nhất {b} gương điển hình tiên tiến trong kỳ tới.",
    "Tăng cường tuyên truyền trên mạng xã hội và hệ thống loa truyền thanh cơ sở.",
]
PROPOSALS = [
    "Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn nghiệp vụ tuyên truyền.",
    "Đề nghị bổ sung kinh phí cho hệ thống truyền thanh cơ sở.",
    "",
    "",
]
RETURN_REASONS = [
    "Số liệu kênh báo chí chưa khớp với danh mục tin, bài kèm theo.",
    "Thiếu minh chứng cho các buổi sinh hoạt chuyên đề.",
    "Đề nghị bổ sung phần tồn tại, hạn chế và nguyên nhân.",
]
FAMILY = ["Nguyễn", "Lò", "Giàng", "Sùng", "Vàng", "Hoàng", "Lý", "Phạm", "Trần", "Lê", "Đặng", "Thào"]
MIDDLE = ["Thị", "Văn", "A", "Seo", "Mí", "Thị Thu", "Đức", "Minh"]
GIVEN = ["Dung", "Páo", "Chư", "Mai", "Lan", "Sính", "Hùng", "Dìn", "Hoa", "Sử", "Tâm", "Phử", "Thắng", "Nhung"]
