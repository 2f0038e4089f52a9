"""The words of the demo guidance: two guides, three pages each, true to the rules of design section 2.

Each page is a `Guide` whose `body(refs)` builds its StreamField from the blocks of demo/content_blocks.py.
`refs` holds what the bodies point at: the pages created so far (by key), the timeline image and the timeline
template document. A page links only to pages created before it, so every link is live when it is checked.
"""

from dataclasses import dataclass, field
from typing import Callable

from .content_blocks import (
    button,
    details,
    document,
    h2,
    h3,
    image,
    inset,
    link,
    page_link,
    steps,
    table,
    text,
    ul,
    warning,
)

TIMELINE_ALT = (
    "Timeline of a competition in 7 stages: publish; bids and clarifications; deadline, at least 10 calendar "
    "days after publishing; evaluate and moderate; award; standstill of 8 working days; contract signed."
)


@dataclass
class Guide:
    key: str
    title: str
    slug: str
    summary: str
    body: Callable
    related: list[str] = field(default_factory=list)  # keys of pages created before this one


# Buying through Spark


def run_a_competition(refs) -> list[dict]:
    return [
        h2("Before you start"),
        text(
            "You can run a competition on Spark once the marketplace operator has verified your organisation. "
            "You only need to do this once.",
            "Each competition runs in one category, such as ‘Data and analytics’. Every supplier admitted to "
            "that category is invited to bid. You cannot choose or leave out suppliers. Suppliers admitted to "
            "the category while your competition is open are invited too.",
            "Search the " + link("/catalogue/", "catalogue") + " first to see what suppliers in the category "
            "offer. A shortlist helps you understand the market, but it does not limit who can bid.",
        ),
        h2("Build your competition"),
        steps(
            ("Describe the problem",
             "Say what is wrong now, who it affects and why it matters. Give the evidence you have."),
            ("Set outcomes and success measures",
             "Say what must be different when the work is done, and how you will measure it. Do not describe "
             "the technology you want."),
            ("Set the budget, contract length and location",
             "Give a budget range. Suppliers use it to judge whether to bid and what they can offer."),
            ("Choose criteria and weightings",
             "Use quality, price and social value criteria. The weightings must add up to 100%. Choose the "
             "price formula and the scoring scale now: suppliers see both."),
            ("Add documents and the timeline",
             "The submission deadline must be at least 10 calendar days after you publish."),
            ("Record the conflicts assessment",
             "Before you publish, record who owns the competition, who you expect to evaluate and any operator "
             "involved, and any conflicts of interest you know of."),
            ("Preview and publish",
             "Publishing sends the invitations and publishes a tender notice."),
        ),
        h2("Plan your timeline"),
        image(refs.timeline_image, TIMELINE_ALT, "The stages of a competition and the time each one takes."),
        table(
            "Minimum times and rules at each stage",
            ["Stage", "Rule"],
            ["Time to bid", "At least 10 calendar days from publication to the submission deadline"],
            ["Clarifications", "Answers go to every invited supplier, without the asker's name"],
            ["Opening bids", "Only after the deadline has passed"],
            ["Standstill", "8 working days from the contract award notice"],
            ["Signing", "After standstill ends: the supplier signs first, then you"],
        ),
        document(refs.timeline_csv),
        h3("Times are in UK time"),
        text(
            "Spark shows every deadline in UK time and labels it. On the days the clocks change, some local "
            "times do not exist or happen twice. Spark will not accept a deadline at one of those times, so "
            "avoid setting one between 1am and 2am on those days."
        ),
        h2("While the competition is open"),
        text(
            "Suppliers can ask clarification questions. When you answer, Spark publishes the answer to every "
            "invited supplier without saying who asked. You can remove words that would identify the asker.",
            "You can change the documents or extend the deadline until the deadline passes. Spark keeps every "
            "version, tells every invited supplier and lets them revise their bids.",
        ),
        warning("You cannot read any bid before the deadline, including its price and attachments. Nobody can, "
                "including marketplace staff."),
        h2("After the deadline"),
        text(
            "Once the deadline has passed, you open the bids. Spark records who opened them and when. Your "
            "evaluators then declare conflicts of interest, score the bids and moderate their scores.",
        ),
        h2("Award, standstill and contract"),
        text(
            "You award the contract to the bid with the highest total score. You can only pass over that bid "
            "if it is excluded, does not comply with your requirements or is abnormally low, and you must give "
            "the evidence.",
            "Every bidder gets an assessment summary before the contract award notice is published. Standstill "
            "then runs for 8 working days. When it ends, Spark drafts the contract. You add the purchase order "
            "number, the start date and milestones that add up to the contract value. Contracts worth more than "
            "£5 million also need at least three key performance indicators (KPIs).",
            "The supplier signs first, then you. Spark then publishes the contract details notice.",
        ),
        h2("Milestones and payment"),
        text(
            "The supplier marks each milestone as delivered. You accept it or reject it with your reasons. Once "
            "you accept a milestone, the supplier can invoice for it. Pay each valid invoice that shows your "
            "purchase order number within 30 days of receiving it.",
        ),
        button("Start a competition", url="/buyer/competitions/new/", start=True),
    ]


def outcomes_not_specifications(refs) -> list[dict]:
    return [
        h2("Why outcomes work better"),
        text(
            "A specification tells suppliers how to solve your problem. An outcome tells them what must be "
            "different when the work is done, and leaves the how to them.",
            "Suppliers on Spark are mostly small and medium-sized businesses with new ways of doing things. If "
            "you describe one product in detail, you will get bids for that product, or something close to it. "
            "If you describe the result you need, you may get an approach you had not thought of.",
        ),
        h2("Start with the problem"),
        text(
            "Describe the problem before any outcome. Say:",
            ul("who is affected, and how many people",
               "what happens now, with figures if you have them",
               "why it matters, in cost, time, safety or people's experience",
               "any constraints that are real, such as the law, data you cannot move or systems that must stay"),
        ),
        inset(
            "Example: ‘Tenants report damp and mould after it has already damaged their health and their homes. "
            "Last winter we received 1,400 reports. We inspect on request only, so we find problems late.’",
        ),
        h2("Write outcomes"),
        text(
            "An outcome says what will change and for whom. Keep each one short. Three to five outcomes are "
            "usually enough.",
        ),
        table(
            "Specifications compared with outcomes",
            ["Instead of this specification", "Write this outcome"],
            ["A machine learning model hosted in our Azure tenancy",
             "We find homes at risk of damp and mould before tenants report it"],
            ["A chatbot on the council website",
             "Residents get answers to common council tax questions without waiting on the phone"],
            ["Drones with 40x optical zoom",
             "We inspect every bridge and culvert each year without closing roads"],
        ),
        h2("Add success measures"),
        text(
            "A success measure tells you, and the supplier, whether an outcome has been met. Give each outcome "
            "at least one.",
        ),
        h3("What a good success measure looks like"),
        text(
            ul("it can be measured, with a starting figure (the baseline)",
               "it has a target and a date",
               "you can get the data to check it"),
            "For example: ‘the share of damp and mould cases found before a complaint rises from 10% to 40% by "
            "March 2027’.",
        ),
        details(
            "How success measures carry into the contract",
            "Your outcomes and success measures become part of the contract. You accept each milestone if what "
            "was delivered meets its description and the success measures. Contracts worth more than £5 "
            "million need at least three key performance indicators (KPIs), which are published in the contract "
            "details notice.",
        ),
        h2("Things to avoid"),
        text(
            ul("naming a product, brand or supplier",
               "requiring a particular technology when it is not essential",
               "requirements that shut out small suppliers without good reason, such as high turnover "
               "thresholds for a small contract",
               "vague words such as ‘robust’, ‘seamless’ or ‘best in class’"),
            "When your outcomes are ready, go back to " + page_link(refs.pages["run"], "how to run a competition")
            + " to set criteria and weightings that match them.",
        ),
        button("Browse the catalogue", url="/catalogue/"),
    ]


def evaluating_fairly(refs) -> list[dict]:
    return [
        h2("Before anyone sees a bid"),
        text(
            "Fair evaluation starts before the bids are opened. Every evaluator must declare any conflict of "
            "interest before they can see a bid. A conflict might be a family member who works for a bidder, "
            "shares in a bidder or a recent job with one.",
        ),
        warning("An evaluator who declares a conflict with a supplier cannot see or score that supplier's bid. "
                "Each criterion must still have at least two evaluators, so assign enough people."),
        h2("How evaluation works"),
        steps(
            ("Open the bids",
             "Bids stay sealed until the deadline. After it, the competition owner opens them. Spark records "
             "who did it and when."),
            ("Declare conflicts",
             "Each evaluator says, for each bidding supplier, whether they have a conflict of interest. They "
             "do this before they see any bid."),
            ("Score independently",
             "Each evaluator scores each bid against each criterion on their own, and writes a justification. "
             "Do not discuss scores with other evaluators at this stage."),
            ("Moderate",
             "A moderator brings the evaluators together and agrees a final score for each criterion, with "
             "the reasons."),
            ("Award",
             "Spark adds up the weighted scores. The bid with the highest total wins, unless there is a "
             "recorded reason to pass it over."),
        ),
        h2("Using the scoring scale"),
        table(
            "The default scoring scale",
            ["Score", "Meaning"],
            ["0", "No answer, or the answer does not address the question"],
            ["1", "Poor: significant gaps or risks"],
            ["2", "Acceptable: meets the requirement with some gaps"],
            ["3", "Good: meets the requirement fully"],
            ["4", "Excellent: exceeds the requirement with evidence"],
        ),
        text(
            "Score each answer against the criterion, not against the other bids. Your justification should "
            "point to what the bid says, or what it leaves out.",
        ),
        h3("When evaluators disagree"),
        text(
            "Spark flags scores for the same answer that are 2 or more points apart. Moderation is a "
            "discussion, not an average: the moderator records the final score and why it was chosen.",
        ),
        h2("Price and social value"),
        text(
            "Price is scored by the formula you chose when you built the competition. Suppliers saw it before "
            "they bid, so you cannot change it now. Social value is scored like any quality criterion.",
        ),
        details(
            "What to do if a price looks abnormally low",
            "Ask the supplier to explain the price. Spark gives them 5 working days to answer. You can pass "
            "over a bid as abnormally low only after you have asked, and you must record your evidence.",
        ),
        h2("Choosing the winner"),
        text(
            "The award goes to the highest total score. You can pass over that bid only if it is excluded, "
            "does not comply with your requirements or is abnormally low. You must choose one of those reasons "
            "and give evidence. You cannot award to a supplier on the debarment list.",
        ),
        inset(
            "Every bidder receives an assessment summary with its own scores, the winning bid's scores and the "
            "reasons. Write every justification as if the supplier will read it, because they will.",
        ),
        text(
            "Good evaluation depends on good criteria. See " + page_link(refs.pages["outcomes"], "writing "
            "outcomes, not specifications") + " and " + page_link(refs.pages["run"], "how to run a competition")
            + ".",
        ),
    ]


# Selling through Spark


def how_to_join(refs) -> list[dict]:
    return [
        h2("Who can join"),
        text(
            "Spark is for businesses that offer innovative technology to the public sector. Most are small or "
            "medium-sized, but any business can apply.",
            "You can apply at any time. There is no closing date. You apply for one or more categories, such "
            "as ‘Artificial intelligence and machine learning’ or ‘Geospatial and location’.",
        ),
        h2("What you need"),
        table(
            "What to have ready before you apply",
            ["What", "Why we ask"],
            ["Your Companies House number, if you have one", "To confirm who you are"],
            ["Names of connected persons, such as directors and people with significant control",
             "Exclusion grounds apply to them as well as to your business"],
            ["Subcontractors you rely on to deliver", "Exclusion grounds apply to them too"],
            ["Your insurance, or a commitment to have it by contract award", "Buyers need to know you are covered"],
            ["Your Cyber Essentials or Cyber Essentials Plus certificate, if you have one",
             "It shows you protect your systems and data"],
            ["A short statement for each category", "To show how your solutions fit it"],
        ),
        h2("How to apply"),
        steps(
            ("Create an account", "Sign up with your work email address and confirm it."),
            ("Register your organisation",
             "Enter your organisation's details, or ask to join it if a colleague has already registered it."),
            ("Choose categories", "Choose the categories your solutions fit."),
            ("Say why your solutions fit", "Write a short statement for each category you chose."),
            ("Answer the exclusion questions",
             "Answer for your business, your connected persons and the subcontractors you rely on."),
            ("Give your insurance and Cyber Essentials details",
             "Tell us what you have now, or commit to having the insurance by contract award."),
            ("Check your answers and submit", "Confirm the declaration and submit your application."),
        ),
        warning("Answer the exclusion questions truthfully. A false or misleading declaration can itself be a "
                "reason to exclude you."),
        details(
            "If an exclusion ground applies to you",
            "Tell us, and explain what you have done to stop it happening again, such as changes to staff, "
            "processes or controls. This is called self-cleaning. We take it into account when we decide.",
        ),
        h2("What happens next"),
        text(
            "We decide your application within 10 working days of submission. Working days do not include "
            "weekends or bank holidays in England and Wales. We may extend this once, to 15 working days, and "
            "we will record why.",
            "We decide each category separately. You may be admitted to some categories and not others. If we "
            "reject a category, we tell you why. You can apply again at any time.",
        ),
        h2("Once you are admitted"),
        text(
            ul("you can list your solutions in the catalogue for that category",
               "you are invited to every competition in that category, including any open when you are admitted",
               "buyers cannot leave you out of a competition in your category"),
        ),
        inset("If we suspend your admission, your listings leave the catalogue and you cannot bid in the "
              "category until the suspension ends."),
        button("Create an account", url="/accounts/signup/", start=True),
    ]


def good_listing(refs) -> list[dict]:
    return [
        h2("What buyers look for"),
        text(
            "Buyers search the catalogue to understand what is possible before they run a competition. They "
            "want to know quickly what your solution does, who it is for, how ready it is and what it costs.",
            "Write for a busy public servant who is not a technical expert. Use short sentences and plain words.",
        ),
        h2("What to include"),
        table(
            "The parts of a listing and how to write them",
            ["Part", "Advice"],
            ["Title", "Say what it does, for example ‘Damp and mould risk model for social housing’"],
            ["Summary", "One sentence on the problem it solves and for whom"],
            ["Description", "How it works, what it connects to and what the buyer needs to provide"],
            ["Categories", "Only categories you are admitted to"],
            ["Readiness", "The technology readiness level (TRL) it has reached"],
            ["Pricing", "The pricing model and a realistic range"],
            ["Deployment and regions", "Cloud, on premises or hybrid, and where you can deliver"],
            ["Standards", "Certifications you hold now, such as ISO/IEC 27001 or Cyber Essentials"],
        ),
        h3("Title and summary"),
        text(
            "The title and summary appear in search results. Lead with the problem you solve, not your brand "
            "name or the technology.",
        ),
        inset(
            "Good: ‘Sorts incoming casework emails by topic and urgency, and routes them to the right team.’",
            "Not so good: ‘An AI-powered, next-generation omnichannel engagement platform.’",
        ),
        h3("Technology readiness level"),
        text("Be honest. Buyers run competitions for early ideas as well as proven products, and a wrong level "
             "will show up in evaluation."),
        details(
            "What the levels mean",
            ul("TRL 1 to 3: research, concept and proof of concept",
               "TRL 4 to 6: validated in a laboratory, then in a relevant environment",
               "TRL 7 and 8: demonstrated in an operational environment, then complete and qualified",
               "TRL 9: proven in real use"),
        ),
        h2("Show your evidence"),
        text(
            "Add case studies. For each one, give the kind of organisation, the problem and the outcome, with "
            "figures if you can. ‘Median time to route an email fell from three days to four hours’ is more "
            "convincing than ‘improved efficiency’.",
        ),
        h2("Before your listing appears"),
        text(
            "When you submit a listing, a marketplace operator checks it before it appears in the catalogue. "
            "They may return it with comments for you to fix.",
            "If you change a published listing, the change is checked too. Your published version stays in "
            "the catalogue until the change is approved.",
            "Your listing only appears while you are admitted, and not suspended, in at least one of its "
            "categories. If you are not admitted yet, read " + page_link(refs.pages["join"], "how to join") + ".",
        ),
        button("See the catalogue", url="/catalogue/"),
    ]


def bidding(refs) -> list[dict]:
    return [
        h2("Finding opportunities"),
        text(
            "When a buyer publishes a competition, every supplier admitted to its category is invited by "
            "email. You can also see every open competition on the " + link("/opportunities/", "opportunities")
            + " page.",
        ),
        h2("Read everything first"),
        text(
            "Before you write anything, read:",
            ul("the problem, outcomes and success measures",
               "the criteria, their weightings and the scoring scale",
               "how price will be scored",
               "the budget range, contract length and location",
               "the submission deadline, in UK time"),
        ),
        h2("Asking clarification questions"),
        text(
            "If something is unclear, ask a clarification question through Spark. The buyer publishes the "
            "answer to every invited supplier, without your name. They may remove words that would identify "
            "you, and you will see the published wording.",
            "Do not put commercially sensitive information in a question.",
        ),
        h2("Submitting your bid"),
        steps(
            ("Answer each question", "Answer against its criterion. Give evidence, not claims."),
            ("Add your price and attachments", "Prices are in pounds. VAT is shown separately."),
            ("Submit", "Spark emails you a receipt with the time it arrived and a code that identifies it."),
            ("Revise or withdraw if you need to",
             "You can do this until the deadline. The last version you submitted is the one that counts."),
        ),
        warning("The deadline is exact. A bid that arrives after it is not accepted, even by a second. Submit in "
                "good time."),
        h2("Your bid is sealed"),
        text(
            "Your bid is encrypted when you submit it. Before the deadline, nobody but your organisation can "
            "read it: not the buyer, not other suppliers and not marketplace staff. The buyer opens the bids "
            "only after the deadline.",
        ),
        h2("After the deadline"),
        table(
            "What happens after the deadline",
            ["Stage", "What you get"],
            ["Evaluation", "Nothing yet. Evaluators score bids independently, then moderate"],
            ["Award decision", "An assessment summary: your scores, the winner's and the reasons"],
            ["Standstill", "8 working days from the contract award notice before any contract is signed"],
            ["Contract", "If you won: the contract to sign, before the buyer signs"],
        ),
        details(
            "If the buyer asks you to explain your price",
            "A buyer who thinks a price is abnormally low must ask you to explain it before rejecting the bid "
            "for that reason. You have 5 working days to answer.",
        ),
        h2("Delivering and getting paid"),
        text(
            "You mark each milestone as delivered in Spark. Once the buyer accepts it, you can invoice for it. "
            "Show the buyer's purchase order number on the invoice. The buyer pays valid invoices within 30 "
            "days.",
            "The marketplace fee is a percentage of the awarded contract value. It is charged in instalments, "
            "as milestones are accepted.",
        ),
        button("Read how bids are evaluated", page=refs.pages["evaluating"]),
        button("Find opportunities", url="/opportunities/", start=True),
    ]


BUYER_GUIDES = [
    Guide("run", "How to run a competition", "how-to-run-a-competition",
          "Plan, publish and award an outcome-based competition among every supplier admitted to a category, "
          "from the problem statement to the signed contract.", run_a_competition),
    Guide("outcomes", "Writing outcomes, not specifications", "writing-outcomes",
          "Describe the problem and the results you need, and let suppliers propose how to get there. You get "
          "more innovative bids and a fairer competition.", outcomes_not_specifications, related=["run"]),
    Guide("evaluating", "Evaluating bids fairly", "evaluating-bids-fairly",
          "How evaluators declare conflicts, score bids independently and moderate, so you reach an award you "
          "can explain to every bidder.", evaluating_fairly, related=["run", "outcomes"]),
]

SUPPLIER_GUIDES = [
    Guide("join", "How to join", "how-to-join",
          "Apply to join Spark at any time, in the categories that fit your solutions. We decide within 10 "
          "working days.", how_to_join),
    Guide("listing", "Writing a good listing", "writing-a-good-listing",
          "Your listing is how buyers find you in the catalogue. Say plainly what your solution does, who it "
          "is for and what it has achieved.", good_listing, related=["join"]),
    Guide("bidding", "Bidding", "bidding",
          "Read the opportunity, ask questions and submit your bid before the deadline. Your bid stays sealed "
          "until then.", bidding, related=["join", "evaluating"]),
]

GUIDES = {
    "buyers-guide": {
        "title": "Buying through Spark",
        "audience": "buyers",
        "intro": "<p>How to find innovative technology and run a fair, outcome-based competition for it, from "
                 "the first search of the catalogue to the signed contract.</p>",
        "pages": BUYER_GUIDES,
    },
    "suppliers-guide": {
        "title": "Selling through Spark",
        "audience": "suppliers",
        "intro": "<p>How to join the marketplace, list your solutions and bid for public sector contracts.</p>",
        "pages": SUPPLIER_GUIDES,
    },
}
