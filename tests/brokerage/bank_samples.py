"""Realistic bank answers built around the end-to-end references of our own debits: a
camt.053.001.02 day statement (a batch credit, a return, a transfer of ours) and a
pain.002.001.03 status report with a reject, as French banks send them."""

from __future__ import annotations

from datetime import date

from app.brokerage.money import format_cents


def _tx(reference: str, cents: int, returned: str = "") -> str:
    back = (f"<RtrInf><Rsn><Cd>{returned}</Cd></Rsn></RtrInf>" if returned else "")
    return (f"<TxDtls><Refs><EndToEndId>{reference}</EndToEndId></Refs>"
            f"<AmtDtls><TxAmt><Amt Ccy=\"EUR\">{format_cents(cents)}</Amt></TxAmt></AmtDtls>"
            f"{back}</TxDtls>")


def camt053(paid: list[tuple[str, int]], returned: list[tuple[str, int, str]],
            booked: date, own_transfer: str = "SCLT1-abc") -> bytes:
    credit = sum(c for _, c in paid)
    entries = [
        f"<Ntry><Amt Ccy=\"EUR\">{format_cents(credit)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
        f"<Sts>BOOK</Sts><BookgDt><Dt>{booked}</Dt></BookgDt><ValDt><Dt>{booked}</Dt></ValDt>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd><NtryDtls>" + "".join(_tx(r, c) for r, c in paid) +
        "</NtryDtls></Ntry>"]
    for reference, cents, code in returned:
        entries.append(
            f"<Ntry><Amt Ccy=\"EUR\">{format_cents(cents)}</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
            f"<Sts>BOOK</Sts><BookgDt><Dt>{booked}</Dt></BookgDt>"
            "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly>"
            f"</Domn></BkTxCd><NtryDtls>{_tx(reference, cents, code)}</NtryDtls></Ntry>")
    entries.append(
        f"<Ntry><Amt Ccy=\"EUR\">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
        f"<BookgDt><Dt>{booked}</Dt></BookgDt><NtryDtls>{_tx(own_transfer, 1000)}</NtryDtls>"
        "</Ntry>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
            "<BkToCstmrStmt><GrpHdr><MsgId>STMT-1</MsgId><CreDtTm>2026-02-11T06:00:00"
            "</CreDtTm></GrpHdr><Stmt><Id>1</Id><CreDtTm>2026-02-11T06:00:00</CreDtTm>"
            "<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>"
            + "".join(entries) + "</Stmt></BkToCstmrStmt></Document>").encode()


def pain002(rejected: list[tuple[str, int, str]]) -> bytes:
    txs = "".join(
        f"<TxInfAndSts><StsId>S{n}</StsId><OrgnlEndToEndId>{reference}</OrgnlEndToEndId>"
        f"<TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>{code}</Cd></Rsn></StsRsnInf>"
        f"<OrgnlTxRef><Amt><InstdAmt Ccy=\"EUR\">{format_cents(cents)}</InstdAmt></Amt>"
        "</OrgnlTxRef></TxInfAndSts>"
        for n, (reference, cents, code) in enumerate(rejected))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\">"
            "<CstmrPmtStsRpt><GrpHdr><MsgId>R1</MsgId><CreDtTm>2026-02-09T10:00:00</CreDtTm>"
            "</GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>X</OrgnlMsgId><OrgnlMsgNmId>"
            "pain.008.001.02</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>"
            f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>P1</OrgnlPmtInfId>{txs}</OrgnlPmtInfAndSts>"
            "</CstmrPmtStsRpt></Document>").encode()
