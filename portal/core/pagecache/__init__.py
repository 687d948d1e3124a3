"""Whole-page caching for anonymous visitors, in two layers, and its purging.

- `middleware`: the app-level layer. Anonymous GETs of URLs without a query string are
  answered from Redis without touching the database; responses that set cookies, carry a
  CSRF token, vary on cookies or are not 200 are never stored (forms, logged-in users,
  previews and the admin never are). With Redis away every request is simply rendered.
- `store`: the keys (one per path) and a generation number every entry must match, so
  that "purge everything" (site settings, menus) is one counter bump.
- `purge`: which paths show a page (its URL in every language, its routes such as feeds,
  the listings above it, the sitemap) and the purge after commit of both layers.
- `proxy`: the reverse proxy layer (deploy/nginx.conf) is told through Wagtail's front-end
  cache invalidation, with a backend that makes nginx fetch a fresh copy.
- `signals`: what triggers a purge.

Imports only Django, Wagtail and portal.core: pages of other apps are handled as Pages.
"""
