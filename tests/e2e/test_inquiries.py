"""Inquiry staff open a new contact request from their notification email (signing in
with a second factor), assign it to themselves, add a note and close it; an editor
neither sees the inbox nor gets in by its URL."""

import json
import secrets

import pytest
from playwright.sync_api import expect

from deploy.stack import manage
from tests.e2e.site import contact_request, path_in, sign_in, staff_notification, text_of

pytestmark = pytest.mark.xdist_group("e2e")

INQUIRY_SCRIPT = """
import json
from portal.inquiries.models import Inquiry
inquiry = Inquiry.objects.get(reference="{reference}")
print(json.dumps({{"status": inquiry.status, "assignee": inquiry.assignee.username if inquiry.assignee else None,
    "notes": [note.text for note in inquiry.notes.all()]}}))
"""


def stored(stack, reference: str) -> dict:
    output = manage(stack.env, "shell", "-c", INQUIRY_SCRIPT.format(reference=reference))
    return json.loads(output.strip().splitlines()[-1])


def test_staff_work_a_request_and_editors_cannot_see_it(stack, users, phone, desktop, shots):
    base = stack.proxy_url
    reference = contact_request(
        phone,
        base,
        name="王先生",
        wechat_id=f"wang_{secrets.token_hex(4)}",
        message="父亲中风三个月，想咨询试验。",
    )
    shots(phone, "request sent")

    # The notification email links the request; staff sign in with password and code.
    inspect_path = path_in(text_of(staff_notification(stack, reference)), r"/admin/inquiries/inspect/\d+/")
    staff = desktop()
    staff.goto(base + inspect_path)
    expect(staff).to_have_url(f"{base}/admin/login/?next={inspect_path}")
    sign_in(staff, base, users["staff"], next_path=inspect_path)
    expect(staff.locator("main")).to_contain_text(reference)
    expect(staff.locator("main")).to_contain_text("王先生")
    expect(staff.locator("main")).not_to_contain_text("None")  # no assignee, no page asked about: empty
    expect(staff.locator(".sidebar-main-menu a[href='/admin/inquiries/']")).to_be_visible()  # the inbox
    shots(staff, "new request")

    staff.locator("form[action$='/assign/'] button[value=me]").click()
    expect(staff.locator(".messages .success")).to_contain_text(reference)
    expect(staff.locator("form[action$='/assign/'] button[value='']")).to_be_visible()  # now "Unassign"
    shots(staff, "assigned")

    note = "已通过微信联系，家属会准备病历后再来咨询。"
    staff.fill("form[action$='/note/'] textarea[name=text]", note)
    staff.locator("form[action$='/note/'] button[type=submit]").click()
    expect(staff.locator("main")).to_contain_text(note)
    shots(staff, "note added")

    status_form = staff.locator("form[action$='/status/']").filter(has=staff.locator("select[name=status]"))
    status_form.locator("select[name=status]").select_option("closed")
    status_form.locator("button[type=submit]").click()
    expect(staff.locator(".messages .success")).to_contain_text(reference)
    shots(staff, "closed")
    assert stored(stack, reference) == {
        "status": "closed",
        "assignee": users["staff"].username,
        "notes": [note],
    }

    # An editor: no inbox in the menu, and its URLs refused.
    editor = desktop()
    sign_in(editor, base, users["editor"])
    expect(editor.locator(".sidebar-main-menu")).to_be_visible()
    expect(editor.locator("a[href^='/admin/inquiries/']")).to_have_count(0)  # no inbox, no dashboard panel
    shots(editor, "editor's menu")
    for path in ("/admin/inquiries/", inspect_path):
        response = editor.goto(base + path)
        assert response.status == 403, f"an editor got {response.status} for {path}"
        assert reference not in editor.content()
    shots(editor, "editor refused")
