"""Demo references: two real papers imported from the bibliographic files shipped in
demo_data/, with a plain-language note in our own words in all three languages.
Creates what is missing and never touches what exists."""

from pathlib import Path

from portal.references.parsers import parse_bytes
from portal.references.services import find_duplicate, normalize_fields, reference_upsert

DATA = Path(__file__).resolve().parent / "demo_data"

DEMO = [
    (
        "treasure.pubmed.xml",
        {
            "note_zh_hans": "这项在日本进行的随机对照试验中，急性缺血性卒中患者在发病后 18–36 小时内接受了"
            "静脉输注的异体干细胞。90 天时，接受治疗的患者整体恢复情况与安慰剂组相比没有明显差别，"
            "也没有发现新的安全问题。",
            "note_zh_hant": "這項在日本進行的隨機對照試驗中，急性缺血性腦中風患者在發病後 18–36 小時內接受了"
            "靜脈輸注的異體幹細胞。90 天時，接受治療的患者整體恢復情況與安慰劑組相比沒有明顯差別，"
            "也沒有發現新的安全問題。",
            "note_en": "In this randomised trial in Japan, people with an acute ischaemic stroke received "
            "donor stem cells through a vein 18 to 36 hours after the stroke. At 90 days their overall "
            "recovery was not clearly better than with a placebo, and no new safety problems were seen.",
        },
    ),
    (
        "wagenaar2025.csl.json",
        {
            "note_zh_hans": "研究人员对出生前后发生动脉性卒中、并经鼻腔接受间充质基质细胞治疗的"
            "新生儿随访了两年，"
            "观察安全性和发育情况。这是一项小规模的早期研究，还不能证明治疗有效。",
            "note_zh_hant": "研究人員對出生前後發生動脈性腦中風、並經鼻腔接受間充質基質細胞治療的"
            "新生兒隨訪了兩年，"
            "觀察安全性和發育情況。這是一項小規模的早期研究，還不能證明治療有效。",
            "note_en": "Researchers followed babies who had an arterial stroke around birth and were given "
            "stromal cells through the nose for two years, looking at safety and development. It is a "
            "small early study and cannot show yet whether the treatment works.",
        },
    ),
]


def seed(log) -> None:
    for filename, notes in DEMO:
        _fmt, parsed = parse_bytes((DATA / filename).read_bytes(), filename=filename)
        fields = parsed.entries[0].fields
        values = normalize_fields(fields)
        existing = find_duplicate(doi=values.get("doi", ""), pmid=values.get("pmid", ""))
        if existing is not None:
            log(f"reference {existing.pk} ({filename}) already exists")
            continue
        result = reference_upsert(fields=fields, source=f"demo:{filename}")
        reference = result.reference
        for name, value in notes.items():
            setattr(reference, name, value)
        reference.save()
        log(f"reference {reference.pk} created from {filename}")
