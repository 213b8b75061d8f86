#!/usr/bin/env python3
"""Writes a deterministic content/ tree of N generated learning briefs that both
`bulletin build` and Hugo (with the layouts in bench/build/hugo/) can build.

    bench/build/corpus.py --briefs N --out CONTENT_DIR [--seed S]

Each brief is 3-8 KB of Markdown shaped like a real one: front matter with 1-4 of 20
themes, an audience and a summary; 4-7 sections of paragraphs, bulleted lists, a
numbered list of recommendations, 2-5 THINK blocks and 1-2 KEY blocks, links to theme
pages, to earlier briefs and to outside services, and now and then a table. The
site.yaml is the sample site's settings with the 20 themes in place of its own.

The same N and seed always give the same files. Other benchmarks can import it:

    from corpus import write_corpus, brief_markdown
"""
import argparse
import os
import random
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

THEMES = [
    ("domestic-abuse", "Domestic abuse"), ("coercive-control", "Coercive control"),
    ("professional-curiosity", "Professional curiosity"),
    ("disguised-compliance", "Disguised compliance"), ("hidden-men", "Hidden men"),
    ("voice-of-the-child", "Voice of the child"), ("supervision", "Supervision"),
    ("information-sharing", "Information sharing"), ("mental-health", "Mental health"),
    ("risk-assessment", "Risk assessment"), ("was-not-brought", "Was not brought"),
    ("substance-misuse", "Substance misuse"), ("escalation", "Escalation"),
    ("adult-safeguarding", "Adult safeguarding"), ("clares-law", "Clare's Law"),
    ("neglect", "Neglect"), ("exploitation", "Exploitation"), ("self-neglect", "Self-neglect"),
    ("transitions", "Transitions to adulthood"), ("safe-sleep", "Safe sleep"),
]
AUDIENCES = ["Social workers", "GPs", "Police", "Health visitors", "Midwives", "Teachers",
             "Probation", "Housing officers", "School nurses", "Early help workers"]
REVIEW_TYPES = ["CSPR", "SAR", "DHR", "multi-agency audit"]
WORDS = """assessment family child parent school health visit record referral plan meeting risk
concern practitioner agency review father mother partner baby worker nurse housing police injury
neglect drugs alcohol support service threshold strategy discussion history professional judgement
chronology escalation supervision reflection curiosity voice wishes feelings attendance appointment
consent information sharing safety planning hidden men stepfather lodger boyfriend visitor
disclosure coercive controlling behaviour isolation monitoring finances threats violence injury
bruising fracture hospital emergency department paediatric midwife health visitor school nurse
designated safeguarding lead teacher attendance exclusion home education missing exploitation
county lines criminal sexual online grooming trafficking modern slavery asylum interpreter
language culture faith community housing eviction homelessness temporary accommodation debt
benefits poverty food bank mental health depression anxiety psychosis self harm suicide
overdose treatment recovery relapse probation licence prison release offender management
multi agency risk conference independent advocate refuge helpline outreach perpetrator
programme behaviour change contact court order child arrangements special guardianship kinship
carer foster placement residential care leaver transition adult social care section enquiry
capacity best interests deprivation liberty dementia carer stress hoarding self neglect
""".split()
NAMES = ["Child", "Baby", "Adult", "Family", "Ms", "Mr", "Young person"]
SECTIONS = ["Background", "What happened", "What we learned", "What agencies have done",
            "The child's experience", "Working together", "What good practice looks like",
            "Further reading"]
EXTERNAL = ["https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
            "https://www.nspcc.org.uk/", "https://safelives.org.uk/", "https://www.scie.org.uk/",
            "https://www.refuge.org.uk/", "https://www.england.nhs.uk/safeguarding/"]


def brief_slug(i):
    return "generated-%05d" % i


class Writer:
    """Random text over a vocabulary that grows with the corpus, as real sites gain names
    and places."""

    def __init__(self, rng, count):
        self.rng = rng
        self.vocab = WORDS + ["place%s" % format(i, "x") for i in range(max(1, count // 4))]

    def sentence(self, low=8, high=18):
        words = [self.rng.choice(self.vocab) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def bullets(self):
        return "\n".join("- " + self.sentence(4, 10) for _ in range(self.rng.randint(3, 5)))


def brief_markdown(i, count, rng):
    """The Markdown text of brief number i (of count), drawing on rng."""
    w = Writer(rng, count)
    slug_themes = sorted(rng.sample([t[0] for t in THEMES], rng.randint(1, 4)))
    audience = sorted(rng.sample(AUDIENCES, rng.randint(1, 4)))
    name = "%s %s%d" % (rng.choice(NAMES), chr(65 + i % 26), i)
    title = "%s: %s and %s" % (name, rng.choice(WORDS), rng.choice(WORDS))
    front = [
        "---",
        'title: "%s"' % title,
        "date: %04d-%02d-%02d" % (2015 + i % 11, 1 + i % 12, 1 + i % 28),
        "review_type: %s" % rng.choice(REVIEW_TYPES),
        "themes: [%s]" % ", ".join(slug_themes),
        "audience: [%s]" % ", ".join(audience),
        "summary: >-\n  %s" % w.sentence(),
        "---",
    ]
    sections = rng.sample(SECTIONS, rng.randint(4, 7))
    thinks = rng.randint(2, 5)
    keys = rng.randint(1, 2)
    body = []
    for n, heading in enumerate(sections):
        body.append("## " + heading)
        for _ in range(rng.randint(1, 2)):
            body.append(w.paragraph())
        if rng.random() < 0.5:
            body.append(w.bullets())
        if n == 0:
            theme = rng.choice(slug_themes)
            body.append("See also [other briefs on this theme](/themes/%s/)." % theme)
        if i > 0 and rng.random() < 0.3:
            other = rng.randrange(i)
            body.append("This echoes [an earlier brief](/briefs/%s/)." % brief_slug(other))
        if rng.random() < 0.25:
            body.append("Guidance: [%s](%s)." % (w.sentence(2, 4)[:-1], rng.choice(EXTERNAL)))
        if keys and rng.random() < 0.5:
            body.append("> [!KEY]\n> " + w.sentence())
            keys -= 1
    if rng.random() < 0.15:
        rows = ["| Agency | Contacts | Shared |", "|---|---|---|"]
        for _ in range(rng.randint(3, 6)):
            rows.append("| %s | %d | %s |" % (rng.choice(AUDIENCES), rng.randint(1, 30),
                                               rng.choice(["yes", "no", "partly"])))
        body.append("\n".join(rows))
    for _ in range(keys):
        body.append("> [!KEY]\n> " + w.sentence())
    body.append("## Recommendations")
    body.append("\n".join("%d. %s" % (n + 1, w.sentence()) for n in range(rng.randint(3, 6))))
    body.append("## Think: for your next team meeting")
    for _ in range(thinks):
        body.append("> [!THINK]\n> " + w.sentence())
    return "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


def site_yaml():
    """The sample site's site.yaml with the corpus's 20 themes in place of its own."""
    with open(os.path.join(ROOT, "content", "site.yaml"), encoding="utf-8") as f:
        text = f.read()
    themes = "themes:\n" + "".join(
        "  - slug: %s\n    name: %s\n    description: Learning about %s.\n"
        % (slug, '"%s"' % name, name.lower()) for slug, name in THEMES)
    # Replace the top-level themes: block (up to the next top-level key).
    return re.sub(r"^themes:\n(?:[ #].*\n|\n)*", themes, text, count=1, flags=re.M)


def write_corpus(out, count, seed=20260601):
    """Writes count briefs, site.yaml and static files into the content folder `out`."""
    rng = random.Random(seed + count)
    briefs = os.path.join(out, "briefs")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(briefs)
    with open(os.path.join(out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site_yaml())
    shutil.copytree(os.path.join(ROOT, "content", "static"), os.path.join(out, "static"))
    for i in range(count):
        with open(os.path.join(briefs, brief_slug(i) + ".md"), "w", encoding="utf-8") as f:
            f.write(brief_markdown(i, count, rng))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--briefs", type=int, required=True)
    ap.add_argument("--out", required=True, help="the content folder to (re)create")
    ap.add_argument("--seed", type=int, default=20260601)
    args = ap.parse_args()
    write_corpus(args.out, args.briefs, args.seed)


if __name__ == "__main__":
    main()
