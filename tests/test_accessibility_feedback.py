"""The accessibility statement's feedback form (Act 306/2019): a submission is stored and e-mailed
to the address in the site settings; the honeypot, the rate limit and the origin check keep
programs and other sites out (the public page carries no CSRF token, so every visitor and the
static export get the same file);
errors name the field and keep what was written; the national team lists the feedback with its
age and status in the admin."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kohtaamo.models import AccessibilityFeedback, AccessibilityStatementPage, FooterSettings
from kohtaamo.seed import accessibility_statement
from tests.conftest import prefix
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

NONCE_RE = re.compile(rb'nonce="[^"]*"')
MESSAGE = "Haun painike ei näy ruudunlukijalla."


def statement_url(lang="fi"):
    return f"{prefix(lang)}/{accessibility_statement(lang)['slug']}/"


def feedback_url(lang="fi"):
    with translation.override(lang):
        return reverse("accessibility_feedback")


def post(client, lang="fi", headers=None, **fields):
    """Post the form as a browser does from the page: to the form's address, with the site's
    own origin."""
    ip = fields.pop("ip", "192.0.2.10")
    data = {"url": "/haku/", "message": MESSAGE, "email": "", "homepage": ""}
    data.update(fields)
    headers = {"HTTP_ORIGIN": "http://testserver"} if headers is None else headers
    return client.post(feedback_url(lang), data, REMOTE_ADDR=ip, **headers)


def test_form_is_on_the_statement_page_in_every_language(seeded, client):
    labels = {"fi": "Palautteesi", "sv": "Din respons", "en": "Your feedback"}
    for lang, label in labels.items():
        html = client.get(statement_url(lang)).content.decode()
        assert 'id="feedback"' in html
        # No per-visitor secret in a public page (page cache, static export): the form posts
        # to its own address, which checks where a post comes from.
        assert "csrfmiddlewaretoken" not in html
        assert f'action="{feedback_url(lang)}#feedback"' in html
        assert label in html, lang
        # The honeypot is there for programs, hidden from people.
        assert '<div class="feedback-form__trap" hidden>' in html


def test_submission_is_stored_emailed_and_thanked(seeded, client):
    response = post(client, email="nuori@example.fi")
    assert response.status_code == 303
    assert response["Location"].endswith("?feedback=sent#feedback")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == MESSAGE
    assert feedback.url == "/haku/"
    assert feedback.email == "nuori@example.fi"
    assert feedback.language == "fi"
    assert feedback.status == AccessibilityFeedback.Status.NEW
    assert feedback.page.specific_class is AccessibilityStatementPage
    (sent,) = mail.outbox
    assert sent.to == ["saavutettavuus@keha-keskus.fi"]
    assert sent.reply_to == ["nuori@example.fi"]
    assert MESSAGE in sent.body
    assert reverse("accessibility_feedback:edit", args=[feedback.pk]) in sent.body
    thanks = client.get(response["Location"]).content.decode()
    assert "Kiitos, saimme palautteesi." in thanks
    assert 'name="message"' not in thanks


def test_swedish_submission_records_its_language(seeded, client):
    assert post(client, lang="sv").status_code == 303
    assert AccessibilityFeedback.objects.get().language == "sv"


def test_without_a_settings_address_the_statement_pages_address_is_used(seeded, client):
    footer = FooterSettings.objects.get()
    footer.accessibility_feedback_email = ""
    footer.save()
    assert post(client).status_code == 303
    assert mail.outbox[0].to == ["kohtaamo@keha-keskus.fi"]


def test_a_mail_failure_loses_nothing(seeded, client, settings):
    settings.EMAIL_BACKEND = "tests.test_accessibility_feedback.BrokenBackend"
    assert post(client).status_code == 303
    assert AccessibilityFeedback.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_honeypot_rejects_and_stores_nothing(seeded, client):
    response = post(client, homepage="http://spam.example/")
    assert response.status_code == 400
    assert AccessibilityFeedback.objects.count() == 0
    assert mail.outbox == []
    assert "Viestiäsi ei voitu lähettää" in response.content.decode()


def test_errors_name_the_field_and_keep_what_was_written(seeded, client):
    response = post(client, message="   ", email="ei-osoite", url="/uutiset/")
    assert response.status_code == 400
    html = response.content.decode()
    assert AccessibilityFeedback.objects.count() == 0
    assert "Kirjoita palautteesi." in html
    assert "Tarkista sähköpostiosoite" in html
    # Each error is tied to its field, and the summary links to the field.
    assert 'id="feedback-message_error"' in html
    assert 'aria-describedby="feedback-message_error feedback-message_helptext"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#feedback-message"' in html
    assert 'href="#feedback-email"' in html
    assert 'value="ei-osoite"' in html and 'value="/uutiset/"' in html


def test_english_errors_are_in_english(seeded, client):
    html = post(client, lang="en", message="").content.decode()
    assert "Write your feedback." in html


def test_a_hundred_rapid_posts_store_no_more_than_the_limit(seeded, client, settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT = 5
    statuses = [post(client, message=f"Palaute {n}").status_code for n in range(100)]
    assert AccessibilityFeedback.objects.count() == 5
    assert statuses[:5] == [303] * 5
    assert set(statuses[5:]) == {429}
    refused = post(client, message="Vielä yksi")
    html = refused.content.decode()
    assert "Vielä yksi" in html  # the text stays in the form
    assert "kohtaamo@keha-keskus.fi" in html
    # Another address has its own allowance.
    assert post(client, ip="198.51.100.7").status_code == 303
    assert AccessibilityFeedback.objects.count() == 6


def test_the_statement_page_is_the_same_for_every_visitor(seeded):
    first, second = Client(), Client()
    one = first.get(statement_url("sv"))
    two = second.get(statement_url("sv"))
    # The same but for the CSP nonce (which the page cache and the export handle).
    assert NONCE_RE.sub(b"", one.content) == NONCE_RE.sub(b"", two.content)
    assert "csrftoken" not in one.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_REFERER": "https://evil.example/form.html"},
        {},  # says nothing of where it comes from
    ],
)
def test_a_post_from_another_site_is_refused_and_stores_nothing(seeded, headers):
    client = Client(enforce_csrf_checks=True)
    response = post(client, lang="en", headers=headers)
    assert response.status_code == 403
    assert AccessibilityFeedback.objects.count() == 0
    assert len(mail.outbox) == 0
    html = response.content.decode()
    # Said on the page, with the text kept and the e-mail way out.
    assert "did not come from the form on this site" in html
    assert MESSAGE in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/en/accessibility-statement/"},
    ],
)
def test_a_post_from_the_page_needs_no_token(seeded, headers):
    client = Client(enforce_csrf_checks=True)
    response = post(client, lang="en", headers=headers)
    assert response.status_code == 303
    assert response["Location"].endswith("?feedback=sent#feedback")
    assert AccessibilityFeedback.objects.get().language == "en"


def test_the_page_address_itself_still_needs_the_token(seeded):
    """A post to the statement page (an old copy of the form) is refused by Django's CSRF check."""
    client = Client(enforce_csrf_checks=True)
    data = {"message": MESSAGE}
    response = client.post(statement_url(), data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403
    assert AccessibilityFeedback.objects.count() == 0


def test_the_form_address_opened_directly_leads_to_the_form(seeded, client):
    response = client.get(feedback_url("sv"))
    assert response.status_code == 302
    assert response["Location"] == statement_url("sv") + "#feedback"


def make_feedback(days_ago, status=AccessibilityFeedback.Status.NEW, message="Kontrasti"):
    return AccessibilityFeedback.objects.create(
        message=message,
        language="fi",
        status=status,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_admin_list_shows_age_and_status_and_filters_overdue(seeded, admin_client):
    make_feedback(20, message="Vanha palaute")
    make_feedback(2, message="Tuore palaute")
    make_feedback(30, AccessibilityFeedback.Status.ANSWERED, message="Vastattu palaute")
    url = reverse("accessibility_feedback:index")
    html = admin_client.get(url).content.decode()
    for text in ("Vanha palaute", "Tuore palaute", "Vastattu palaute", "myöhässä", "uusi"):
        assert text in html
    overdue = admin_client.get(url, {"overdue": "true"}).content.decode()
    assert "Vanha palaute" in overdue
    assert "Tuore palaute" not in overdue and "Vastattu palaute" not in overdue
    answered = admin_client.get(url, {"status": "answered"}).content.decode()
    assert "Vastattu palaute" in answered and "Vanha palaute" not in answered


def test_marking_answered_records_the_time(seeded, admin_client):
    feedback = make_feedback(3)
    url = reverse("accessibility_feedback:edit", args=[feedback.pk])
    response = admin_client.post(
        url, {"status": "answered", "answered_at": "", "notes": "Korjattu"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == AccessibilityFeedback.Status.ANSWERED
    assert feedback.answered_at is not None
    assert feedback.message == "Kontrasti"  # the sender's text is not editable
    assert not feedback.is_overdue()


def test_feedback_is_never_added_by_hand(seeded, admin_client):
    assert admin_client.get(reverse("accessibility_feedback:add")).status_code in (302, 403)


@pytest.mark.parametrize(("role", "status"), [("national", 200), ("a_editor", 302)])
def test_only_the_national_team_reads_feedback(seeded, role, status):
    make_feedback(1, message="Yksityinen palaute")
    client = Client()
    client.force_login(f.user(role))
    response = client.get(reverse("accessibility_feedback:index"))
    assert response.status_code == status
    assert ("Yksityinen palaute" in response.content.decode()) is (status == 200)
