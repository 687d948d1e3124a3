"""Response headers that tell browsers what the site may do: CSP and Permissions-Policy.

The public pages get a strict Content-Security-Policy (our own origin only; the one inline
script, the article's JSON-LD, carries the request's nonce). Wagtail's admin still relies on
inline scripts and styles (wagtail/wagtail#1288), so paths under `/admin/` (the editor, and
the previews it frames) get `CONTENT_SECURITY_POLICY_ADMIN` instead.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIX):
            # No nonce: a nonce in script-src makes browsers ignore 'unsafe-inline'.
            return PolicyParts(config=settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """Turns off browser features no page of ours uses (camera, location...)."""

    def process_response(self, request, response):
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
