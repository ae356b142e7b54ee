"""The compiled report's files, built from its frozen snapshot and nothing else.

The builders are pure functions ``snapshot dict -> bytes``: no database and no
settings but the translation catalogue (their wording is in province's Vietnamese
catalogue), so a file can be rebuilt from an issued snapshot years later and the
builders are tested without fixtures.

Snapshot schema (``schema_version`` 1). Every figure the documents show is in
it; integers are plain JSON numbers, dates ISO strings, texts already final
(the reviewer's texts were copied in at compile time).

.. code-block:: text

    {
      "schema_version": 1,
      "generated_at": "2024-06-20T09:15:00+07:00",
      "period": {"code": "2024-Q2", "kind": "quarter", "label": "quý II năm 2024",
                 "start": "2024-03-15", "end": "2024-06-14"},
      "plan": {"code": "lao-cai-2021-2025", "title": "Kế hoạch tuyên truyền …", "phase": "2021-2025",
               "number": "123/KH-UBND" | "", "issued_on": "2021-04-05" | null},   # "" / null: not entered
      "issuer": {"parent": "UBND TỈNH LÀO CAI", "name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                 "name_sentence": "Sở Thông tin và Truyền thông", "code": "STTTT", "place": "Lào Cai"},
      "document": {"number": "125" | null, "date": "2024-06-20" | null, "version": 1,
                   "summary": "Kết quả tuyên truyền phong trào thi đua yêu nước quý II năm 2024"},
      "includes_unaccepted": false,     # true: submitted, not yet accepted reports were counted
      "report_count": 7,                # activity reports counted
      "comparison": {"previous": {"code": "2024-Q1", "label": "quý I năm 2024"} | null,
                     "year_before": {"code": "2023-Q2", "label": "quý II năm 2023"} | null},
      "channels": [                     # in plan order; "key" = "<channel code>.<metric code>"
        {"code": "HT1", "name": "Báo chí địa phương",
         "metrics": [{"key": "HT1.articles", "name": "Số tin, bài", "unit": "tin, bài",
                      "primary": true,  # the channel's first metric: counts products/activities
                      "total": 120, "previous": 100 | null, "year_before": 90 | null}]}
      ],
      "themes": [{"code": "ND1", "name": "…", "items": 57, "agencies": 3,
                  "values": {"HT1.articles": 40, …}}],          # metric key -> total
      "agency_kinds": [{"kind": "press", "label": "Cơ quan báo chí", "expected": 4, "reported": 3,
                        "items": 300, "values": {…}}],
      "units": [{"code": "082", "name": "Huyện Bát Xát", "agencies": 2, "reported": 1,
                 "items": 35, "values": {…}}],                   # district-level units
      # stored beside the snapshot, compressed, with the narratives (``CompiledReport.full_snapshot``)
      "agencies": [{"code": "BLC", "name": "Báo Lào Cai", "kind": "press", "unit": "Tỉnh Lào Cai",
                    "status": "on_time" | "late" | "missing", "expected": 1, "submitted": 1, "late": 0,
                    "items": 120, "values": {…}, "themes": {"ND1": 40, …}}],
      # completeness: the reports owed in the window (a monthly reporter owes three a quarter); "agencies" owing them
      "completeness": {"expected": 10, "on_time": 6, "late": 2, "missing": 2, "agencies": 8},
      "trend": [{"code": "2021-Y", "label": "Năm 2021", "items": 800, "values": {…}}],
      "honourees": [{"name": "…", "category": "…", "agency": "…", "channel": "…"}],
      # the agencies' own texts; stored beside the snapshot, compressed (``CompiledReport.full_snapshot``)
      "narratives": {"shortcomings": [{"agency": "…", "text": "…"}], "next_tasks": […], "proposals": […]},
      "texts": {"shortcomings": "…", "next_tasks": "…", "proposals": "…"},   # the reviewer's, may be ""
      # the duties of the plan's section III (``compilation.duties_part``); absent in older snapshots
      "duties": {"guidance": {"rows": [{"number": "125/HD-STTTT", "title": "…", "issued_on": "2024-04-02",
                                        "recipients": 40, "acknowledged": 31, "reports": 12,
                                        "accepted_reports": 10}],
                              "recipients": 40, "acknowledged": 31},
                 "orders": [{"number": "05/ĐH-STTTT", "press_agency": "Báo Lào Cai", "ordered_on": "…",
                             "start": "2024-01-01", "end": "2024-06-30", "budget": 150000000, "met": 1,
                             "cells": [{"channel": "Báo chí", "metric": "Số tin, bài", "unit": "tin, bài",
                                        "theme": "ND7", "ordered": 24, "delivered": 30}]}],
                 "content": {"rows": [{"code": "ND1", "label": "…", "provided": 3, "used": 2, "rate": 66.7}],
                             "provided": 3, "used": 2, "rate": 66.7, "senders": 2, "press": 1},
                 # per movement and occasion: the main figures attributed to it, in the order of "metrics"
                 "movements": {"metrics": [{"channel": "Báo chí", "name": "Số tin, bài", "unit": "tin, bài"}],
                               "movements": [{"name": "…", "items": 12, "agencies": 3, "values": [12]}],
                               "occasions": [{"name": "…", "items": 4, "agencies": 1, "values": [4]}]}},
      "signer": {"capacity": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "…"},
      "recipients": ["UBND tỉnh (b/c);", "Sở Nội vụ;", "Lưu: VT, TTBCXB."]
    }

"items" is the sum of the channels' primary metrics (news items and articles,
programmes, posts, broadcasts, sessions): the one count that may be added across
channels, used for the theme chart, the agency × theme coverage and the trend.
Figures in other units (airtime minutes, attendances) are never added to it.
"""

SCHEMA_VERSION = 1

# The files are the Vietnamese administrative report (the forms of Decree 30/2020/NĐ-CP, Appendix I): the
# builders take their wording from province's catalogue in this language, whatever language is active for the
# user or the task that compiles them.
DOCUMENT_LANGUAGE = "vi"
