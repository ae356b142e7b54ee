"""The proposal form as a clerk sees it: selects say what to do, the privacy note is said once."""

from django.urls import reverse


def test_proposal_form_selects_and_privacy_note(client, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("honourees:create")).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>— Chọn —</option>' in html
    assert html.count("Thông tin riêng: không hiển thị trên cổng thông tin") == 1
    assert 'data-testid="private-note"' in html
