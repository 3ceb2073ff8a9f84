"""United Kingdom: ombudsmen, schemes and statutory clocks, each with the sources it was checked
against on 2026-12-01 (the stored copies of the pages named below).

Where a source could be read only in part, or only a secondary source gave a fact, the rule says
so in ``uncertain``; it is never left out silently and never filled in from memory.
"""

from __future__ import annotations

from datetime import date

from gripe.rights.rules import Period, Rule, Source

CHECKED = date(2026, 12, 1)

FINANCIAL = frozenset({"bank", "credit-card", "store-card", "loan", "insurance"})
TELECOMS = frozenset({"broadband", "mobile", "landline"})

_DISP_2_8 = Source(
    "FCA Handbook DISP 2.8.1R and 2.8.2R (version in force from 2 April 2024)",
    "https://handbook.fca.org.uk/handbook/DISP/2/8.html?date=2024-04-02",
    CHECKED,
    "The Ombudsman can consider a complaint once the firm has sent its final response, or "
    "eight weeks after the firm received it (payment services and e-money: 15 business days, "
    "35 after a holding response); not if it is referred more than six months after the "
    "final response.",
)
_DISP_1_6 = Source(
    "FCA Handbook DISP 1.6.2R (version of 14 February 2012)",
    "https://handbook.fca.org.uk/handbook/DISP/1/6.html?date=2012-02-14",
    CHECKED,
    "By the end of eight weeks after receiving a complaint the firm must send a final response "
    "(telling the complainant to refer it to the Financial Ombudsman Service within six "
    "months) or explain why it cannot yet.",
)
_FOS_SIX_MONTHS = Source(
    "Financial Ombudsman Service technical note: the six-month time limit",
    "https://www.financial-ombudsman.org.uk/publications/technical_notes/six-month-time-limit.htm",
    CHECKED,
    "DISP 2.8.2R(1): the ombudsman cannot consider a complaint referred more than six months "
    "after the final response, unless the delay was due to exceptional circumstances or the "
    "business consents.",
)
_OFCOM_ADR_HELP = Source(
    "Ofcom: At what stage can I take my complaint to the ADR scheme?",
    "http://ask.ofcom.org.uk/help/services-and-billing/complaint_adr",
    CHECKED,
    "A consumer can take a complaint to ADR eight weeks after first making it, or earlier with "
    "a deadlock letter; after a deadlock letter there are 12 months to take it to ADR.",
)
_OFCOM_GC_C4 = Source(
    "Ofcom General Condition C4 (complaints handling and dispute resolution)",
    "https://ofcom.org.uk/phones-and-broadband/coverage-and-speeds/codes-of-practice",
    CHECKED,
    "Under GC C4.3 providers must belong to, and comply with, an approved ADR scheme; GC C4.2 "
    "requires the Ofcom Approved Complaints Code.",
)
_OFCOM_SIX_WEEKS = Source(
    "Ofcom news, 9 July 2025: Quicker complaints resolution for telecoms customers "
    "(republished by Wired-Gov)",
    "https://www.wired-gov.net/wg/news.nsf/articles/quicker+complaints+resolution+for+telecoms"
    "+customers+under+new+ofcom+rules+09072025101500?open",
    CHECKED,
    "Ofcom reduces the time before consumers can access ADR from eight weeks to six; the change "
    "comes into effect from April 2026. Trade press reporting the decision (Tech Digest, "
    "8 July 2025) gives the date as 8 April 2026.",
)
_ENERGY_OMBUDSMAN = Source(
    "Energy Ombudsman: Who the energy ombudsman can help",
    "https://ombudsman-services.org/sectors/energy/who-can-we-help",
    CHECKED,
    "The company has up to eight weeks to resolve the problem; the ombudsman can be approached "
    "after a deadlock (final position) letter, or once at least eight weeks have passed since "
    "the first complaint.",
)
_WATER_GSS = Source(
    "The Water Supply and Sewerage Services (Customer Service Standards) Regulations 2008, "
    "regulation 7 (as made)",
    "https://www.legislation.gov.uk/uksi/2008/594/regulation/7/made",
    CHECKED,
    "A water company must give a substantive reply to a written complaint or account query "
    "within 10 working days, the first day being the day after it receives it, or pay £20.",
)
_CCW = Source(
    "Consumer Council for Water: further help if you remain dissatisfied",
    "https://www.ccwater.org.uk/make-a-complaint/further-help-if-you-remain-dissatisfied/",
    CHECKED,
    "After the water company's complaints procedure, CCW can take up the complaint; WATRS is "
    "open only after CCW's involvement.",
)
_WATRS = Source(
    "WATRS (run by CEDR): What is WATRS?",
    "https://www.cedr.com/consumer/watrs/",
    CHECKED,
    "Customers apply to WATRS after the company's procedure and CCW, within six months from the "
    "date of CCW's closure letter.",
)
_CRA_22 = Source(
    "Consumer Rights Act 2015, section 22 (as enacted; Explanatory Notes paras. 128 to 131)",
    "https://www.legislation.gov.uk/ukpga/2015/15/section/22/enacted",
    CHECKED,
    "The short-term right to reject ends 30 days beginning with the first day after ownership "
    "has passed, the goods are delivered and any installation is done; the period pauses "
    "while a repair or replacement is awaited.",
)
_CCR_2013 = Source(
    "The Consumer Contracts (Information, Cancellation and Additional Charges) Regulations "
    "2013, Part 3",
    "https://www.legislation.gov.uk/uksi/2013/3134/part/3",
    CHECKED,
    "Part 3 (the right to cancel) applies to distance and off-premises contracts between a "
    "trader and a consumer.",
)
_CCR_GUIDE = Source(
    "mylawyer.co.uk: Cancellation periods (a guide to the 2013 Regulations)",
    "https://www.mylawyer.co.uk/cancellation-periods-a-A76062D77401/",
    CHECKED,
    "The normal cancellation period ends 14 calendar days after the day the consumer is "
    "physically given the goods; it is extended by up to 12 months if the trader did not give "
    "the information on the right to cancel.",
)
_PD_PAC = Source(
    "Civil Procedure Rules: Practice Direction on Pre-Action Conduct and Protocols, paragraph 6",
    "https://www.justice.gov.uk/courts/procedure-rules/civil/rules/pd_pre-action_conduct",
    CHECKED,
    "Before issuing a claim the claimant writes with concise details of the claim and the "
    "defendant responds within a reasonable time: 14 days in a straightforward case, no more "
    "than 3 months in a very complex one.",
)
_CPR_26 = Source(
    "Civil Procedure Rules r. 26.6, as quoted by Credit Hire Barrister (Part 26 itself was not "
    "among the stored pages)",
    "https://credithirebarrister.com/procedure/51st-state/",
    CHECKED,
    "The small claims track is the normal track for claims of not more than £10,000 "
    "(England and Wales).",
)
_CCA_75 = Source(
    "Consumer Credit Act 1974, section 75 (full text as quoted by Ocean Finance)",
    "https://www.oceanfinance.co.uk/blog/section-75-of-the-consumer-credit-act-1974-what-does-"
    "it-mean-for-you-0-4443-0.htm",
    CHECKED,
    "The creditor is jointly and severally liable with the supplier for misrepresentation or "
    "breach of contract, except for a single item with a cash price of £100 or less or more "
    "than £30,000 (s. 75(3)(b)).",
)
_OFT_75 = Source(
    "Office of Fair Trading (archived): Equal liability under section 75",
    "https://webarchive.nationalarchives.gov.uk/20140402163517/http:/oft.gov.uk/about-the-oft/"
    "legal-powers/legal/cca/equal-liability",
    CHECKED,
    "Section 75 applies to purchases on credit cards and retail credit with a cash price over "
    "£100 and up to £30,000; not to charge cards, debit cards or credit card cheques.",
)

_POST = (
    "Counted from when the company received your complaint; gripe uses the date you first "
    "contacted them."
)

RULES: tuple[Rule, ...] = (
    Rule(
        key="uk-fos-opens",
        jurisdiction="UK",
        sectors=FINANCIAL,
        name="Financial Ombudsman Service",
        body="the Financial Ombudsman Service",
        kind="opens",
        does="You can take this to the Financial Ombudsman Service",
        allows="The ombudsman can consider your complaint for free; its decision binds the "
        "firm if you accept it.",
        law="FCA DISP 2.8.1R",
        sources=(_DISP_2_8, _DISP_1_6),
        period=Period(8, "weeks"),
        counted_from="first-complaint",
        early="final-response",
        note=_POST,
    ),
    Rule(
        key="uk-fos-payment-services-opens",
        jurisdiction="UK",
        sectors=frozenset({"bank"}),
        name="Financial Ombudsman Service (payment services)",
        body="the Financial Ombudsman Service",
        kind="opens",
        does="For a complaint about a payment service, you can take this to the Financial "
        "Ombudsman Service",
        allows="For complaints about payment services or e-money (a card payment, a transfer, "
        "a direct debit) the firm has 15 business days, or 35 if it sent a holding reply.",
        law="FCA DISP 2.8.1R(2A)",
        sources=(_DISP_2_8,),
        period=Period(15, "business-days"),
        counted_from="first-complaint",
        early="final-response",
        note="Only for payment-services and e-money complaints; if the firm sent a holding "
        "reply it has 35 business days. Business days here are Monday to Friday: bank "
        "holidays are not skipped, so the real date can be a day or two later.",
    ),
    Rule(
        key="uk-fos-closes",
        jurisdiction="UK",
        sectors=FINANCIAL,
        name="Financial Ombudsman Service: six-month limit",
        body="the Financial Ombudsman Service",
        kind="closes",
        does="Refer your complaint to the Financial Ombudsman Service",
        allows="After a final response you have six months to refer the complaint to the "
        "ombudsman.",
        law="FCA DISP 2.8.2R(1)",
        sources=(_DISP_2_8, _FOS_SIX_MONTHS),
        period=Period(6, "months"),
        counted_from="final-response",
        if_missed="After that the ombudsman can consider it only in exceptional circumstances "
        "or if the firm consents.",
    ),
    Rule(
        key="uk-telecoms-adr-opens-8-weeks",
        clock="uk-telecoms-adr-opens",
        jurisdiction="UK",
        sectors=TELECOMS,
        name="Telecoms ADR (Communications Ombudsman or CISAS)",
        body="your provider's ADR scheme (the Communications Ombudsman or CISAS)",
        kind="opens",
        does="You can take this to your provider's ADR scheme (the Communications Ombudsman "
        "or CISAS)",
        allows="The ADR scheme looks at both sides for free and can order the provider to put "
        "things right or pay you; its decision binds the provider if you accept it.",
        law="Ofcom General Condition C4",
        sources=(_OFCOM_ADR_HELP, _OFCOM_GC_C4),
        period=Period(8, "weeks"),
        counted_from="first-complaint",
        early="final-response",
        in_force_until=date(2026, 4, 7),
        note="Your provider's letters name its scheme; it belongs to one of the two.",
    ),
    Rule(
        key="uk-telecoms-adr-opens-6-weeks",
        clock="uk-telecoms-adr-opens",
        jurisdiction="UK",
        sectors=TELECOMS,
        name="Telecoms ADR (Communications Ombudsman or CISAS)",
        body="your provider's ADR scheme (the Communications Ombudsman or CISAS)",
        kind="opens",
        does="You can take this to your provider's ADR scheme (the Communications Ombudsman "
        "or CISAS)",
        allows="The ADR scheme looks at both sides for free and can order the provider to put "
        "things right or pay you; its decision binds the provider if you accept it.",
        law="Ofcom General Condition C4 (six weeks from April 2026)",
        sources=(_OFCOM_SIX_WEEKS, _OFCOM_ADR_HELP, _OFCOM_GC_C4),
        period=Period(6, "weeks"),
        counted_from="first-complaint",
        early="final-response",
        in_force_from=date(2026, 4, 8),
        uncertain="Ofcom's own announcement says the six weeks apply from April 2026; the day "
        "(8 April 2026) comes from press reports of its statement, and how complaints made "
        "before then are treated was not confirmed.",
        note="Your provider's letters name its scheme; it belongs to one of the two.",
    ),
    Rule(
        key="uk-telecoms-adr-closes",
        jurisdiction="UK",
        sectors=TELECOMS,
        name="Telecoms ADR: 12 months after a deadlock letter",
        body="your provider's ADR scheme (the Communications Ombudsman or CISAS)",
        kind="closes",
        does="Take this to your provider's ADR scheme",
        allows="After a deadlock letter you have 12 months to go to ADR; without one there is "
        "no such limit.",
        law="Ofcom (ADR after a deadlock letter)",
        sources=(_OFCOM_ADR_HELP,),
        period=Period(12, "months"),
        counted_from="final-response",
        if_missed="After that the scheme may refuse the complaint.",
    ),
    Rule(
        key="uk-energy-ombudsman-opens",
        jurisdiction="UK",
        sectors=frozenset({"energy"}),
        name="Energy Ombudsman",
        body="the Energy Ombudsman",
        kind="opens",
        does="You can take this to the Energy Ombudsman",
        allows="The Energy Ombudsman investigates for free and can require the supplier to "
        "apologise, explain, put things right or pay you.",
        law="Energy Ombudsman's rules on when it can help",
        sources=(_ENERGY_OMBUDSMAN,),
        period=Period(8, "weeks"),
        counted_from="first-complaint",
        early="final-response",
        note="The Energy Ombudsman also has a deadline for bringing a complaint, but the stored "
        "copy of its page was cut off before it, so gripe does not compute it: check "
        "energyombudsman.org before you wait long after a deadlock letter.",
    ),
    Rule(
        key="uk-water-reply-due",
        jurisdiction="UK",
        sectors=frozenset({"water"}),
        name="Water company: reply to a written complaint",
        body="The water company",
        kind="reply-due",
        does="The water company must give a substantive reply",
        allows="If the company misses the 10 working days it must pay you £20 without being "
        "asked (Guaranteed Standards Scheme).",
        law="Water Supply and Sewerage Services (Customer Service Standards) Regulations 2008, "
        "reg. 7",
        sources=(_WATER_GSS,),
        period=Period(10, "business-days"),
        counted_from="first-written-complaint",
        uncertain="The £20 is the amount in the regulations as made in 2008; the 2025 amending "
        "regulations may have changed it.",
        note="England and Wales. Counted from the day after the company received your written "
        "complaint; gripe counts from the day you wrote, Monday to Friday, without skipping "
        "bank holidays.",
    ),
    Rule(
        key="uk-ccw-opens",
        jurisdiction="UK",
        sectors=frozenset({"water"}),
        name="Consumer Council for Water (CCW)",
        body="the Consumer Council for Water (CCW)",
        kind="opens",
        does="You can take this to the Consumer Council for Water (CCW)",
        allows="CCW takes up an unresolved complaint with the water company for free; WATRS is "
        "open only after CCW.",
        law="CCW complaint process",
        sources=(_CCW,),
        counted_from="final-response",
        period=Period(0, "days"),
        note="Once you have been through the water company's own complaints procedure.",
    ),
    Rule(
        key="uk-watrs-closes",
        jurisdiction="UK",
        sectors=frozenset({"water"}),
        name="Water Redress Scheme (WATRS)",
        body="the Water Redress Scheme (WATRS)",
        kind="closes",
        does="Apply to the Water Redress Scheme (WATRS)",
        allows="A WATRS adjudicator decides on the documents; the decision binds the water "
        "company if you accept it (awards up to £10,000 for households).",
        law="WATRS scheme rules",
        sources=(_WATRS, _CCW),
        period=Period(6, "months"),
        counted_from="ccw-letter",
        if_missed="After six months from CCW's letter WATRS will not take the application.",
    ),
    Rule(
        key="uk-cra-short-term-reject",
        jurisdiction="UK",
        sectors=frozenset({"retail"}),
        name="Short-term right to reject faulty goods",
        body="the retailer",
        kind="closes",
        does="Reject faulty goods for a full refund",
        allows="Goods that are faulty, not as described or unfit for purpose can be rejected "
        "for a full refund, due within 14 days of the trader agreeing.",
        law="Consumer Rights Act 2015, s. 22",
        sources=(_CRA_22,),
        period=Period(30, "days"),
        counted_from="delivered",
        if_missed="After 30 days you can still ask for a repair or replacement, then a price "
        "reduction or the final right to reject (Consumer Rights Act 2015, ss. 23 and 24).",
        note="The 30 days pause while you wait for a repair or replacement you asked for; they "
        "start after installation when the trader installs the goods.",
    ),
    Rule(
        key="uk-ccr-cancel",
        jurisdiction="UK",
        sectors=frozenset({"retail"}),
        name="Cancelling an online, phone or doorstep purchase",
        body="the retailer",
        kind="closes",
        does="Cancel an online, phone or doorstep purchase without giving a reason",
        allows="Goods bought at a distance or off the trader's premises can be returned for a "
        "refund without giving any reason.",
        law="Consumer Contracts Regulations 2013, regs. 29 and 30",
        sources=(_CCR_2013, _CCR_GUIDE),
        uncertain="The stored copy of the Regulations did not show regulation 30's text; the "
        "14 days after delivery come from a guide to them.",
        period=Period(14, "days"),
        counted_from="delivered",
        note="Only for distance and off-premises contracts (not a purchase in a shop); 12 months "
        "longer if the trader never told you about the right to cancel.",
    ),
    Rule(
        key="uk-letter-before-claim",
        jurisdiction="UK",
        sectors=None,
        name="Letter before claim (small claims)",
        body="the County Court (small claims track)",
        kind="opens",
        does="You can start a small claim in the County Court",
        allows="After your letter before claim the company should answer within a reasonable "
        "time (14 days in a straightforward case); then you can issue a claim. Claims up to "
        "£10,000 normally go to the small claims track.",
        law="Practice Direction on Pre-Action Conduct, para. 6; CPR Part 26",
        sources=(_PD_PAC, _CPR_26),
        period=Period(14, "days"),
        counted_from="sent-final-notice",
        uncertain="The stored copy of the Practice Direction did not show paragraph 6's text; "
        "its 14 days come from guides quoting it (LexisNexis, study notes), and the £10,000 "
        "small claims limit from a quotation of CPR r. 26.6.",
        note="England and Wales; Scotland and Northern Ireland have their own small claims rules.",
    ),
    Rule(
        key="uk-section-75",
        jurisdiction="UK",
        sectors=frozenset({"credit-card", "store-card"}),
        name="Section 75: the card issuer is liable too",
        body="your credit card issuer",
        kind="right",
        does="Claim from your card issuer under section 75",
        allows="For a single item costing more than £100 and up to £30,000 bought on credit, "
        "the card issuer is equally liable for the seller's breach of contract or "
        "misrepresentation.",
        law="Consumer Credit Act 1974, s. 75",
        sources=(_CCA_75, _OFT_75),
        uncertain="For a store card, section 75 applies only where the credit comes from a "
        "lender other than the store itself (a debtor-creditor-supplier agreement).",
    ),
)
