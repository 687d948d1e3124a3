from portal.release import code_fingerprint


def make_tree(base, template_text):
    for top in ("portal", "articles", "trials", "templates"):
        (base / top).mkdir()
    (base / "portal" / "views.py").write_text("x = 1\n")
    (base / "templates" / "row.html").write_text(template_text)
    (base / "templates" / "notes.md").write_text("not code")


def test_fingerprint_follows_code_and_templates_only(tmp_path):
    make_tree(tmp_path, "<li>{{ trial }}</li>")
    before = code_fingerprint(tmp_path)
    assert code_fingerprint(tmp_path) == before
    (tmp_path / "templates" / "notes.md").write_text("changed, but not code")
    assert code_fingerprint(tmp_path) == before
    (tmp_path / "templates" / "row.html").write_text("<li class='new'>{{ trial }}</li>")
    assert code_fingerprint(tmp_path) != before
