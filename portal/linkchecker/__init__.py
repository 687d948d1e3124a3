"""The link checker: every outbound link of the live content, checked by Celery.

`registry` says what to collect (apps register their models from `AppConfig.ready()`,
so this app imports neither `articles` nor `trials`); `collect` walks rich text,
StreamField blocks and URL fields into `Link`/`LinkUsage` rows; `checker` requests
the URLs concurrently through portal.core.http behind `network`'s address guard;
`services` stores the results, fills bare-URL references, sends the digest; the
admin report and dashboard panel are in `views`, `panels` and `wagtail_hooks`.
May import portal.core only.
"""
