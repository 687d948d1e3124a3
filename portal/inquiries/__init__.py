"""WeChat contact: the contact page and its form, the Inquiry records staff work
through in the admin, the staff notifications (outbox + Celery: email, and the WeChat
Work and DingTalk group robots in webhooks.py) and retention.

May import portal.core only. Trials and articles are named by model label
("trials.TrialPage", "articles.ArticlePage"), never imported.
"""
