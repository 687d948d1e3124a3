import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from portal.references.models import Reference
from tests.references.helpers import FIXTURES

pytestmark = pytest.mark.django_db


def test_imports_several_files_and_prints_a_summary(capsys):
    call_command(
        "import_references",
        str(FIXTURES / "treasure.pubmed.xml"),
        str(FIXTURES / "treasure.bib"),
        str(FIXTURES / "wagenaar2025.csl.json"),
    )
    out = capsys.readouterr().out
    assert "treasure.pubmed.xml: 1 created" in out
    assert "treasure.bib: 0 created, 0 updated, 1 unchanged" in out
    assert "3 file(s): 2 created, 0 updated, 1 unchanged, 0 with differences, 0 skipped" in out
    assert Reference.objects.count() == 2


def test_format_option(tmp_path, capsys):
    path = tmp_path / "export.data"
    path.write_bytes((FIXTURES / "treasure.ris").read_bytes())
    call_command("import_references", str(path), "--format", "ris")
    assert "1 created" in capsys.readouterr().out


def test_nothing_readable_exits_non_zero_with_the_reason(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<PubmedArticleSet><oops></PubmedArticleSet>")
    with pytest.raises(
        CommandError, match="Nothing imported: broken.xml: not imported: The XML is malformed"
    ):
        call_command("import_references", str(path))


def test_missing_file_exits_non_zero(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_references", str(tmp_path / "nope.ris"))


def test_only_bad_entries_exits_non_zero(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"title": "X", "DOI": "nope"}]')
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_references", str(path))


def test_exit_code_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "bad.ris"
    path.write_text("not ris")
    with pytest.raises(SystemExit) as excinfo:
        execute_from_command_line(["manage.py", "import_references", str(path)])
    assert excinfo.value.code == 1
    assert "not an RIS file" in capsys.readouterr().err


def test_success_exit_code_from_the_command_line(capsys):
    execute_from_command_line(["manage.py", "import_references", str(FIXTURES / "treasure.ris")])
    assert "1 file(s): 1 created" in capsys.readouterr().out
