"""The intake page's checks in Chromium before anything is encrypted: it loads with no CSP
violation, no console error, no cookie and no request but to the relay; it shows the
organisation key's fingerprint; it refuses a document whose signature does not verify, and one
signed by a key other than the link's `#cle=`; it switches language by keyboard, has a label
for every field and fits 360 px; an unknown intake point gets the 404 page."""

from __future__ import annotations

import json
from typing import Any

from crypto.intake_document import IntakeDocument, IntakeRecipient, sign_intake
from crypto.org_signer import SoftwareOrgSigner
from relay.clock import as_datetime
from tests.intake_page.browser_flow import open_page
from tests.intake_page.conftest import Watched, watched
from tests.relay.intake_support import NAME, IntakeWorld
from tests.support.groups import GROUP


def _org_key_hex(intake: IntakeWorld) -> str:
    return intake.world.barreau.key.public_key().public_bytes_raw().hex()


def _refused(page: Watched, words: str) -> None:
    assert page.page.is_visible("#error") and words in page.page.inner_text("#error")
    assert page.page.is_hidden("#form") and page.page.is_hidden("#identity")


def test_the_page_loads_clean_and_shows_the_key(intake: IntakeWorld, page: Watched) -> None:
    base = intake.server.base_url
    open_page(page, base, NAME)
    p = page.page
    key = _org_key_hex(intake)
    assert p.inner_text("#fingerprint") == " ".join(key[i:i + 4] for i in range(0, 64, 4))
    assert p.inner_text("#title") == "Saisir le conseil de l’Ordre"
    assert p.inner_text("#org-name") == "Barreau" and p.is_hidden("#key-matched")
    assert p.evaluate("document.documentElement.lang") == "fr"
    unlabelled = p.evaluate("""Array.from(document.querySelectorAll('input, textarea'))
        .filter((e) => e.labels.length === 0).map((e) => e.id)""")
    assert unlabelled == []
    p.focus("#lang-switch")
    p.keyboard.press("Enter")
    assert p.evaluate("document.documentElement.lang") == "en"
    assert p.inner_text("#limits") == "Up to 5 files, 1.0\u00a0MB in all."
    assert p.inner_text("label[for=subject]") == "Subject (required)"
    assert p.title() == "Confidential drop box"
    p.keyboard.press("Enter")  # the switch keeps the focus
    assert p.inner_text("label[for=subject]") == "Objet (obligatoire)"
    p.set_viewport_size({"width": 360, "height": 740})
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    page.clean(base)
    assert p.evaluate("localStorage.length + sessionStorage.length") == 0


def test_the_links_key_is_compared(intake: IntakeWorld, page: Watched, context: Any) -> None:
    base = intake.server.base_url
    open_page(page, base, NAME, "#cle=" + _org_key_hex(intake).upper())
    assert page.page.is_visible("#key-matched") and page.page.is_visible("#form")
    other = intake.world.notaires.key.public_key().public_bytes_raw().hex()
    for fragment, words in (("#cle=" + other, "n’est pas celle du lien"),
                            ("#cle=1234", "contient une clé mal écrite")):
        fresh = watched(context.new_page())
        open_page(fresh, base, NAME, fragment)
        _refused(fresh, words)
    page.clean(base)


def _served(intake: IntakeWorld, page: Watched, change: Any) -> None:
    """Serve the page a changed copy of the relay's own answer for the document."""
    def handle(route: Any) -> None:
        answer = route.fetch()
        body = answer.json()
        change(body)
        route.fulfill(response=answer, body=json.dumps(body))

    page.page.route(f"**/v1/intake/{NAME}", handle)


def test_a_tampered_document_is_refused(intake: IntakeWorld, page: Watched) -> None:
    base = intake.server.base_url

    def retitled(body: dict[str, Any]) -> None:
        body["signed"] = body["signed"].replace("Saisir le conseil", "Saisir le conseiL")

    _served(intake, page, retitled)
    open_page(page, base, NAME)
    _refused(page, "La signature de la liste des destinataires est invalide")
    assert [u for u in page.requests if "/challenge" in u or "/deposits" in u] == []


def _signed_by_notaires(intake: IntakeWorld) -> dict[str, Any]:
    """The same recipients in a document an impostor signed with a key of their own."""
    org = intake.world.notaires
    document = IntakeDocument(
        name=NAME, organisation="Barreau", organisation_key=org.key.public_key()
        .public_bytes_raw(), group_id=GROUP, title="Saisir le conseil de l’Ordre", version=1,
        issued=as_datetime(intake.server.now()),
        recipients=tuple(IntakeRecipient(r.fingerprint, str(r.identity.card.age_pq_recipient))
                         for r in sorted(intake.readers, key=lambda r: r.fingerprint)),
        max_bytes=1_000_000, max_files=5)
    stored = json.loads(sign_intake(document, SoftwareOrgSigner(org.key)).to_bytes())
    from crypto.sealed.codec import canonical_json
    return {"signed": canonical_json(stored["intake"]).decode("utf-8"),
            "signature": stored["signature"]}


def test_an_impostors_key_shows_and_the_link_catches_it(intake: IntakeWorld, page: Watched,
                                                        context: Any) -> None:
    base = intake.server.base_url
    forged = _signed_by_notaires(intake)
    _served(intake, page, lambda body: body.update(forged))
    open_page(page, base, NAME)
    # Without #cle= the page can only show whose key signed: the requester compares it.
    impostor = intake.world.notaires.key.public_key().public_bytes_raw().hex()
    assert page.page.inner_text("#fingerprint").replace(" ", "") == impostor
    careful = watched(context.new_page())
    _served(intake, careful, lambda body: body.update(forged))
    open_page(careful, base, NAME, "#cle=" + _org_key_hex(intake))
    _refused(careful, "n’est pas celle du lien")


def test_an_unknown_intake_point_gets_the_404_page(intake: IntakeWorld, page: Watched) -> None:
    base = intake.server.base_url
    answer = page.page.goto(f"{base}/depot/nulle-part")
    assert answer is not None and answer.status == 404
    assert page.page.inner_text("h1") == "Point de dépôt introuvable"
    assert page.violations() == [] and page.errors == [] and page.set_cookies == []


def test_the_relays_refusals_are_told_in_words(intake: IntakeWorld, page: Watched,
                                               context: Any) -> None:
    """A document being republished (409 intake_outdated) and a deposit refused for flooding
    (429 rate_limited): each a sentence, the form kept, no code shown."""
    base = intake.server.base_url

    def refuse(code: str, status: int) -> Any:
        body = json.dumps({"error": {"code": code, "message": "refused"}})
        return lambda route: route.fulfill(status=status, body=body,
                                           content_type="application/json")

    page.page.route(f"**/v1/intake/{NAME}", refuse("intake_outdated", 409))
    open_page(page, base, NAME)
    _refused(page, "La liste des destinataires de ce point de dépôt est en cours de mise à jour")
    flooded = watched(context.new_page())
    flooded.page.route(f"**/v1/intake/{NAME}/deposits**", refuse("rate_limited", 429))
    open_page(flooded, base, NAME)
    flooded.page.fill("#subject", "Demande")
    flooded.page.click("#submit")
    flooded.page.wait_for_selector("#error:not([hidden])", timeout=180_000)
    assert "Trop de demandes depuis votre connexion" in flooded.page.inner_text("#error")
    assert flooded.page.is_visible("#form") and flooded.page.is_hidden("#done")
    assert flooded.page.is_enabled("#submit")
