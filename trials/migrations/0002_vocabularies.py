"""The starting terms of our vocabularies and the registry's phases (SPEC 2.C).

Editors may add terms later; codes are stable because URLs and exports use them.
"""

from django.db import migrations

# code: (简体, 繁體, English)
CELL_TYPES = {
    "msc": ("间充质干细胞（MSC）", "間充質幹細胞（MSC）", "Mesenchymal stem/stromal cells (MSC)"),
    "nsc": ("神经干细胞（NSC）", "神經幹細胞（NSC）", "Neural stem cells (NSC)"),
    "ipsc": ("iPSC 来源细胞", "iPSC 來源細胞", "iPSC-derived cells"),
    "mnc": ("单个核细胞（MNC）", "單個核細胞（MNC）", "Mononuclear cells (MNC)"),
    "mapc": ("多能成体祖细胞（MAPC）", "多能成體祖細胞（MAPC）", "Multipotent adult progenitor cells (MAPC)"),
    "esc": ("胚胎干细胞来源细胞（ESC）", "胚胎幹細胞來源細胞（ESC）", "Embryonic stem cell-derived cells (ESC)"),
    "cord-blood": ("脐带血细胞", "臍帶血細胞", "Umbilical cord blood cells"),
    "exosome": ("外泌体/细胞外囊泡", "外泌體/細胞外囊泡", "Exosomes / extracellular vesicles"),
    "other": ("其他细胞", "其他細胞", "Other cells"),
}
ROUTES = {
    "intravenous": ("静脉注射", "靜脈注射", "Intravenous"),
    "intra-arterial": ("动脉内注射", "動脈內注射", "Intra-arterial"),
    "intracerebral": ("脑内注射", "腦內注射", "Intracerebral"),
    "intranasal": ("经鼻给药", "經鼻給藥", "Intranasal"),
    "intrathecal": ("鞘内注射", "鞘內注射", "Intrathecal"),
}
STROKE_STAGES = {
    "acute": ("急性期", "急性期", "Acute"),
    "subacute": ("亚急性期", "亞急性期", "Subacute"),
    "chronic": ("慢性期", "慢性期", "Chronic"),
    "perinatal": ("围产期", "圍產期", "Perinatal"),
}
STROKE_TYPES = {
    "ischemic": ("缺血性中风", "缺血性中風", "Ischaemic stroke"),
    "intracerebral-hemorrhage": ("脑出血", "腦出血", "Intracerebral haemorrhage"),
    "subarachnoid-hemorrhage": ("蛛网膜下腔出血", "蛛網膜下腔出血", "Subarachnoid haemorrhage"),
}
PHASES = ["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"]


def seed(apps, schema_editor):
    for model_name, terms in (
        ("CellType", CELL_TYPES),
        ("Route", ROUTES),
        ("StrokeStage", STROKE_STAGES),
        ("StrokeType", STROKE_TYPES),
    ):
        model = apps.get_model("trials", model_name)
        for order, (code, (hans, hant, en)) in enumerate(terms.items()):
            model.objects.get_or_create(
                code=code,
                defaults={
                    "sort_order": order,
                    "label": hans,
                    "label_zh_hans": hans,
                    "label_zh_hant": hant,
                    "label_en": en,
                },
            )
    phase = apps.get_model("trials", "TrialPhase")
    for order, code in enumerate(PHASES):
        phase.objects.get_or_create(code=code, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("trials", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
