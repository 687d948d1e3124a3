import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trials.models import TrialPage

from .conftest import FIXTURES, PASSION, TREASURE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_trials", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_folder_prints_counts(trial_index):
    out, _err = run(FIXTURES)
    assert "5 created, 0 updated, 0 skipped" in out
    out, _err = run(FIXTURES)
    assert "0 created, 0 updated, 5 skipped (5 unchanged, 0 with errors)" in out


def test_list_and_page_shapes(trial_index, tmp_path):
    studies = [json.loads(TREASURE.read_text()), json.loads(PASSION.read_text())]
    (tmp_path / "list.json").write_text(json.dumps(studies))
    out, _err = run(tmp_path / "list.json")
    assert "2 created" in out
    (tmp_path / "list.json").unlink()
    (tmp_path / "page.json").write_text(json.dumps({"studies": studies, "nextPageToken": "x"}))
    out, _err = run(tmp_path / "page.json")
    assert "2 skipped (2 unchanged" in out


def test_bad_records_are_reported_and_the_rest_imported(trial_index, tmp_path):
    good = json.loads(TREASURE.read_text())
    no_id = json.loads(PASSION.read_text())
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    bad_enum = json.loads(PASSION.read_text())
    bad_enum["protocolSection"]["designModule"]["phases"] = ["PHASE9"]
    (tmp_path / "a.json").write_text(json.dumps([good, no_id, bad_enum]))
    (tmp_path / "b.json").write_text("{broken")
    with pytest.raises(CommandError) as error:
        run(tmp_path)
    assert "3 record(s) could not be imported" in str(error.value)
    assert list(TrialPage.objects.values_list("acronym", flat=True)) == ["TREASURE"]


def test_messages_name_file_and_record(trial_index, tmp_path, capsys):
    bad_enum = json.loads(PASSION.read_text())
    bad_enum["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED"
    (tmp_path / "a.json").write_text(json.dumps([json.loads(TREASURE.read_text()), bad_enum]))
    (tmp_path / "b.json").write_text("{broken")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_trials", str(tmp_path), stdout=StringIO(), stderr=err)
    text = err.getvalue()
    assert "a.json #2 (NCT03356821): Unknown value “PAUSED” in statusModule.overallStatus." in text
    assert "b.json: Invalid JSON at line 1" in text


def test_missing_path_fails(trial_index, tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path / "nothing.json")


def test_no_register_page_fails_with_a_reason(home):
    with pytest.raises(CommandError, match="no trial register page"):
        run(TREASURE)


def test_unknown_parent_fails(trial_index):
    with pytest.raises(CommandError, match="No trial register .9999."):
        run(TREASURE, "--parent", "9999")


def test_parent_by_path(trial_index):
    out, _err = run(TREASURE, "--parent", "trials")
    assert "1 created" in out


def test_a_terminal_sees_a_progress_bar_above_the_summary(trial_index):
    class Terminal(StringIO):
        def isatty(self):
            return True

    out, err = StringIO(), Terminal()
    call_command("import_trials", str(FIXTURES), stdout=out, stderr=err)
    assert err.getvalue().startswith("\r[######")
    assert "] 5/5\n" in err.getvalue()
    assert "5 created" in out.getvalue()


def test_personal_contact_data_is_never_stored(trial_index, client):
    import re

    from django.utils import translation

    run(FIXTURES)
    emails = set()
    for path in FIXTURES.glob("*.json"):
        emails.update(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", path.read_text()))
    assert len(emails) > 3  # centralContacts, location contacts, pointOfContact
    stored = json.dumps(list(TrialPage.objects.values()), default=str)
    stored += json.dumps([r.content for t in TrialPage.objects.all() for r in t.revisions.all()], default=str)
    for trial in TrialPage.objects.all():
        trial.save_revision().publish()
        with translation.override("en"):
            response = client.get(trial.get_url())
        assert response.status_code == 200
        assert trial.registry_ids.get().identifier in (html := response.content.decode())
        stored += html
    for email in emails:
        assert email not in stored
