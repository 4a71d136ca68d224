"""documents/journal.py: what the journal tells the letters and the request (issue 14), dated, never from the future."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from dossier.court import bundle
from dossier.documents import documents, journal
from dossier.ladder import scenario
from dossier.law import ledger, rates
from dossier.records.errors import Source
from dossier.records.load import load_repository
from dossier.records.model import Event

AS_OF = dt.date(2026, 11, 24)
VASSEUR = "2026-031-fromagerie-vasseur"


def _ev(day: str, type_: str, **kw) -> Event:
    return Event(date=dt.date.fromisoformat(day), type=type_, source=Source("cases/x.yaml", 30, 5), **kw)


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _with_events(case, *extra):
    return replace(case, events=tuple(sorted(case.events + extra, key=lambda e: e.date)))


def _compute(repo, root, case):
    tables, _ = rates.load_tables(repo.project)
    st = ledger.statement(case, repo.project, AS_OF, tables)
    ld = scenario.ladder(case, repo.project, AS_OF, st)
    return st, ld, documents.documents_for(case, repo.project, st, ld, AS_OF, root)


def test_read_sees_only_the_events_up_to_its_day_and_pairs_a_call_with_its_promise():
    case = replace(_load_case(VASSEUR), events=(
        _ev("2026-09-20", "call", outcome="promise", note="virement promis"),
        _ev("2026-09-20", "promise", until=dt.date(2026, 9, 30), amount=Decimal("5000.00")),
        _ev("2026-10-01", "payment", amount=Decimal("1000.00")),
        _ev("2026-10-05", "call", outcome="refusal", note="Mme V. : « on paiera quand on pourra » ; refuse"),
        _ev("2026-10-10", "dispute", invoice="F2026-223"),
        _ev("2026-10-20", "dispute_resolved", invoice="F2026-223"),
    ))
    before = journal.read(case, dt.date(2026, 9, 30))
    assert before.refusal is None and before.disputes == ()
    assert [(p.date, p.until, p.by_phone, p.note, p.broken) for p in before.promises] == [
        (dt.date(2026, 9, 20), dt.date(2026, 9, 30), True, "virement promis", False)]   # due that very day: not yet broken
    after = journal.read(case, dt.date(2026, 10, 26))
    promise = after.broken_promise
    assert (promise.date, promise.amount, promise.paid) == (dt.date(2026, 9, 20), Decimal("5000.00"), Decimal("1000.00"))
    assert (after.refusal.date, after.refusal.quote) == (dt.date(2026, 10, 5), "on paiera quand on pourra")
    assert [(d.date, d.resolved) for d in after.disputes] == [(dt.date(2026, 10, 10), dt.date(2026, 10, 20))]
    assert after.last_call.date == dt.date(2026, 10, 5)
    assert journal.read(case, dt.date(2026, 10, 15)).open_dispute.date == dt.date(2026, 10, 10)


def test_engaged_agrees_with_the_contact():
    assert journal.engaged("Mme Isabelle Vasseur") == "vous vous étiez engagée"
    assert journal.engaged("M. Paul Caron") == "vous vous étiez engagé"
    assert journal.engaged(None) == "vous vous étiez engagés"


def test_a_broken_promise_and_a_refusal_are_dated_in_the_next_letter_and_in_the_request(demo_repo):
    repo, _ = load_repository(demo_repo)
    case = _with_events(repo.case(VASSEUR),
                        _ev("2026-09-20", "call", outcome="promise", note="Mme Vasseur : virement la semaine prochaine"),
                        _ev("2026-09-20", "promise", until=dt.date(2026, 9, 25)))
    st, ld, docs = _compute(repo, demo_repo, case)
    by_name = {d.name: d for d in docs}
    notice = _plain(by_name["05-mise-en-demeure"].text)
    assert ("Lors de notre entretien téléphonique du 20 septembre 2026, vous vous étiez engagée à régler cette facture "
            "au plus tard le 25 septembre 2026 ; ce règlement n’est pas intervenu.") in notice
    assert ("Lors de notre entretien téléphonique du 5 octobre 2026, vous nous avez fait part de votre refus de régler "
            "cette facture, en ces termes : « on paiera quand on pourra », sans élever de contestation sur celle-ci.") in notice
    # The amicable reminder of 28 September came after the promise, before the refusal: the promise only.
    amicable = _plain(by_name["02-relance-amiable"].text)
    assert "engagée à régler cette facture au plus tard le 25 septembre 2026" in amicable
    assert "refus" not in amicable
    # The informal reminder of 16 September knew of neither.
    assert "entretien" not in _plain(by_name["01-relance-informelle"].text)

    b = bundle.build_bundle(case, repo.project, st, ld, AS_OF, demo_repo, docs, pdf=False)
    request = _plain(re.sub(r"<[^>]+>", " ", b.request_html))
    assert ("Le 20 septembre 2026, au cours d’un entretien téléphonique, le débiteur s’est engagé à régler les sommes dues "
            "au plus tard le 25 septembre 2026 ; cet engagement n’a pas été suivi d’effet.") in request
    assert ("Le 5 octobre 2026, au cours d’un entretien téléphonique, le débiteur a refusé de payer, en ces termes : "
            "« on paiera quand on pourra », sans élever de contestation sur la créance.") in request


def test_the_demo_refusal_reaches_the_formal_notice_escaped_and_not_the_whole_note(demo_repo):
    repo, _ = load_repository(demo_repo)
    case = repo.case(VASSEUR)
    bad = replace(case, events=tuple(
        replace(e, note="« <b>on paiera</b> quand on pourra » ; cliente désagréable") if e.type == "call" else e
        for e in case.events))
    _, _, docs = _compute(repo, demo_repo, bad)
    html = {d.name: d for d in docs}["05-mise-en-demeure"].html
    assert "&lt;b&gt;on paiera&lt;/b&gt; quand on pourra" in html and "<b>on paiera" not in html
    assert "désagréable" not in html


def test_a_settled_dispute_is_recalled_by_the_next_reminder(demo_repo):
    repo, _ = load_repository(demo_repo)
    _, _, docs = _compute(repo, demo_repo, repo.case("2026-019-pharmacie-des-brotteaux"))
    amicable = _plain({d.name: d for d in docs}["02-relance-amiable"].text)
    assert ("La réclamation que vous nous aviez adressée le 5 juin 2026 a été traitée le 25 juin 2026 ; elle ne fait "
            "plus obstacle au règlement.") in amicable


def _load_case(case_id: str):
    repo, issues = load_repository(Path(__file__).resolve().parents[2])
    assert repo is not None, [str(i) for i in issues]
    return repo.case(case_id)


def test_a_promise_by_phone_gets_its_written_confirmation_dated_the_day_of_the_call(demo_repo):
    repo, _ = load_repository(demo_repo)
    _, _, docs = _compute(repo, demo_repo, repo.case("2026-019-pharmacie-des-brotteaux"))
    by_name = {d.name: d for d in docs}
    confirmation = by_name["confirmation-promesse"]
    assert (confirmation.date, confirmation.kind, confirmation.state, confirmation.issues) == (
        dt.date(2026, 8, 4), "letter", "sent", ())
    text = _plain(confirmation.text)
    assert "Objet : Confirmation de votre engagement de paiement — facture n° F2026-117" in text
    assert ("nous vous confirmons par écrit l’engagement que vous avez pris : le règlement de la somme de 2 632,72 € "
            "restant due en principal, au plus tard le 30 novembre 2026.") in text
    assert "virement — bénéficiaire : Atelier Martin SAS" in text


def test_a_dispute_gets_an_answer_that_asks_its_grounds_and_states_what_the_creditor_holds(demo_repo):
    repo, _ = load_repository(demo_repo)
    _, _, docs = _compute(repo, demo_repo, repo.case("2026-019-pharmacie-des-brotteaux"))
    answer = {d.name: d for d in docs}["reponse-contestation"]
    assert (answer.date, answer.step_id, answer.issues) == (dt.date(2026, 6, 5), "reponse_contestation", ())
    text = _plain(answer.text)
    assert ("Nous accusons réception de la réclamation dont vous nous avez fait part le 5 juin 2026 concernant notre "
            "facture n° F2026-117 du 28 avril 2026") in text
    assert "nous en préciser par écrit les motifs" in text
    assert ("- la facture n° F2026-117 du 28 avril 2026, d’un montant de 9 960,00 € ; - le devis du 20 février 2026, "
            "signé par vos soins.") in text
    assert "IBAN" not in text   # no payment box while the claim is disputed


def test_no_journal_document_without_its_event_nor_before_it(demo_repo):
    repo, _ = load_repository(demo_repo)
    _, _, docs = _compute(repo, demo_repo, repo.case(VASSEUR))   # a refusal: neither a promise nor a dispute
    assert not [d.name for d in docs if d.name.startswith(("confirmation", "reponse"))]
    case = repo.case("2026-019-pharmacie-des-brotteaux")
    tables, _ = rates.load_tables(repo.project)
    day = dt.date(2026, 7, 1)   # after the dispute, before the promise of 4 August
    early = replace(case, events=tuple(e for e in case.events if e.date <= day))
    st = ledger.statement(early, repo.project, day, tables)
    names = [d.name for d in documents.documents_for(early, repo.project, st, scenario.ladder(early, repo.project, day, st),
                                                     day, demo_repo)]
    assert "reponse-contestation" in names and "confirmation-promesse" not in names


def _by_qualification(demo_repo, step_id: str, scenario_id: str = "standard") -> dict:
    """The document of `step_id` for the Vasseur case under each qualification (and none), built directly."""
    from dossier.documents.builders import _step_document
    from dossier.records.model import QUALIFICATIONS

    repo, _ = load_repository(demo_repo)
    base = repo.case(VASSEUR)
    step = next(s for s in repo.project.scenarios[scenario_id].steps if s.id == step_id)
    day = dt.date(2026, 9, 16)
    out = {}
    for q in (None,) + QUALIFICATIONS:
        case = replace(base, debtor=replace(base.debtor, qualification=q), events=(), scenario=scenario_id)
        st = ledger.statement(case, repo.project, day, rates.load_tables(repo.project)[0])
        doc = _step_document(case, repo.project, step, day, st, None, "due", f"01-{step_id}", str(demo_repo))
        assert [i for i in doc.issues if i.code != "provisional-rate-document"] == [], (q, [str(i) for i in doc.issues])
        out[q] = _plain(doc.text)
    return out


FIRST_REMINDER = {
    None: "Il s’agit sans doute d’un simple oubli.",
    "oubli": "Il s’agit sans doute d’un simple oubli.",
    "negligence": "Cette échéance étant dépassée, nous vous demandons d’y donner suite sans plus attendre.",
    "administratif": "S’il vous manque un document pour traiter ce règlement",
    "contestation": "nous vous remercions de nous en faire connaître les motifs précis par écrit",
    "mauvaise_foi": "Ce règlement aurait dû intervenir à l’échéance convenue ; nous vous demandons d’y procéder sans autre délai.",
    "difficulte_passagere": "un échelonnement du règlement peut être examiné",
    "situation_preoccupante": "afin d’examiner les modalités d’un règlement échelonné",
    "insolvabilite": "Si une procédure collective ou de surendettement a été ouverte à votre égard",
}


def test_each_qualification_has_its_own_first_reminder_and_only_oversight_says_oubli(demo_repo):
    texts = _by_qualification(demo_repo, "relance_informelle")
    for q, sentence in FIRST_REMINDER.items():
        assert sentence in texts[q], q
        others = [o for o, s in FIRST_REMINDER.items() if s != sentence]
        assert all(FIRST_REMINDER[o] not in texts[q] for o in others), q
        assert ("oubli" in texts[q]) == (q in (None, "oubli")), q


def test_an_amicable_reminder_that_comes_first_carries_the_qualification_sentence(demo_repo):
    texts = _by_qualification(demo_repo, "relance_amiable", "petit_montant")   # the small-claims ladder opens with it
    for q, sentence in FIRST_REMINDER.items():
        assert sentence in texts[q], q
        assert ("oubli" in texts[q]) == (q in (None, "oubli")), q


CALL_SHEET = {
    None: ("Débiteur non encore qualifié.", None),
    "oubli": ("Qualification au dossier : simple oubli.", "Proposer de la renvoyer tout de suite par courriel"),
    "negligence": ("Qualification au dossier : négligence.", "« Je m’en occupe la semaine prochaine. »"),
    "administratif": ("Qualification au dossier : problème administratif.", "réémettre la facture corrigée le jour même"),
    "contestation": ("Qualification au dossier : contestation.", "demander le règlement de la part non contestée"),
    "mauvaise_foi": ("Qualification au dossier : mauvaise foi.", "« On paiera quand on pourra. » → Noter la phrase mot pour mot"),
    "difficulte_passagere": ("Qualification au dossier : difficulté passagère de trésorerie.",
                             "Ce qu’il faut proposer : Un échéancier écrit et signé"),
    "situation_preoccupante": ("Qualification au dossier : situation financière préoccupante.",
                               "Avant tout accord, vérifier la solvabilité : consulter le BODACC"),
    "insolvabilite": ("Qualification au dossier : insolvabilité avérée.", "demander la date du jugement et le nom du mandataire"),
}


def test_each_qualification_has_its_own_call_sheet(demo_repo):
    texts = _by_qualification(demo_repo, "appel")
    for q, (label, specific) in CALL_SHEET.items():
        assert label in texts[q], q
        if specific:
            assert specific in texts[q], q
            assert [o for o in CALL_SHEET if o != q and specific in texts[o]] == [], q
    assert len(set(texts.values())) == len(texts)
    assert "À établir lors de l’appel : la solvabilité réelle du débiteur avant tout accord" in texts["situation_preoccupante"]
    ask = "Demander la cause du retard, sans jugement, et la qualifier"
    assert ask in texts[None] and [q for q in CALL_SHEET if q and ask in texts[q]] == []


def test_the_comptable_call_is_its_own_sheet_to_the_accounting_officer(demo_repo):
    repo, _ = load_repository(demo_repo)
    _, _, docs = _compute(repo, demo_repo, repo.case("2026-038-vallons-du-lyonnais"))
    by_name = {d.name: d for d in docs}
    sheet = _plain(by_name["05-appel-comptable"].text)
    assert "Fiche d’appel au comptable public — Communauté de communes des Vallons du Lyonnais" in sheet
    assert "Le comptable public assignataire de l’organisme débiteur" in sheet
    assert "Le mandat de paiement correspondant a-t-il été reçu ?" in sheet
    first = _plain(by_name["02-appel"].text)
    assert "comptable public assignataire" not in first and "Qualification au dossier" not in sheet


def test_the_journal_documents_pass_the_lint_in_agency_mode_and_to_a_consumer(tmp_path):
    import shutil

    from dossier.documents import lint

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
    for fixture, case_id in (("agency", "2026-050-roche"), ("repo", "2026-040-leroy")):
        root = tmp_path / fixture
        shutil.copytree(fixtures / fixture, root)
        repo, issues = load_repository(root)
        assert repo is not None, [str(i) for i in issues]
        case = repo.case(case_id)
        first_due = min(i.due for i in case.invoices)
        call_day = first_due + dt.timedelta(days=12)
        case = _with_events(case,
                            _ev(call_day.isoformat(), "call", outcome="promise", note="virement promis"),
                            _ev(call_day.isoformat(), "promise", until=call_day + dt.timedelta(days=10)),
                            _ev((call_day + dt.timedelta(days=1)).isoformat(), "dispute"))
        st, ld, docs = _compute(repo, root, case)
        made = {d.name: d for d in docs if d.name in ("confirmation-promesse", "reponse-contestation")}
        assert sorted(made) == ["confirmation-promesse", "reponse-contestation"], fixture
        assert [str(i) for d in made.values() for i in d.issues] == []
        assert lint.lint_documents(list(made.values()), case, repo.project, st, ld) == [], fixture
        if fixture == "agency":
            assert "émise par notre mandante" in _plain(made["reponse-contestation"].text)
        else:   # a consumer: the mediator, and no fee
            assert "médiateur de la consommation" in _plain(made["confirmation-promesse"].text)


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "documents" / "journal"
JOURNAL_GOLDEN = {   # the demo's documents that read the journal, pinned (UPDATE_GOLDEN=1 to accept a deliberate change)
    "2026-019-pharmacie-des-brotteaux": ("reponse-contestation", "confirmation-promesse", "02-relance-amiable"),
    "2026-031-fromagerie-vasseur": ("05-mise-en-demeure",),
    "2026-018-saint-genis-laval": ("confirmation-promesse",),
}


def test_the_journal_documents_of_the_demo_are_pinned(demo_repo):
    import os

    repo, _ = load_repository(demo_repo)
    produced = {}
    for case_id, names in JOURNAL_GOLDEN.items():
        _, _, docs = _compute(repo, demo_repo, repo.case(case_id))
        by_name = {d.name: d for d in docs}
        for name in names:
            produced[f"{case_id}/{name}.html"] = by_name[name].html
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for rel, html in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(html, encoding="utf-8")
    assert sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")) == sorted(produced)
    for rel, html in produced.items():
        assert html == (GOLDEN / rel).read_text(encoding="utf-8"), f"{rel} changed: UPDATE_GOLDEN=1 to accept"
