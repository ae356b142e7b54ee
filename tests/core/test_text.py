import pytest

from core.text import fold, slug


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Lào Cai", "lao cai"),
        ("Giàng Thị Dung", "giang thi dung"),
        ("ĐÀI PHÁT THANH – TRUYỀN HÌNH", "dai phat thanh – truyen hinh"),
        ("  Mường   Khương ", "muong khuong"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_diacritics_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_slug_is_ascii_and_readable():
    assert slug("Tỉnh Lào Cai") == "tinh-lao-cai"
    assert slug("Đài PT-TH tỉnh (Lào Cai)") == "dai-pt-th-tinh-lao-cai"
