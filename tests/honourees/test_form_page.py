"""The proposal form as a clerk sees it: selects say what to do, the privacy note is said once."""

from django.urls import reverse


def test_proposal_form_selects_and_privacy_note(client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("honourees:create")).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>— Chọn —</option>' in html
    assert html.count("Thông tin riêng: không hiển thị trên cổng thông tin") == 1
    assert 'data-testid="private-note"' in html


def test_commendation_form_select_says_choose(client, officer):
    from tests.honourees.factories import HonoureeFactory

    honouree = HonoureeFactory()
    client.force_login(officer)
    html = client.get(reverse("honourees:commendation_add", args=[honouree.pk])).content.decode()
    assert "---------" not in html
    assert "— Chọn —" in html


def test_staff_list_keeps_name_category_and_status_on_a_phone(client, officer):
    from tests.honourees.factories import HonoureeFactory

    HonoureeFactory()
    client.force_login(officer)
    html = client.get(reverse("honourees:list")).content.decode()
    # Movement, proposing agency (below md) and place (below sm) step aside on a phone.
    assert html.count('class="d-none d-md-table-cell"') == 2
    assert html.count('class="small d-none d-md-table-cell"') == 2
    assert html.count("d-none d-sm-table-cell") == 2
