from modeltranslation.translator import TranslationOptions, register

from articles.models import ArticleIndexPage, ArticlePage, Person, Topic


@register(ArticleIndexPage)
class ArticleIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ArticlePage)
class ArticlePageTranslation(TranslationOptions):
    fields = ("summary", "cover_alt_text", "disclaimer", "body")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "credentials")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
