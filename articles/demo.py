"""Demo content of the articles app: an article index and two articles with
references, a table, headings, citations and trial cards, in three languages.

Written in our own words. Traditional Chinese is the OpenCC conversion of the
Simplified text (what an editor gets from "fill from the other script").
The TREASURE article goes through the real medical-review workflow (a demo editor
submits it, a demo reviewer in the Medical reviewers group approves it), so the
demo shows what a reviewed article looks like; the other is published directly.
Creates what is missing, never touches what exists.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model

from articles import services
from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageReference,
    Person,
    Topic,
)
from portal.core.i18n.chinese import convert_json, to_traditional
from portal.core.models import HomePage
from portal.references.models import Reference
from portal.references.services import reference_upsert

INDEX_SLUG = "articles"


def _people(names: str) -> list[dict]:
    """ "Houkin K, Osanai T" -> [{"family": "Houkin", "initials": "K"}, ...]"""
    people = []
    for name in names.split(", "):
        family, initials = name.rsplit(" ", 1)
        people.append({"family": family, "initials": initials})
    return people


# Used only when the references demo has not created them (looked up by PMID first).
REFERENCES = {
    "38227308": {
        "kind": "article",
        "authors": _people(
            "Houkin K, Osanai T, Uchiyama S, Minematsu K, Taguchi A, Maruichi K, Niiya Y, Asaoka K, "
            "Kuga Y, Takizawa K, Haraguchi K, Yoshimura S, Kimura K, Tokunaga K, Aoyama A, Ikawa F, "
            "Inenaga C, Abe T, Tominaga A, Takahashi S, Kudo K, Fujimura M, Sugiyama T, Ito M, "
            "Kawabori M, Hess DC, Savitz SI, Hirano T"
        ),
        "group_author": "TREASURE Study Investigators",
        "title": (
            "Allogeneic Stem Cell Therapy for Acute Ischemic Stroke: The Phase 2/3 TREASURE "
            "Randomized Clinical Trial."
        ),
        "journal": "JAMA Neurology",
        "journal_abbreviation": "JAMA Neurol",
        "year": 2024,
        "month": 2,
        "day": 1,
        "volume": "81",
        "issue": "2",
        "pages": "154-162",
        "doi": "10.1001/jamaneurol.2023.5200",
        "pmid": "38227308",
        "pmcid": "PMC10792497",
    },
    "40654084": {
        "kind": "article",
        "authors": _people(
            "Wagenaar N, Baak LM, van der Aa NE, Groenendaal F, Dudink J, Tataranno ML, Koopman C, "
            "Verhage CH, Eijsermans RMJC, van Teeseling HC, Smit LS, Jellema RK, de Haan TR, "
            "Ter Horst HJ, de Boode WP, Steggerda SJ, Mulder-de Tollenaer SM, Dijkman KP, de Haar CG, "
            "de Vries LS, van Bel F, Heijnen CJ, Nijboer CH, Benders MJNL"
        ),
        "title": (
            "Perinatal Arterial Stroke Treated With Stromal Cells Intranasally: 2-Year Safety and "
            "Neurodevelopment."
        ),
        "journal": "Stroke",
        "journal_abbreviation": "Stroke",
        "year": 2025,
        "month": 9,
        "volume": "56",
        "issue": "9",
        "pages": "2410-2418",
        "doi": "10.1161/strokeaha.125.050786",
        "pmid": "40654084",
        "epub_date": datetime.date(2025, 7, 14),
    },
}
REGISTRY_PAGE = {
    "kind": "web",
    "title": "Study NCT03356821: intranasal stem cells for perinatal arterial stroke",
    "publisher": "ClinicalTrials.gov",
    "url": "https://clinicaltrials.gov/study/NCT03356821",
    "accessed": datetime.date(2026, 11, 1),
}

TOPICS = [
    ("clinical-trials", "临床试验", "Clinical trials"),
    ("ischaemic-stroke", "缺血性中风", "Ischaemic stroke"),
    ("newborns", "新生儿", "Newborns"),
]


def _zh(text: str) -> dict:
    return {"zh_hans": text, "zh_hant": to_traditional(text)}


def _translated(name: str, zh_hans: str, en: str) -> dict:
    values = _zh(zh_hans)
    return {f"{name}_zh_hans": values["zh_hans"], f"{name}_zh_hant": values["zh_hant"], f"{name}_en": en}


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _table(caption, rows):
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False},
        },
    }


def _callout(title, html):
    return {"type": "callout", "value": {"style": "key-points", "title": title, "text": html}}


def _trial(trial):
    return [{"type": "trial_card", "value": {"trial": trial.pk, "note": ""}}] if trial else []


def _body_zh(blocks: list) -> dict:
    """The same blocks in Simplified and converted to Traditional."""
    return {"zh_hans": blocks, "zh_hant": convert_json(blocks, to="zh-hant")}


def treasure_article(trial) -> dict:
    zh = [
        _paragraph(
            "<p>中风后几小时到几天，是很多新疗法想要抓住的时间窗。TREASURE 研究想知道：在缺血性中风发生后"
            "一天半以内，通过静脉输入来自捐献者骨髓的细胞，能不能让病人恢复得更好[1]。</p>"
        ),
        _heading("研究是怎么做的"),
        _paragraph(
            "<p>这是一项在日本多家医院进行的随机、双盲试验，一部分病人接受细胞输注，另一部分接受外观相同的安慰剂，"
            "医生和病人都不知道谁用了哪一种[1]。细胞来自成年人的骨髓，属于“异体”细胞，也就是并非取自病人本人。</p>"
        ),
        _table(
            "表1 TREASURE 研究要点",
            [
                ["项目", "内容"],
                ["登记号", "NCT02961504"],
                ["给药方式", "发病后 18–36 小时内单次静脉输注"],
                ["入组人数", "约两百名急性缺血性中风病人"],
                ["主要观察时间", "第 90 天"],
            ],
        ),
        _heading("结果说明了什么"),
        _paragraph(
            "<p>研究没有发现严重的安全问题，但在第 90 天时，接受细胞的病人整体功能并不比安慰剂组更好[1]。"
            "新生儿方面的研究也提示，安全性可以先于疗效得到确认，但疗效需要更大的对照研究[1,2]。</p>"
        ),
        _heading("给病人和家属的提示", "h3"),
        _callout(
            "要点",
            "<ul><li>“安全”不等于“有效”。</li><li>询问任何细胞治疗是否在正式的试验登记平台上注册。</li>"
            "<li>治疗决定请与神经科医生一起做。</li></ul>",
        ),
        *_trial(trial),
        {"type": "wechat_cta", "value": {"title": "", "text": "", "link_page": None}},
    ]
    en = [
        _paragraph(
            "<p>The hours and days after a stroke are the window many new treatments aim for. TREASURE asked "
            "whether cells from a donor's bone marrow, given into a vein within a day and a half of an "
            "ischaemic stroke, help people recover better [1].</p>"
        ),
        _heading("How the study worked"),
        _paragraph(
            "<p>Hospitals across Japan randomly gave some patients the cells and others a placebo that "
            "looked the same; neither doctors nor patients knew who had which [1]. The cells came from adult "
            "donors, so they were not the patient's own.</p>"
        ),
        _table(
            "Table 1. TREASURE at a glance",
            [
                ["Item", "Detail"],
                ["Registration", "NCT02961504"],
                ["How the cells were given", "One intravenous dose 18–36 hours after onset"],
                ["Participants", "About two hundred people with acute ischaemic stroke"],
                ["Main time point", "Day 90"],
            ],
        ),
        _heading("What the results mean"),
        _paragraph(
            "<p>No serious safety problem appeared, but at day 90 the people who had the cells did not do "
            "better overall than those on placebo [1]. Work in newborns likewise suggests that safety can be "
            "shown before benefit, and that benefit needs larger controlled studies [1,2].</p>"
        ),
        _heading("For patients and families", "h3"),
        _callout(
            "Key points",
            "<ul><li>Safe is not the same as effective.</li>"
            "<li>Ask whether any cell treatment is registered on an official trial registry.</li>"
            "<li>Decide on treatment together with your neurologist.</li></ul>",
        ),
        *_trial(trial),
        {"type": "wechat_cta", "value": {"title": "", "text": "", "link_page": None}},
    ]
    body = _body_zh(zh)
    return {
        "slug": "treasure-trial",
        **_translated(
            "title",
            "静脉输注干细胞治疗急性中风：TREASURE 研究",
            "Intravenous cells for acute stroke: TREASURE",
        ),
        **_translated(
            "summary",
            "一项大型随机试验显示，发病后一天半内静脉输注异体细胞是安全的，但没有改善 90 天时的恢复。",
            "A large randomised trial found donor cells given into a vein within a day and a half "
            "of a stroke were safe, but did not improve recovery at 90 days.",
        ),
        "body_zh_hans": body["zh_hans"],
        "body_zh_hant": body["zh_hant"],
        "body_en": en,
        "publish_date": datetime.date(2026, 10, 12),
        "references": ["38227308", "40654084"],
        "topics": ["clinical-trials", "ischaemic-stroke"],
    }


def passion_article(trial) -> dict:
    zh = [
        _paragraph(
            "<p>中风也会发生在刚出生的婴儿身上。荷兰的 PASSIoN 研究尝试在症状出现后一周内，"
            "把间充质细胞滴入新生儿的鼻腔[1,2]。</p>"
        ),
        _heading("为什么选择鼻腔"),
        _paragraph(
            "<p>经鼻给药不需要手术，也不需要静脉穿刺，动物研究提示细胞可以由此到达受损的脑组织[2]。</p>"
        ),
        _table(
            "表1 PASSIoN 研究概况",
            [
                ["项目", "内容"],
                ["登记号", "NCT03356821"],
                ["研究对象", "经磁共振确诊的足月新生儿"],
                ["人数", "10 名，没有对照组"],
                ["随访", "两年"],
            ],
        ),
        _heading("两年后的随访"),
        _paragraph(
            "<p>2025 年发表的随访报告关注孩子们两岁时的安全性和发育情况，"
            "并与未接受治疗的登记队列做了比较[1]。"
            "人数很少、没有随机对照，因此它只能说明方法可行，还不能证明有效[1-3]。</p>"
        ),
        *_trial(trial),
    ]
    en = [
        _paragraph(
            "<p>Stroke can happen to newborn babies too. The Dutch PASSIoN study tried dripping mesenchymal "
            "cells into the nose of newborns within a week of the first symptoms [1,2].</p>"
        ),
        _heading("Why the nose"),
        _paragraph(
            "<p>Giving cells through the nose needs no surgery and no needle in a vein, and animal work "
            "suggested the cells can reach the injured brain that way [2].</p>"
        ),
        _table(
            "Table 1. PASSIoN in brief",
            [
                ["Item", "Detail"],
                ["Registration", "NCT03356821"],
                ["Who took part", "Full-term newborns with stroke confirmed by MRI"],
                ["Number", "10, with no control group"],
                ["Follow-up", "Two years"],
            ],
        ),
        _heading("Two years on"),
        _paragraph(
            "<p>The follow-up published in 2025 looked at the children's safety and development at two "
            "years and compared them with an untreated registry group [1]. With so few children and no "
            "randomised control, it shows the approach is feasible, not that it works [1-3].</p>"
        ),
        *_trial(trial),
    ]
    body = _body_zh(zh)
    return {
        "slug": "passion-newborn-stroke",
        **_translated(
            "title",
            "新生儿中风与经鼻细胞治疗：PASSIoN 研究",
            "Newborn stroke and cells via the nose: PASSIoN",
        ),
        **_translated(
            "summary",
            "十名新生儿在中风后经鼻腔接受细胞治疗，两年随访关注安全和发育，但研究太小，无法判断疗效。",
            "Ten newborns received cells through the nose after a stroke; the two-year follow-up looks at "
            "safety and development, but the study is too small to judge benefit.",
        ),
        "body_zh_hans": body["zh_hans"],
        "body_zh_hant": body["zh_hant"],
        "body_en": en,
        "publish_date": datetime.date(2026, 11, 2),
        "references": ["40654084", "38227308", REGISTRY_PAGE["url"]],
        "topics": ["clinical-trials", "newborns"],
    }


def _reference(key: str, log):
    if key.startswith("http"):
        found = Reference.objects.filter(url=key).first()
        fields = REGISTRY_PAGE
    else:
        found = Reference.objects.filter(pmid=key).first()
        fields = REFERENCES[key]
    if found is not None:
        return found
    log(f"reference {key} created for the article demo")
    return reference_upsert(fields=fields, source="articles demo").reference


def _trial_by_nct(nct: str):
    try:
        trial_model = apps.get_model("trials", "TrialPage")
    except LookupError:
        return None
    return trial_model.objects.filter(registry_ids__identifier=nct).first()


def _index(home, log) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.child_of(home).first()
    if index is not None:
        return index
    index = ArticleIndexPage(
        slug_zh_hans=INDEX_SLUG,
        slug_zh_hant=INDEX_SLUG,
        slug_en=INDEX_SLUG,
        show_in_menus=True,
        **_translated("title", "科普文章", "Articles"),
        **_translated(
            "intro",
            "我们用通俗的语言解读干细胞治疗中风的研究，每篇文章都列出可以查证的参考文献。",
            "Plain-language articles on stem-cell research for stroke, each with references you can check.",
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    log("article index created")
    return index


def _topics() -> dict[str, Topic]:
    topics = {}
    for slug, zh_hans, en in TOPICS:
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            topic = Topic.objects.create(slug=slug, name=zh_hans, **_translated("name", zh_hans, en))
        topics[slug] = topic
    return topics


def _editorial_team() -> Person:
    person = Person.objects.filter(name_en="Editorial team").first()
    if person is None:
        person = Person.objects.create(
            name="科普编辑部",
            is_organisation=True,
            **_translated("name", "科普编辑部", "Editorial team"),
            **_translated("credentials", "医生与科普编辑", "Doctors and science editors"),
        )
    return person


def _demo_user(username: str, *, first_name: str, last_name: str, group=None):
    """A demo account that cannot sign in (no password): it only acts in the workflow."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if group is not None:
        user.groups.add(group)
    return user


def _reviewer():
    group, _workflow = services.medical_review_setup()
    user = _demo_user("demo-reviewer", first_name="Min", last_name="Chen", group=group)
    if not Person.objects.filter(user=user).exists():
        Person.objects.create(
            user=user,
            name="陈敏医生",
            **_translated("name", "陈敏医生", "Dr Min Chen"),
            **_translated("credentials", "神经内科医生", "Neurologist"),
        )
    return user


def _review(page: ArticlePage, log) -> None:
    """Take the article through the medical review, as editors and reviewers do in the admin."""
    if page.has_review:
        return
    index = page.get_parent()
    services.article_index_assign_review(index=index)  # an index made before the workflow existed
    editor = _demo_user("demo-editor", first_name="Editor", last_name="Demo")
    reviewer = _reviewer()
    workflow_state = page.current_workflow_state or page.get_workflow().start(page, editor)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    if "approve" not in [name for name, *_rest in task.get_actions(page, reviewer)]:
        raise RuntimeError("the demo reviewer may not approve the medical review")
    task.on_action(task_state, reviewer, "approve", comment="Checked against the cited trial report.")
    page.refresh_from_db()
    log(f"article “{page.title}” approved by a medical reviewer ({page.medical_reviewer})")


def _article(index, data: dict, *, topics, author, log, review: bool = False) -> None:
    existing = ArticlePage.objects.child_of(index).filter(slug_zh_hans=data["slug"]).first()
    if existing is not None:
        if review:
            _review(existing, log)
        return
    references = [_reference(key, log) for key in data.pop("references")]
    topic_slugs = data.pop("topics")
    slug = data.pop("slug")
    page = ArticlePage(
        slug_zh_hans=slug,
        slug_zh_hant=slug,
        slug_en=slug,
        title=data["title_zh_hans"],
        **data,
        reference_links=[
            ArticlePageReference(reference=ref, sort_order=i) for i, ref in enumerate(references)
        ],
        author_links=[ArticlePageAuthor(person=author, sort_order=0)],
    )
    page.topics = [topics[s] for s in topic_slugs]
    if review:
        page.live = False
        index.add_child(instance=page)
        page.save_revision()
        log(f"article “{page.title}” created and submitted for medical review")
        _review(page, log)
        return
    index.add_child(instance=page)
    page.save_revision().publish()
    log(f"article “{page.title}” created and published (no medical review recorded)")


def seed(log) -> None:
    home = HomePage.objects.first()
    if home is None:
        log("no home page: article demo skipped")
        return
    index = _index(home, log)
    topics = _topics()
    author = _editorial_team()
    treasure = treasure_article(_trial_by_nct("NCT02961504"))
    _article(index, treasure, topics=topics, author=author, log=log, review=True)
    _article(index, passion_article(_trial_by_nct("NCT03356821")), topics=topics, author=author, log=log)
