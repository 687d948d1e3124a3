"""/<lang>/newsletter/...: the endpoints beside the newsletter page (which Wagtail serves
at /<lang>/newsletter/ itself). Included in portal/urls.py before Wagtail's catch-all."""

from django.urls import path

from portal.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/done/", views.subscribed, name="subscribed"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
]
