"""The accessibility feedback form of the accessibility statement page: checking, rate limiting,
storing and e-mailing what a visitor sends.

Spam is kept out without third-party services: a honeypot field that people never see (hidden
from sight, from screen readers and from the keyboard) and a rate limit per client address kept
in the cache (`ACCESSIBILITY_FEEDBACK_RATE_LIMIT` messages per `ACCESSIBILITY_FEEDBACK_RATE_WINDOW`
seconds).

Cross-site posts are refused by where they come from, not by a CSRF token: the form is on a public
page that the page cache and the static export keep as one file for every visitor, so it must not
carry a per-visitor secret. It posts to its own address (`accessibility_feedback`, exempt from
Django's token check), which accepts a post only when the browser says it comes from this site:
the `Origin` header (sent by every current browser with a form post), else `Sec-Fetch-Site`, else
the `Referer`; a post that says none of these is refused too. Nothing else is at stake: the form
needs no login and changes nothing of the visitor's.

A submission is stored before it is e-mailed: if the mail server is down the feedback is still in
the admin (Settings → Accessibility feedback) and on the data-quality dashboard.
"""

import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kohtaamo.models.feedback import ANSWER_DAYS, AccessibilityFeedback
from kohtaamo.models.settings import FooterSettings

logger = logging.getLogger(__name__)

HONEYPOT = "homepage"
SENT_PARAMETER = "feedback"
SENT_VALUE = "sent"


class FeedbackForm(forms.Form):
    url = forms.CharField(
        label=_("Page or service concerned"),
        required=False,
        max_length=500,
        help_text=_("The address or name of the page where you met the problem, if you know it."),
    )
    message = forms.CharField(
        label=_("Your feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did not work, and what were you trying to do?"),
        error_messages={"required": _("Write your feedback.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        help_text=_("Only if you want an answer. We use it for this feedback only."),
        error_messages={
            "invalid": _("Check the e-mail address, e.g. name@example.fi, or leave it empty.")
        },
    )
    # The honeypot: hidden from people (see the template); a program filling every field fills it.
    homepage = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update({"autocomplete": "off"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot(self):
        return self[HONEYPOT]

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write your feedback."), code="required")
        return message

    def is_spam(self):
        return bool(self.data.get(HONEYPOT, "").strip())

    def describe_errors(self):
        """Tie each invalid field to its error text (aria-describedby) and mark it invalid."""
        for name in self.errors:
            if name not in self.fields or name == HONEYPOT:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_error"]
            if bound.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs.update(
                {"aria-describedby": " ".join(ids), "aria-invalid": "true"}
            )


# --- Rate limiting --------------------------------------------------------------------------------


def client_address(request):
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_key(request):
    return f"a11y-feedback-rate:{client_address(request)}"


def take_rate_slot(request):
    """Count one submission from the request's address; False when its limit is used up."""
    limit = settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT
    window = settings.ACCESSIBILITY_FEEDBACK_RATE_WINDOW
    key = _rate_key(request)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


# --- Where a post comes from ---------------------------------------------------------------------


def _own_origin(origin, request):
    """Whether `origin` ("scheme://host[:port]") is this site's: the host the request was sent
    to, or one of CSRF_TRUSTED_ORIGINS."""
    origin = origin.rstrip("/")
    if origin in {o.rstrip("/") for o in settings.CSRF_TRUSTED_ORIGINS}:
        return True
    scheme, _sep, host = origin.partition("://")
    if not host or scheme not in {"http", "https"}:
        return False
    try:
        own = request.get_host()
    except Exception:  # noqa: BLE001 - DisallowedHost: not this site
        return False
    return host.lower() == own.lower()


def from_this_site(request):
    """Whether a post was sent by a page of this site (see the module's docstring)."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin != "null" and _own_origin(origin, request)
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site == "same-origin"
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return False
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - DisallowedHost
        return False
    return url_has_allowed_host_and_scheme(referer, allowed_hosts={host}) and "://" in referer


# --- Storing and e-mailing ------------------------------------------------------------------------


def recipient(page, request):
    footer = FooterSettings.for_request(request)
    return footer.accessibility_feedback_email or page.feedback_email


def store(form, page, request):
    feedback = AccessibilityFeedback.objects.create(
        page=page,
        url=form.cleaned_data["url"].strip(),
        message=form.cleaned_data["message"],
        email=form.cleaned_data["email"],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    send_notice(feedback, recipient(page, request))
    return feedback


def send_notice(feedback, to):
    """E-mail the feedback to the team that answers it, in the site's source language. A failure
    is logged: the feedback is stored and listed in the admin either way."""
    if not to:
        logger.warning("Accessibility feedback %s: no address to send it to", feedback.pk)
        return False
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "accessibility_feedback:edit", args=[feedback.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"feedback": feedback, "admin_url": admin_url, "answer_days": ANSWER_DAYS}
        subject = render_to_string("kohtaamo/email/feedback_subject.txt", context)
        body = render_to_string("kohtaamo/email/feedback_body.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[to],
        reply_to=[feedback.email] if feedback.email else None,
    )
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the feedback is stored; the mail server may be down
        logger.exception("Accessibility feedback %s could not be e-mailed to %s", feedback.pk, to)
        return False
    return True


def _refused(form, message, status):
    """The form shown again with `message` above its fields (what the visitor wrote kept)."""
    form.is_valid()
    form.add_error(None, message)
    form.describe_errors()
    return {"feedback_form": form, "feedback_sent": False}, status, None


def handle(page, request):
    """The form's part of the statement page's context, and a response when one is decided here
    (a redirect after a stored submission). Returns (context, status, redirect_url)."""
    sent = request.GET.get(SENT_PARAMETER) == SENT_VALUE
    if request.method != "POST":
        initial = {"url": request.GET.get("url", "")[:500]}
        return {"feedback_form": FeedbackForm(initial=initial), "feedback_sent": sent}, 200, None
    form = FeedbackForm(request.POST)
    if not from_this_site(request):
        message = _(
            "Your message could not be sent: it did not come from the form on this site. "
            "Please send it again from this page, or by e-mail to %(email)s."
        )
        return _refused(form, message % {"email": page.feedback_email}, 403)
    if form.is_spam():
        take_rate_slot(request)
        message = _(
            "Your message could not be sent. Please try again, or send it by e-mail to %(email)s."
        )
        return _refused(form, message % {"email": page.feedback_email}, 400)
    if not form.is_valid():
        form.describe_errors()
        return {"feedback_form": form, "feedback_sent": False}, 400, None
    if not take_rate_slot(request):
        form.add_error(
            None,
            _(
                "We have received many messages from your address in a short time. Please try "
                "again in an hour, or send your feedback by e-mail to %(email)s. Your text is "
                "still in the form."
            )
            % {"email": page.feedback_email},
        )
        return {"feedback_form": form, "feedback_sent": False}, 429, None
    store(form, page, request)
    return {}, 303, f"{page.get_url(request)}?{SENT_PARAMETER}={SENT_VALUE}#feedback"
