"""Demo content of the trials app: the register page, two stroke cell-therapy trials and an
example (not a real trial) that the trial finder shows on a fresh site.

The registry records are the hand-built samples in `demo_data/`; the plain-language
texts are our own words. Seeding creates what is missing and never touches a trial
or register page that already exists, so a second run changes nothing.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import translation

from portal.core.models import HomePage
from portal.references.models import Reference
from trials.models import (
    CellType,
    Route,
    StrokeStage,
    StrokeType,
    TrialCountry,
    TrialIndexPage,
    TrialPage,
    TrialPhase,
    TrialPublication,
)
from trials.services.imports import trial_for_nct, trial_import_study

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

INDEX = {
    "title": "临床试验",
    "title_zh_hans": "临床试验",
    "title_zh_hant": "臨床試驗",
    "title_en": "Clinical trials",
    "slug_zh_hans": "trials",
    "slug_zh_hant": "trials",
    "slug_en": "trials",
    "show_in_menus": True,
    "intro_zh_hans": (
        "这里列出用干细胞或细胞产品治疗中风的临床试验。"
        "可以按分期、状态、细胞类型、给药途径、中风阶段和国家筛选，也可以下载筛选结果。"
    ),
    "intro_zh_hant": (
        "這裡列出用幹細胞或細胞產品治療中風的臨床試驗。"
        "可以按分期、狀態、細胞類型、給藥途徑、中風階段和國家篩選，也可以下載篩選結果。"
    ),
    "intro_en": (
        "Clinical trials that test stem cells or cell products after a stroke. Filter them by "
        "phase, status, cell type, route, stroke stage and country, or download what you selected."
    ),
}

TRIALS = [
    {
        "file": "NCT02961504.handbuilt.json",
        "nct_id": "NCT02961504",
        "pmids": ["38227308"],
        "cell_types": ["mapc"],
        "routes": ["intravenous"],
        "stroke_stages": ["acute"],
        "stroke_types": ["ischemic"],
        "cell_source": "allogeneic",
        "onset_window": (Decimal("18"), "HOURS", Decimal("36"), "HOURS"),
        "fields": {
            "title_zh_hans": "TREASURE：急性缺血性中风后静脉输注供体干细胞",
            "title_zh_hant": "TREASURE：急性缺血性中風後靜脈輸注供體幹細胞",
            "title_en": "TREASURE: donor stem cells into a vein after an acute ischaemic stroke",
            "summary_zh_hans": (
                "这项在日本进行的试验想知道：在缺血性中风发生后一到一天半之内，"
                "从静脉输入一次来自健康捐献者的骨髓来源细胞（HLCM051，又称 MultiStem），"
                "能否让更多患者在三个月后恢复得很好。一半患者接受细胞，另一半接受安慰剂，"
                "患者和医生都不知道谁接受了哪一种。"
            ),
            "summary_zh_hant": (
                "這項在日本進行的試驗想知道：在缺血性中風發生後一到一天半之內，"
                "從靜脈輸入一次來自健康捐獻者的骨髓來源細胞（HLCM051，又稱 MultiStem），"
                "能否讓更多患者在三個月後恢復得很好。一半患者接受細胞，另一半接受安慰劑，"
                "患者和醫生都不知道誰接受了哪一種。"
            ),
            "summary_en": (
                "This trial in Japan asked whether a single infusion of bone-marrow-derived cells "
                "from healthy donors (HLCM051, also called MultiStem), given into a vein 18 to 36 "
                "hours after an ischaemic stroke, helps more people recover very well by three "
                "months. Half the patients received the cells and half a placebo; neither they nor "
                "their doctors knew which."
            ),
            "dose_zh_hans": "一次输注约 12 亿个细胞",
            "dose_zh_hant": "一次輸注約 12 億個細胞",
            "dose_en": "one infusion of about 1.2 billion cells",
            "treatment_window_zh_hans": "中风发生后 18 至 36 小时",
            "treatment_window_zh_hant": "中風發生後 18 至 36 小時",
            "treatment_window_en": "18 to 36 hours after the stroke began",
            "follow_up_zh_hans": "主要结果在第 90 天评估，之后继续随访至一年",
            "follow_up_zh_hant": "主要結果在第 90 天評估，之後繼續隨訪至一年",
            "follow_up_en": "main result at day 90, with follow-up to one year",
            "key_criteria_zh_hans": (
                "成年人；缺血性中风，程度为中度到较重；能在发病后 18 至 36 小时内接受输注。"
            ),
            "key_criteria_zh_hant": (
                "成年人；缺血性中風，程度為中度到較重；能在發病後 18 至 36 小時內接受輸注。"
            ),
            "key_criteria_en": (
                "Adults with a moderate to fairly severe ischaemic stroke who can be treated "
                "18 to 36 hours after it began."
            ),
            "results_summary_zh_hans": (
                "试验已完成。接受细胞的患者在三个月时恢复得很好的比例，与接受安慰剂的患者相比"
                "没有明显差别，因此没有达到预先设定的主要目标。研究者认为部分亚组的结果值得继续研究。"
            ),
            "results_summary_zh_hant": (
                "試驗已完成。接受細胞的患者在三個月時恢復得很好的比例，與接受安慰劑的患者相比"
                "沒有明顯差別，因此沒有達到預先設定的主要目標。研究者認為部分亞組的結果值得繼續研究。"
            ),
            "results_summary_en": (
                "The trial is complete. At three months, about as many patients recovered very well "
                "with the cells as with the placebo, so the trial did not meet its main goal. The "
                "researchers think results in some subgroups are worth studying further."
            ),
            "safety_summary_zh_hans": "报告中没有发现与细胞治疗相关的新的安全问题。",
            "safety_summary_zh_hant": "報告中沒有發現與細胞治療相關的新的安全問題。",
            "safety_summary_en": "The report found no new safety concerns linked to the cell treatment.",
        },
    },
    {
        "file": "NCT03356821.handbuilt.json",
        "nct_id": "NCT03356821",
        "pmids": ["40654084"],
        "cell_types": ["msc"],
        "routes": ["intranasal"],
        "stroke_stages": ["perinatal"],
        "stroke_types": ["ischemic"],
        "cell_source": "allogeneic",
        "onset_window": (None, "", Decimal("7"), "DAYS"),
        "fields": {
            "title_zh_hans": "PASSIoN：经鼻给予干细胞治疗新生儿围产期中风",
            "title_zh_hant": "PASSIoN：經鼻給予幹細胞治療新生兒圍產期中風",
            "title_en": "PASSIoN: stem cells through the nose for newborns after a perinatal stroke",
            "summary_zh_hans": (
                "这项在荷兰进行的小型早期试验，首次在出生后不久发生动脉缺血性中风的新生儿身上，"
                "通过鼻腔滴入一次来自捐献者骨髓的间充质干细胞。试验主要想知道这种做法是否安全、"
                "是否可行，而不是证明它有效。"
            ),
            "summary_zh_hant": (
                "這項在荷蘭進行的小型早期試驗，首次在出生後不久發生動脈缺血性中風的新生兒身上，"
                "通過鼻腔滴入一次來自捐獻者骨髓的間充質幹細胞。試驗主要想知道這種做法是否安全、"
                "是否可行，而不是證明它有效。"
            ),
            "summary_en": (
                "This small early trial in the Netherlands was the first to give newborn babies who "
                "had an arterial ischaemic stroke around birth a single dose of donor bone-marrow "
                "mesenchymal stem cells as nose drops. It mainly asked whether this is safe and "
                "practical, not whether it works."
            ),
            "dose_zh_hans": "一次经鼻给予约 5000 万个细胞",
            "dose_zh_hant": "一次經鼻給予約 5000 萬個細胞",
            "dose_en": "one dose of about 50 million cells through the nose",
            "treatment_window_zh_hans": "出现症状后一周之内",
            "treatment_window_zh_hant": "出現症狀後一週之內",
            "treatment_window_en": "within a week of the first symptoms",
            "follow_up_zh_hans": "随访到两岁",
            "follow_up_zh_hant": "隨訪到兩歲",
            "follow_up_en": "children were followed until the age of two",
            "key_criteria_zh_hans": "足月出生的新生儿；磁共振确认围产期动脉缺血性中风；能在一周内治疗。",
            "key_criteria_zh_hant": "足月出生的新生兒；磁共振確認圍產期動脈缺血性中風；能在一週內治療。",
            "key_criteria_en": (
                "Babies born at term whose MRI shows an arterial ischaemic stroke around birth, "
                "and who can be treated within a week."
            ),
            "results_summary_zh_hans": (
                "十名婴儿都接受了治疗。两年随访的报告描述了孩子们的发育情况；"
                "由于没有对照组、人数很少，还不能判断细胞是否有帮助。"
            ),
            "results_summary_zh_hant": (
                "十名嬰兒都接受了治療。兩年隨訪的報告描述了孩子們的發育情況；"
                "由於沒有對照組、人數很少，還不能判斷細胞是否有幫助。"
            ),
            "results_summary_en": (
                "All ten babies were treated. The two-year follow-up report describes how the "
                "children developed; with no comparison group and so few children, it cannot tell "
                "whether the cells helped."
            ),
            "safety_summary_zh_hans": "报告中没有发现可归因于细胞的严重不良反应。",
            "safety_summary_zh_hant": "報告中沒有發現可歸因於細胞的嚴重不良反應。",
            "safety_summary_en": (
                "The report found no serious side effects that could be put down to the cells."
            ),
        },
    },
]


# Not a real trial: a recruiting adult ischaemic-stroke trial with sites in China, so the
# trial finder shows a result on a fresh demo site. Its titles say it is an example.
EXAMPLE_SLUG = "example-recruiting-trial"
EXAMPLE = {
    "title": "示例：急性缺血性中风后静脉输注间充质干细胞（演示用，非真实试验）",
    "title_zh_hans": "示例：急性缺血性中风后静脉输注间充质干细胞（演示用，非真实试验）",
    "title_zh_hant": "示例：急性缺血性中風後靜脈輸注間充質幹細胞（演示用，非真實試驗）",
    "title_en": "Example: donor stem cells into a vein after an ischaemic stroke (demo, not a real trial)",
    "slug": EXAMPLE_SLUG,
    "slug_zh_hans": EXAMPLE_SLUG,
    "slug_zh_hant": EXAMPLE_SLUG,
    "slug_en": EXAMPLE_SLUG,
    "acronym": "DEMO-MSC",
    "summary_zh_hans": (
        "这是演示网站上的示例条目，不是真实的临床试验。它展示一项正在招募的试验在登记册和试验查找工具中的样子："
        "成年缺血性中风患者在发病后 2 至 14 天内从静脉输注一次供体间充质干细胞。"
    ),
    "summary_zh_hant": (
        "這是演示網站上的示例條目，不是真實的臨床試驗。它展示一項正在招募的試驗在登記冊和試驗查找工具中的樣子："
        "成年缺血性中風患者在發病後 2 至 14 天內從靜脈輸注一次供體間充質幹細胞。"
    ),
    "summary_en": (
        "An example entry of the demo site, not a real clinical trial. It shows how a recruiting "
        "trial looks in the register and the trial finder: adults with an ischaemic stroke receive "
        "one infusion of donor mesenchymal stem cells into a vein 2 to 14 days after the stroke."
    ),
    "treatment_window_zh_hans": "中风后 2 至 14 天",
    "treatment_window_zh_hant": "中風後 2 至 14 天",
    "treatment_window_en": "2 to 14 days after the stroke",
    "key_criteria_zh_hans": "18 至 80 岁；缺血性中风；患者本人无法签字时，可由家属或法定代理人知情同意。",
    "key_criteria_zh_hant": "18 至 80 歲；缺血性中風；患者本人無法簽字時，可由家屬或法定代理人知情同意。",
    "key_criteria_en": (
        "Aged 18 to 80, with an ischaemic stroke; a family member or legal representative may "
        "consent for a patient who cannot."
    ),
    "eligibility_criteria": (
        "Inclusion Criteria:\n* Age 18-80 years\n* Acute ischemic stroke confirmed by MRI\n"
        "* Informed consent from the patient or a legally authorized representative"
    ),
    "overall_status": "RECRUITING",
    "study_type": "INTERVENTIONAL",
    "cell_source": "allogeneic",
    "enrollment": 120,
    "enrollment_type": "ESTIMATED",
    "minimum_age": 18,
    "minimum_age_unit": "YEARS",
    "maximum_age": 80,
    "maximum_age_unit": "YEARS",
    "sex": "ALL",
    "onset_to_treatment_min": Decimal("2"),
    "onset_to_treatment_min_unit": "DAYS",
    "onset_to_treatment_max": Decimal("14"),
    "onset_to_treatment_max_unit": "DAYS",
    "sponsor": "Demo content (not a real sponsor)",
}


def seed(log) -> None:
    home = HomePage.objects.first()
    if home is None:
        log("trials: no home page, nothing seeded")
        return
    with translation.override("zh-hans"):
        index, created = _seed_index(home)
        log(f"trial register {'created' if created else 'already there'}")
        for spec in TRIALS:
            if trial_for_nct(spec["nct_id"]) is not None:
                log(f"trial {spec['nct_id']} already there")
                continue
            _seed_trial(index, spec, log)
        if index.get_children().filter(slug=EXAMPLE_SLUG).exists():
            log("example trial already there")
        else:
            _seed_example(index, log)


def _seed_index(home: HomePage) -> tuple[TrialIndexPage, bool]:
    existing = TrialIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing, False
    index = TrialIndexPage(**INDEX)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


@transaction.atomic
def _seed_trial(index: TrialIndexPage, spec: dict, log) -> None:
    study = json.loads((DEMO_DATA / spec["file"]).read_text(encoding="utf-8"))
    page = trial_import_study(study=study, parent=index, source=f"demo:{spec['file']}").page
    page = page.get_latest_revision_as_object()
    for name, value in spec["fields"].items():
        setattr(page, name, value)
    page.title = spec["fields"]["title_zh_hans"]
    page.needs_translation = False
    page.cell_source = spec["cell_source"]
    (
        page.onset_to_treatment_min,
        page.onset_to_treatment_min_unit,
        page.onset_to_treatment_max,
        page.onset_to_treatment_max_unit,
    ) = spec["onset_window"]
    page.cell_types.set(list(CellType.objects.filter(code__in=spec["cell_types"])))
    page.routes.set(list(Route.objects.filter(code__in=spec["routes"])))
    page.stroke_stages.set(list(StrokeStage.objects.filter(code__in=spec["stroke_stages"])))
    page.stroke_types.set(list(StrokeType.objects.filter(code__in=spec["stroke_types"])))
    publications = list(page.publications.all())
    linked = {p.reference_id for p in publications}
    for pmid in spec["pmids"]:
        reference = Reference.objects.filter(pmid=pmid).first()
        if reference is None:
            log(f"trial {spec['nct_id']}: reference PMID {pmid} not found, not linked")
        elif reference.pk not in linked:
            publications.append(TrialPublication(reference=reference))
    page.publications.set(publications)
    page.save_revision().publish()
    log(f"trial {spec['nct_id']} created and published")


@transaction.atomic
def _seed_example(index: TrialIndexPage, log) -> None:
    page = TrialPage(**EXAMPLE, start_date=datetime.date.today().replace(day=1), start_date_type="ACTUAL")
    page.start_date_precision = "month"
    page.primary_completion_date = datetime.date(datetime.date.today().year + 2, 12, 1)
    page.primary_completion_date_precision = "month"
    page.primary_completion_date_type = "ESTIMATED"
    page.phases.set(list(TrialPhase.objects.filter(code="PHASE2")))
    page.cell_types.set(list(CellType.objects.filter(code="msc")))
    page.routes.set(list(Route.objects.filter(code="intravenous")))
    page.stroke_stages.set(list(StrokeStage.objects.filter(code__in=["acute", "subacute"])))
    page.stroke_types.set(list(StrokeType.objects.filter(code="ischemic")))
    page.countries = [TrialCountry(country="CN", recruitment_status="RECRUITING", site_count=3)]
    index.add_child(instance=page)
    page.save_revision().publish()
    log("example trial for the trial finder created and published")
