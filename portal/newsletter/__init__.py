"""The newsletter: subscribers (double opt-in, one-click unsubscribe, preferences),
issues editors compose in the admin, and exactly-once sending by Celery.

May import portal.core only. Articles and trials are named by model label
("articles.ArticlePage", "trials.TrialPage"), never imported
(`PAGE_TYPES` in models.py, read through `apps.get_model`).
"""
