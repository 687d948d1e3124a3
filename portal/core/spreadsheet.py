"""Text for spreadsheets: one rule for every CSV export of the portal."""

LIST_SEPARATOR = "; "
# A cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text
