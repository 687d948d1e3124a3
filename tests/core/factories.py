import wagtail_factories

from portal.core.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title_zh_hans = "首页"
    title = "首页"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title_zh_hans = "关于我们"
    title = "关于我们"

    class Meta:
        model = StandardPage
