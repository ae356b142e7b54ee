"""A hand-written snapshot in the schema of ``province.documents``, for the builder tests."""

import copy

_CHANNELS = [
    (
        "HT1",
        "Báo chí địa phương",
        [("articles", "Số tin, bài", "tin, bài"), ("airtime_minutes", "Thời lượng phát sóng", "phút")],
    ),
    ("HT2", "Bản tin, mạng Internet", [("web_posts", "Số tin, bài trên cổng/trang thông tin điện tử", "tin, bài")]),
    (
        "HT5",
        "Hội nghị, hội thảo, họp báo",
        [
            ("sessions", "Số hội nghị, hội thảo, họp báo", "cuộc"),
            ("participants", "Số lượt người tham dự", "lượt người"),
        ],
    ),
]

SAMPLE = {
    "schema_version": 1,
    "generated_at": "2024-06-20T09:15:00+07:00",
    "period": {
        "code": "2024-Q2",
        "kind": "quarter",
        "label": "quý II năm 2024",
        "start": "2024-03-15",
        "end": "2024-06-14",
        "next_label": "quý III năm 2024",
    },
    "plan": {
        "code": "lao-cai-2021-2025",
        "title": "Kế hoạch tuyên truyền phong trào thi đua yêu nước trên địa bàn tỉnh Lào Cai, giai đoạn 2021-2025",
        "phase": "2021-2025",
    },
    "issuer": {
        "parent": "UBND TỈNH LÀO CAI",
        "name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "name_sentence": "Sở Thông tin và Truyền thông",
        "code": "STTTT",
        "place": "Lào Cai",
    },
    "document": {
        "number": "125",
        "date": "2024-06-20",
        "version": 1,
        "summary": "Kết quả tuyên truyền phong trào thi đua yêu nước quý II năm 2024",
    },
    "includes_unaccepted": False,
    "report_count": 3,
    "comparison": {"previous": {"code": "2024-Q1", "label": "quý I năm 2024"}, "year_before": None},
    "channels": [
        {
            "code": code,
            "name": name,
            "metrics": [
                {
                    "key": f"{code}.{mc}",
                    "name": mn,
                    "unit": unit,
                    "primary": i == 0,
                    "total": 0,
                    "previous": 0,
                    "year_before": None,
                }
                for i, (mc, mn, unit) in enumerate(metrics)
            ],
        }
        for code, name, metrics in _CHANNELS
    ],
    "themes": [
        {
            "code": "ND1",
            "name": "Giáo dục, phổ biến chính sách pháp luật về thi đua, khen thưởng",
            "items": 0,
            "agencies": 2,
            "values": {},
        },
        {"code": "ND2", "name": "Tư tưởng Hồ Chí Minh về thi đua yêu nước", "items": 0, "agencies": 1, "values": {}},
    ],
    "agency_kinds": [
        {"kind": "press", "label": "Cơ quan báo chí", "expected": 1, "reported": 1, "items": 0, "values": {}},
        {
            "kind": "district_committee",
            "label": "UBND cấp huyện",
            "expected": 2,
            "reported": 1,
            "items": 0,
            "values": {},
        },
    ],
    "units": [{"code": "082", "name": "Huyện Bát Xát", "agencies": 1, "reported": 1, "items": 0, "values": {}}],
    "agencies": [
        {
            "code": "BLC",
            "name": "Báo Lào Cai",
            "kind": "press",
            "unit": "Tỉnh Lào Cai",
            "status": "on_time",
            "expected": 1,
            "submitted": 1,
            "late": 0,
            "items": 0,
            "values": {},
            "themes": {},
        },
        {
            "code": "BX",
            "name": "UBND huyện Bát Xát",
            "kind": "district_committee",
            "unit": "Huyện Bát Xát",
            "status": "late",
            "expected": 1,
            "submitted": 1,
            "late": 1,
            "items": 0,
            "values": {},
            "themes": {},
        },
        {
            "code": "MK",
            "name": "UBND huyện Mường Khương",
            "kind": "district_committee",
            "unit": "Huyện Mường Khương",
            "status": "missing",
            "expected": 1,
            "submitted": 0,
            "late": 0,
            "items": 0,
            "values": {},
            "themes": {},
        },
    ],
    "completeness": {"expected": 3, "on_time": 1, "late": 1, "missing": 1, "agencies": 3},
    "trend": [],
    "honourees": [],
    "narratives": {
        "shortcomings": [{"agency": "UBND huyện Bát Xát", "text": "Một số xã chưa bố trí kinh phí cho cụm loa."}],
        "next_tasks": [],
        "proposals": [{"agency": "Báo Lào Cai", "text": '=HYPERLINK("http://x")\x07 đề nghị bổ sung kinh phí'}],
    },
    "texts": {
        "shortcomings": "Công tác tuyên truyền ở cơ sở chưa đồng đều.",
        "next_tasks": "Tiếp tục tuyên truyền kỷ niệm 30 năm Ngày tái lập tỉnh.",
        "proposals": "",
    },
    "signer": {"capacity": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn Thử"},
    "recipients": ["UBND tỉnh (b/c);", "Sở Nội vụ;", "Lưu: VT, TTBCXB."],
}

# Figures: HT1.articles 40 (ND1) + 12 (ND2) = 52; HT1.airtime 90; HT2.web_posts 7; HT5.sessions 3, participants 250.
_FIGURES = {
    ("BLC", "ND1", "HT1.articles"): 40,
    ("BLC", "ND2", "HT1.articles"): 12,
    ("BLC", "ND1", "HT1.airtime_minutes"): 90,
    ("BX", "ND1", "HT2.web_posts"): 7,
    ("BX", "ND1", "HT5.sessions"): 3,
    ("BX", "ND1", "HT5.participants"): 250,
}


def sample_snapshot(**overrides):
    """The sample with totals filled in from ``_FIGURES`` consistently across every breakdown."""
    snap = copy.deepcopy(SAMPLE)
    primary = {m["key"] for c in snap["channels"] for m in c["metrics"] if m["primary"]}
    agencies = {a["code"]: a for a in snap["agencies"]}
    themes = {t["code"]: t for t in snap["themes"]}
    kinds = {k["kind"]: k for k in snap["agency_kinds"]}
    metrics = {m["key"]: m for c in snap["channels"] for m in c["metrics"]}
    for (agency_code, theme_code, key), value in _FIGURES.items():
        agency = agencies[agency_code]
        metrics[key]["total"] += value
        for bucket in (themes[theme_code], agency, kinds[agency["kind"]]):
            bucket["values"][key] = bucket["values"].get(key, 0) + value
            if key in primary:
                bucket["items"] += value
        if key in primary:
            agency["themes"][theme_code] = agency["themes"].get(theme_code, 0) + value
    unit = snap["units"][0]
    unit["values"] = dict(agencies["BX"]["values"])
    unit["items"] = agencies["BX"]["items"]
    metrics["HT1.articles"]["previous"] = 40
    snap.update(overrides)
    return snap
