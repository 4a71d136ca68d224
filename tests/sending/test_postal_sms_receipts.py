"""The postal batch's address lines (NF Z10-011), the LRE consent, SMS numbers in E.164, a tracking export read."""
from __future__ import annotations

import datetime as dt
import json

from dossier.records.i18n import speaking
from dossier.records.errors import Source
from dossier.records.model import Event
from dossier.sending import postal, receipts, sms

NOV_24 = dt.date(2026, 11, 24)


def test_addresses_in_the_six_lines_la_poste_reads():
    assert postal.address_lines("Dupont Rénovation SARL", "Mme Claire Dupont", ("12 rue des Lilas", "69003 Lyon")) == (
        ("Dupont Rénovation SARL", "À l'attention de Mme Claire Dupont", "", "12 rue des Lilas", "", "69003 LYON"), [])
    assert postal.address_lines("Mairie de Saint-Genis-Laval", None, (
        "Service comptabilité", "Bâtiment B", "2 place Joseph-Rollet", "BP 80", "69230 Saint-Genis-Laval")) == (
        ("Mairie de Saint-Genis-Laval", "Service comptabilité", "Bâtiment B", "2 place Joseph-Rollet", "BP 80",
         "69230 SAINT GENIS LAVAL"), [])
    lines, problems = postal.address_lines("X", None, ("rue sans code",))
    assert problems == ['no line "postcode town" at the end of the address (NF Z10-011 line 6)']
    assert postal.long_lines(("Communauté de communes des Vallons du Lyonnais", "", "", "", "", "69000 LYON")) == [
        'L1 "Communauté de communes des Vallons du Lyonnais" is 46 characters (at most 38)']


def test_an_lre_needs_an_email_and_a_consumers_prior_consent():
    assert postal.lre_refusal("lre", "professional", "compta@x.fr", None, NOV_24) is None
    assert postal.lre_refusal("lre", "consumer", "s@x.fr", dt.date(2026, 1, 5), NOV_24) is None
    assert postal.lre_refusal("lre", "consumer", "s@x.fr", dt.date(2026, 11, 25), NOV_24).startswith(
        "an electronic registered letter (LRE) to a consumer needs his prior consent (CPCE R53-3)")
    assert postal.lre_refusal("lre", "professional", None, None, NOV_24) == "an electronic registered letter (LRE) needs the debtor's email"
    assert postal.lre_refusal("lrar", "consumer", None, None, NOV_24) is None


def test_the_manifest_in_csv_and_json(tmp_path):
    p = postal.Postal("2026-033-ferrand/mise_en_demeure/2026-11-24", "2026-033-ferrand", "mise_en_demeure", NOV_24, "lrar",
                      "2026-11-24-mise-en-demeure.pdf", b"%PDF-1.7", "ab" * 32,
                      ("Mme Sylvie Ferrand", "", "", "23 rue Anatole-France", "", "69100 VILLEURBANNE"), None,
                      ("Atelier Martin SAS", "", "", "4 quai des Célestins", "", "69002 LYON"), 2)
    written = postal.write_batch(tmp_path / "courrier", [p], NOV_24)
    assert sorted(w.name for w in written) == ["2026-11-24-mise-en-demeure.pdf", "manifest.csv", "manifest.json"]
    assert (tmp_path / "courrier" / "manifest.csv").read_text(encoding="utf-8").splitlines() == [
        "reference;case;step;date;kind;file;sha256;pages;l1;l2;l3;l4;l5;l6;country;email;sender_l1;sender_l4;sender_l6",
        f"2026-033-ferrand/mise_en_demeure/2026-11-24;2026-033-ferrand;mise_en_demeure;2026-11-24;lrar;"
        f"2026-11-24-mise-en-demeure.pdf;{'ab' * 32};2;Mme Sylvie Ferrand;;;23 rue Anatole-France;;69100 VILLEURBANNE;"
        "FRANCE;;Atelier Martin SAS;4 quai des Célestins;69002 LYON"]
    assert json.loads((tmp_path / "courrier" / "manifest.json").read_text(encoding="utf-8"))["format"] == "dossier-postal-batch/1"
    assert postal.write_batch(tmp_path / "courrier", [p], NOV_24) == written   # the same batch again: the same bytes
    other = postal.Postal(*[getattr(p, f) for f in ("reference", "case", "step", "date", "kind", "file")], b"%PDF-other",
                          "cd" * 32, p.recipient)
    try:
        postal.write_batch(tmp_path / "courrier", [other], NOV_24)
    except FileExistsError as exc:
        assert "2026-11-24-mise-en-demeure.pdf, manifest.csv, manifest.json already there with other content" in str(exc)
    else:
        raise AssertionError("a batch already written was overwritten")


def test_sms_numbers_in_e164_and_the_batch():
    assert sms.e164("06 12 34 56 78") == ("+33612345678", "")
    assert sms.e164("04 78 00 00 00") == (None, "'04 78 00 00 00' is not a mobile number: an SMS cannot reach it")
    assert sms.e164("123") == (None, "'123' is not a valid phone number")
    assert sms.sender_id("Éts Dupré & Fils") == "EtsDupreFil"
    batch = sms.batch_csv([sms.Sms("2026-045-fleur/sms/2026-11-24", "+33612345678", "Bonjour; rappel", "AtelierMart")])
    assert batch.decode("utf-8").splitlines() == ["reference;number;sender;text",
                                                  '2026-045-fleur/sms/2026-11-24;+33612345678;AtelierMart;"Bonjour; rappel"']


def test_a_tracking_export_becomes_delivery_changes():
    data = ("Numéro de suivi,Statut,Date événement,Référence client\n"
            "1A 1,Présenté / avisé,2026-11-25T08:12:00,a/mise_en_demeure/2026-11-24\n"
            "1A 1,Distribué,26/11/2026 10:05,a/mise_en_demeure/2026-11-24\n"
            "1A 2,Avisé non réclamé,12/12/2026,\n"
            "1A 3,NPAI,01/12/2026,c/relance_ferme/2026-11-24\n"
            "1A 4,Perdu,01/12/2026,c/relance_ferme/2026-11-24\n").encode("utf-8")
    rows, problems = receipts.read(data, "suivi.csv")
    assert problems == ['suivi.csv:6: unknown status "Perdu"; row skipped']
    with speaking("fr"):
        assert receipts.read(data, "suivi.csv")[1] == ["suivi.csv:6\u00a0: statut inconnu «\u00a0Perdu\u00a0»\u00a0; ligne ignorée"]
    assert [(r.status, r.date) for r in rows] == [("pending", dt.date(2026, 11, 25)), ("received", dt.date(2026, 11, 26)),
                                                  ("unclaimed", dt.date(2026, 12, 12)), ("returned", dt.date(2026, 12, 1))]
    sent = {("a", "mise_en_demeure", NOV_24): Event(NOV_24, "sent", Source("a.yaml", 9), step="mise_en_demeure"),
            ("b", "mise_en_demeure", NOV_24): Event(NOV_24, "sent", Source("b.yaml", 9), step="mise_en_demeure", tracking="1A 2"),
            ("c", "relance_ferme", NOV_24): Event(NOV_24, "sent", Source("c.yaml", 9), step="relance_ferme")}
    batch, warnings = receipts.changes_for(rows, sent, "suivi.csv")
    assert batch == {
        "a": [{"type": "delivery", "step": "mise_en_demeure", "sent_on": NOV_24, "date": NOV_24, "tracking": "1A 1",
               "received": dt.date(2026, 11, 26)}],
        "b": [{"type": "delivery", "step": "mise_en_demeure", "sent_on": NOV_24, "date": NOV_24, "unclaimed": dt.date(2026, 12, 12)}],
        "c": [{"type": "delivery", "step": "relance_ferme", "sent_on": NOV_24, "date": NOV_24, "tracking": "1A 3"}]}
    assert warnings == ['suivi.csv:5: the relance_ferme of case c sent on 2026-11-24 came back "NPAI": check the debtor\'s address']
    assert receipts.unclaimed_warnings(batch, {("b", "mise_en_demeure")})[0].startswith(
        "the formal notice of 2026-11-24 sent to case b came back unclaimed (avisé, non réclamé) on 2026-12-12")


def test_a_delivery_sets_what_is_new_and_refuses_to_contradict_the_journal():
    import pytest

    from dossier.history.lock import Refused
    from dossier.history.record_changes import apply_change

    text = ("debtor: {name: X, kind: consumer}\nevents:\n"
            "  - {date: 2026-11-24, type: sent, step: mise_en_demeure, channel: lrar}  # posted at 11:00\n")
    change = {"type": "delivery", "step": "mise_en_demeure", "sent_on": NOV_24, "date": NOV_24,
              "tracking": "1A 123 456 7890 1", "received": dt.date(2026, 11, 26)}
    new, line = apply_change(text, change)
    assert new.splitlines()[2] == ('  - {date: 2026-11-24, type: sent, step: mise_en_demeure, tracking: "1A 123 456 7890 1", '
                                   "received: 2026-11-26, channel: lrar}  # posted at 11:00")
    assert apply_change(new, change)[0] == new   # the same export again: nothing changes
    with pytest.raises(Refused, match=r"has received: 2026-11-26, not 2026-11-27; correct the file by hand"):
        apply_change(new, {**change, "received": dt.date(2026, 11, 27)})
    with pytest.raises(Refused, match=r"no mise_en_demeure sent on 2026-11-23 in the journal"):
        apply_change(new, {**change, "sent_on": dt.date(2026, 11, 23)})
    with pytest.raises(Refused, match=r"received 2026-11-20: before the mise_en_demeure sent on 2026-11-24"):
        apply_change(text, {**change, "received": dt.date(2026, 11, 20)})
