"""United States: federal statutes and regulations, federal agencies' complaint processes, and
the BBB, each with the sources it was checked against on 2026-12-01 (the stored copies of the
pages named below).

State law is not covered: energy and water are regulated by each state's utility commission,
whose rules differ, so gripe names the body and computes no date for it.
"""

from __future__ import annotations

from datetime import date

from gripe.rights.rules import Period, Rule, Source

CHECKED = date(2026, 12, 1)

CARDS = frozenset({"credit-card", "store-card"})
CONSUMER_FINANCE = frozenset({"bank", "credit-card", "store-card", "loan"})
COMMUNICATIONS = frozenset({"broadband", "mobile", "landline", "tv"})

_FCBA = Source(
    "15 U.S.C. § 1666 (Fair Credit Billing Act): correction of billing errors (U.S. Code text "
    "from GPO, as published by Justia)",
    "http://law.justia.com/us/codes/title15/15usc1666.html",
    CHECKED,
    "If the creditor receives, at the address disclosed for billing inquiries and within sixty "
    "days after transmitting the statement, a written notice of a billing error, it must "
    "acknowledge it within thirty days of receipt and, within two complete billing cycles (in "
    "no event later than ninety days) of receipt, correct the account or explain why it is "
    "correct.",
)
_REG_Z = Source(
    "12 CFR § 1026.13 (Regulation Z): billing error resolution (CFPB's regulation text)",
    "https://www.consumerfinance.gov/rules-policy/regulations/1026/2018-06-01/13/",
    CHECKED,
    "A billing error notice is received at the disclosed address no later than 60 days after "
    "the creditor transmitted the first periodic statement that reflects the error; written "
    "acknowledgment within 30 days of receiving it; resolution within two complete billing "
    "cycles and no later than 90 days.",
)
_REG_E = Source(
    "12 CFR § 1005.11 (Regulation E): procedures for resolving errors (Federal Reserve "
    "regulatory service)",
    "https://frrsdigital.com/topic-by-locator/6-5329",
    CHECKED,
    "The institution must act on an oral or written notice of error received no later than 60 "
    "days after it sent the statement first showing the error, investigate within 10 business "
    "days, or within 45 days if it provisionally credits the account (90 for new accounts, "
    "point-of-sale and foreign transfers).",
)
_REG_E_MODEL = Source(
    "12 CFR Part 1005, Appendix A, model form A-3 (error-resolution notice)",
    "https://frrsdigital.com/topic-by-locator/6-5350",
    CHECKED,
    '"We must hear from you no later than 60 days after we sent the FIRST statement on which '
    "the problem or error appeared … We will determine whether an error occurred within 10 "
    'business days … we may take up to 45 days."',
)
_CFPB = Source(
    "CFPB, Your Money, Your Goals toolkit: how the complaint process works (the CFPB's text, "
    "reproduced)",
    "https://issuhub.com/view/index/4410?pageIndex=42",
    CHECKED,
    "After your complaint is sent to the company, the company has 15 days to provide a "
    "substantive response to you and the CFPB; companies are expected to close all but the "
    "most complicated complaints within 60 days.",
)
_CFPB_MANUAL = Source(
    "FinTech Futures: CFPB updates its Company Portal Manual (26 May 2015)",
    "https://stg.fintechfutures.com/2015/05/cfpb-updates-consumer-complaint-manual-may-26-2015",
    CHECKED,
    "The CFPB asks companies to respond within 15 calendar days of the complaint being sent, "
    "or to mark it in progress and give a final explanation within 60 calendar days.",
)
_FCC = Source(
    "FCC Consumer Complaint Center: How the FCC handles your complaint",
    "https://consumercomplaints.fcc.gov/hc/en-us/articles/202752940-How-the-FCC-Handles-Your-"
    "Complaint",
    CHECKED,
    "The FCC serves billing and service complaints on the provider, which must respond in "
    "writing within 30 days of receiving the complaint and copy you.",
)
_FCC_RULE = Source(
    "47 CFR § 1.717: informal complaints, procedure",
    "https://www.law.cornell.edu/cfr/text/47/1.717",
    CHECKED,
    "The Commission forwards informal complaints to the carrier, which advises the Commission "
    "in writing, with a copy to the complainant, of its satisfaction of the complaint or its "
    "refusal.",
)
_ARIZONA = Source(
    "Arizona Corporation Commission: consumer services (an example of a state commission)",
    "http://azcc.gov/divisions/utilities/consumerservices.asp",
    CHECKED,
    "Contact the utility first; then Commission staff take the complaint to the utility, which "
    "has 5 business days to respond to the Commission under current Arizona rules.",
)
_MARYLAND = Source(
    "Maryland Public Service Commission: dispute instructions (an example of a state commission)",
    "http://pscwebapp2.psc.state.md.us/newIntranet/capa/ComplaintNotes_new.cfm",
    CHECKED,
    "The account holder must first take the dispute to the utility and may then submit it to "
    "the Commission's Consumer Affairs Division within 7 days of the utility's determination.",
)
_BBB = Source(
    "BBB: Complaints",
    "https://www.bbb.org/process-of-complaints-and-reviews/complaints",
    CHECKED,
    "The complaint is forwarded within two business days; the business is asked to respond "
    "within 14 calendar days of filing, with a second request if it does not; complaints are "
    "generally closed within about 30 days.",
)
_BBB_LOCAL = Source(
    "BBB Boston: The complaint process",
    "http://www.bbb.org/boston/get-consumer-help/consumer-help/the-complaint-process/",
    CHECKED,
    "Some local BBBs ask the business to respond within 30 calendar days of filing.",
)

_RECEIPT = (
    "The law counts from when the issuer received your notice; gripe counts from the day you "
    "sent it, so allow a few days for the post."
)

RULES: tuple[Rule, ...] = (
    Rule(
        key="us-fcba-notice",
        jurisdiction="US",
        sectors=CARDS,
        name="Fair Credit Billing Act: billing-error notice",
        body="your card issuer's billing-inquiries address",
        kind="closes",
        does="Your written billing-error notice must reach the billing-inquiries address",
        allows="A written notice naming you, the account, the error and its amount, sent to the "
        "address for billing inquiries (not the payment address), obliges the issuer to "
        "investigate; you need not pay the disputed amount meanwhile.",
        law="Fair Credit Billing Act, 15 U.S.C. § 1666; Regulation Z, 12 CFR § 1026.13",
        sources=(_FCBA, _REG_Z),
        period=Period(60, "days"),
        counted_from="statement-date",
        met_by="sent-billing-dispute",
        if_missed="A notice that arrives later does not oblige the issuer to follow the Fair "
        "Credit Billing Act's error procedure.",
        note="The 60 days run from when the statement was sent and the notice must arrive "
        "within them: post it, by certified mail, well before the date.",
    ),
    Rule(
        key="us-fcba-acknowledge",
        jurisdiction="US",
        sectors=CARDS,
        name="Fair Credit Billing Act: acknowledgment",
        body="Your card issuer",
        kind="reply-due",
        does="Your card issuer must acknowledge your billing-error notice in writing",
        allows="The issuer must acknowledge the notice in writing within 30 days unless it has "
        "resolved the dispute by then.",
        law="15 U.S.C. § 1666(a)(3)(A); 12 CFR § 1026.13(c)(1)",
        sources=(_FCBA, _REG_Z),
        period=Period(30, "days"),
        counted_from="sent-billing-dispute",
        note=_RECEIPT,
    ),
    Rule(
        key="us-fcba-resolve",
        jurisdiction="US",
        sectors=CARDS,
        name="Fair Credit Billing Act: resolution",
        body="Your card issuer",
        kind="reply-due",
        does="Your card issuer must correct the account or explain in writing why it is right",
        allows="Within two complete billing cycles, and never more than 90 days, the issuer "
        "must correct the error (with any finance charges) or explain, and send the documents "
        "if you ask; until then it may not collect the disputed amount or report it as "
        "delinquent.",
        law="15 U.S.C. § 1666(a)(3)(B); 12 CFR § 1026.13(c)(2)",
        sources=(_FCBA, _REG_Z),
        period=Period(90, "days"),
        counted_from="sent-billing-dispute",
        note="Two complete billing cycles, which may end before the 90 days. " + _RECEIPT,
    ),
    Rule(
        key="us-reg-e-notice",
        jurisdiction="US",
        sectors=frozenset({"bank"}),
        name="Regulation E: notice of an electronic transfer error",
        body="your bank",
        kind="closes",
        does="Your bank must hear from you about an electronic transfer error",
        allows="Telling the bank (by phone or in writing) about an unauthorized or wrong "
        "electronic transfer within 60 days obliges it to investigate.",
        law="Electronic Fund Transfer Act; Regulation E, 12 CFR § 1005.11(b)",
        sources=(_REG_E, _REG_E_MODEL),
        period=Period(60, "days"),
        counted_from="statement-date",
        if_missed="After the 60 days the bank need not follow Regulation E's error procedure, "
        "and your liability for unauthorized transfers can grow (12 CFR § 1005.6).",
        note="For debit cards, ATM, online and person-to-person transfers from a bank account.",
    ),
    Rule(
        key="us-reg-e-investigate",
        jurisdiction="US",
        sectors=frozenset({"bank"}),
        name="Regulation E: investigation",
        body="Your bank",
        kind="reply-due",
        does="Your bank must finish its investigation (or credit your account provisionally)",
        allows="The bank must determine whether an error occurred within 10 business days, and "
        "correct it within one business day of finding it; to take longer it must credit your "
        "account provisionally.",
        law="12 CFR § 1005.11(c)(1)",
        sources=(_REG_E, _REG_E_MODEL),
        period=Period(10, "business-days"),
        counted_from="first-complaint",
        note="Counted from your first contact about the error, if that was your notice. "
        "Business days are counted Monday to Friday; federal holidays are not skipped, so the "
        "real date can be a day or two later.",
    ),
    Rule(
        key="us-reg-e-provisional",
        jurisdiction="US",
        sectors=frozenset({"bank"}),
        name="Regulation E: investigation with provisional credit",
        body="Your bank",
        kind="reply-due",
        does="If it credited your account provisionally, your bank must finish its investigation",
        allows="With provisional credit the bank may take up to 45 days to investigate (90 for "
        "new accounts, point-of-sale and foreign-initiated transfers).",
        law="12 CFR § 1005.11(c)(2)",
        sources=(_REG_E, _REG_E_MODEL),
        period=Period(45, "days"),
        counted_from="first-complaint",
        note="Counted from your first contact about the error, if that was your notice.",
    ),
    Rule(
        key="us-cfpb",
        jurisdiction="US",
        sectors=CONSUMER_FINANCE,
        name="Consumer Financial Protection Bureau (CFPB)",
        body="the Consumer Financial Protection Bureau (CFPB)",
        kind="right",
        does="File a complaint with the Consumer Financial Protection Bureau (CFPB)",
        allows="The CFPB sends your complaint to the company, expects an answer to you and to "
        "it, publishes the complaint without your personal details, and uses complaints to "
        "supervise companies.",
        law="CFPB complaint process",
        sources=(_CFPB, _CFPB_MANUAL),
        note="Record the day you file (gripe rights CASE --filed-cfpb DATE) and gripe counts "
        "the company's 15 and 60 days.",
    ),
    Rule(
        key="us-cfpb-response",
        jurisdiction="US",
        sectors=CONSUMER_FINANCE,
        name="CFPB complaint: the company's response",
        body="The company",
        kind="reply-due",
        does="The company should respond to your CFPB complaint",
        allows="The CFPB sends your complaint to the company and publishes it; the company "
        "responds to you and the CFPB, and you can give feedback on its answer.",
        law="CFPB complaint process",
        sources=(_CFPB, _CFPB_MANUAL),
        period=Period(15, "days"),
        counted_from="filed-cfpb",
        note="The CFPB's expected response time, not a statute; counted from the day you "
        "filed, the CFPB sends it on to the company.",
    ),
    Rule(
        key="us-cfpb-close",
        jurisdiction="US",
        sectors=CONSUMER_FINANCE,
        name="CFPB complaint: the company's final response",
        body="The company",
        kind="reply-due",
        does="The company should close your CFPB complaint",
        allows="Companies are expected to close all but the most complicated complaints within "
        "60 days.",
        law="CFPB complaint process",
        sources=(_CFPB, _CFPB_MANUAL),
        period=Period(60, "days"),
        counted_from="filed-cfpb",
        note="The CFPB's expected time, not a statute.",
    ),
    Rule(
        key="us-fcc",
        jurisdiction="US",
        sectors=COMMUNICATIONS,
        name="Federal Communications Commission (FCC)",
        body="the Federal Communications Commission (FCC)",
        kind="right",
        does="File an informal complaint with the Federal Communications Commission (FCC)",
        allows="The FCC serves billing and service complaints on the provider, which must "
        "answer you and the FCC in writing; if you are not satisfied you can file a formal "
        "complaint.",
        law="47 CFR §§ 1.716 and 1.717",
        sources=(_FCC, _FCC_RULE),
        note="Record the day you file (gripe rights CASE --filed-fcc DATE) and gripe counts the "
        "provider's 30 days.",
    ),
    Rule(
        key="us-fcc-response",
        jurisdiction="US",
        sectors=COMMUNICATIONS,
        name="FCC informal complaint: the provider's answer",
        body="Your provider",
        kind="reply-due",
        does="Your provider must answer your FCC complaint in writing",
        allows="The FCC serves billing and service complaints on the provider, which must "
        "answer you and the FCC in writing; if you are not satisfied you can file a formal "
        "complaint.",
        law="47 CFR § 1.717; FCC Consumer Complaint Center",
        sources=(_FCC, _FCC_RULE),
        period=Period(30, "days"),
        counted_from="filed-fcc",
        note="The 30 days run from when the provider receives the complaint from the FCC, which "
        "can be some days after you file; gripe counts from the day you filed.",
    ),
    Rule(
        key="us-state-utility-commission",
        jurisdiction="US",
        sectors=frozenset({"energy", "water"}),
        name="Your state's public utility commission",
        body="your state's public utility commission",
        kind="right",
        does="Take the dispute to your state's public utility commission",
        allows="After you have taken the dispute to the utility, your state's utility "
        "commission (often called the PUC or PSC) can take it up with the utility for free.",
        law="State utility commission rules",
        sources=(_ARIZONA, _MARYLAND),
        uncertain="Each state sets its own steps and deadlines (Arizona gives the utility 5 "
        "business days to answer the Commission; Maryland asks you to come within 7 days of "
        "the utility's decision), so gripe computes no date: check your state commission's "
        "rules.",
    ),
    Rule(
        key="us-bbb-response",
        jurisdiction="US",
        sectors=None,
        name="BBB complaint: the business's response",
        body="The business",
        kind="reply-due",
        does="The business is asked to respond to your BBB complaint",
        allows="The BBB forwards your complaint and asks the business to respond; it sends a "
        "second request if it does not, and usually closes the complaint within about 30 "
        "days.",
        law="BBB complaint process",
        sources=(_BBB, _BBB_LOCAL),
        period=Period(14, "days"),
        counted_from="filed-bbb",
        uncertain="Some local BBBs ask for a response within 30 days instead of 14.",
        note="Voluntary: the BBB is not a regulator and cannot make the business answer.",
    ),
)
