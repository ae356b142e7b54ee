"""The demo province's own reports for ``manage.py seed_demo``: each past quarter's, compiled and issued.

``reports.demo`` lives the quarters (drafts, submissions, acceptances, each on its day); on each past
quarter's compile day it hands over to ``issue_province_report`` here, so the compile sees the quarter as
it stood that day, and what happened after the issue (a correction, a late report) comes after.
"""

from core.demo import at
from duties import demo as duties_demo
from reports import demo as reports_demo

from . import compilation

DEMO_SIGNER = "Lê Minh Tuấn"

PROVINCE_TEXTS = {
    "shortcomings": (
        "Một số cơ quan, đơn vị gửi báo cáo chậm so với thời hạn hoặc chưa gửi báo cáo; nội dung tuyên "
        "truyền ở một số đơn vị còn đơn điệu, chưa thường xuyên."
    ),
    "next_tasks": (
        "Tiếp tục đẩy mạnh tuyên truyền các phong trào thi đua yêu nước; tăng cường giới thiệu gương điển "
        "hình tiên tiến, người tốt, việc tốt trên báo chí và mạng xã hội."
    ),
    "proposals": "Đề nghị UBND tỉnh chỉ đạo các cơ quan, đơn vị gửi báo cáo đúng thời hạn.",
}


def seed_demo_province(*, stdout=None) -> int:
    """DEMO_SEEDERS step: the demo's activity reports (``reports.demo``) and the province report of each past quarter.

    Side effects: those of ``reports.demo.seed_demo_reports``, and one compiled, issued province report
    (DOCX and XLSX files) per past quarter. Returns the number of activity reports made.
    """
    return reports_demo.seed_demo_reports(stdout=stdout, issue=issue_province_report)


def issue_province_report(period, days, reviewer):
    """The reviewer compiles the quarter's province report (in-process, as ``compile_report`` does) and issues it.

    First the quarter's duties (``duties.demo.seed_demo_quarter``: guidance, an order to the press, content
    provided to it), lived on their own days, so that the report's sections on them have something to say.
    """
    duties_demo.seed_demo_quarter(period, reviewer=reviewer, compile_day=days.compile)
    texts = dict(PROVINCE_TEXTS)
    if not compilation.compiled_report_defaults(period=period)["signer_name"]:
        texts["signer_name"] = DEMO_SIGNER
    with at(days.compile, 15):
        compiled = compilation.compiled_report_request(period=period, user=reviewer, enqueue=False, **texts)
        compiled = compilation.compiled_report_run(compiled_report_id=compiled.pk)
    number = str(days.issue.timetuple().tm_yday + 20)  # the document adds "/BC-<issuer>"
    with at(days.issue, 9):
        return compilation.compiled_report_issue(compiled=compiled, user=reviewer, number=number, day=days.issue)
