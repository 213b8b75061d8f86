#!/usr/bin/env python3
"""Writes a deterministic corpus of N generated learning briefs for the search benchmark.

    generate_corpus.py COUNT OUT_CONTENT_DIR [--source REPO]

The content folder gets the sample site's site.yaml and static files, and COUNT briefs in
content/briefs/ with front matter, headings, KEY and THINK blocks, on the sample themes.
The same COUNT always gives the same files.
"""
import argparse
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
import corpus  # noqa: E402

THEMES = ["domestic-abuse", "coercive-control", "professional-curiosity", "disguised-compliance",
          "hidden-men", "voice-of-the-child", "supervision", "information-sharing", "mental-health",
          "risk-assessment", "was-not-brought", "substance-misuse", "escalation",
          "adult-safeguarding", "clares-law"]
AUDIENCES = ["Social workers", "GPs", "Police", "Health visitors", "Midwives", "Teachers",
             "Probation", "Housing officers", "School nurses", "Early help workers"]
WORDS = corpus.WORDS  # shared with the build benchmark's corpus
NAMES = ["Child", "Baby", "Adult", "Family", "Ms", "Mr", "Young person"]


def sentence(rng, vocab):
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, vocab):
    return " ".join(sentence(rng, vocab) for _ in range(rng.randint(2, 4)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    args = parser.parse_args()
    rng = random.Random(20260601 + args.count)
    # A vocabulary that grows with the corpus, as real sites gain names and places.
    vocab = WORDS + ["place%s" % format(i, "x") for i in range(args.count // 4)]
    briefs = os.path.join(args.out, "briefs")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(briefs)
    shutil.copy(os.path.join(args.source, "content", "site.yaml"), args.out)
    shutil.copytree(os.path.join(args.source, "content", "static"), os.path.join(args.out, "static"))
    for i in range(args.count):
        themes = sorted(set(rng.sample(THEMES, rng.randint(1, 3))))
        audience = sorted(set(rng.sample(AUDIENCES, rng.randint(1, 4))))
        name = "%s %s%d" % (rng.choice(NAMES), chr(65 + i % 26), i)
        title = "%s: %s and %s" % (name, rng.choice(WORDS), rng.choice(WORDS))
        body = [
            "## Background", paragraph(rng, vocab), paragraph(rng, vocab),
            "## What happened", paragraph(rng, vocab), paragraph(rng, vocab), paragraph(rng, vocab),
            "## What we learned", paragraph(rng, vocab), paragraph(rng, vocab),
            "> [!KEY]\n> " + sentence(rng, vocab),
            "## Think: for your next team meeting",
            "> [!THINK]\n> " + sentence(rng, vocab),
            "> [!THINK]\n> " + sentence(rng, vocab),
            "## What agencies have done", paragraph(rng, vocab),
        ]
        front = [
            "---",
            'title: "%s"' % title,
            "date: %04d-%02d-%02d" % (2015 + i % 11, 1 + i % 12, 1 + i % 28),
            "review_type: %s" % rng.choice(["CSPR", "SAR", "DHR", "multi-agency audit"]),
            "themes: [%s]" % ", ".join(themes),
            "audience: [%s]" % ", ".join(audience),
            "summary: >-\n  %s" % sentence(rng, WORDS),
            "---",
        ]
        with open(os.path.join(briefs, "generated-%05d.md" % i), "w", encoding="utf-8") as f:
            f.write("\n".join(front) + "\n\n" + "\n\n".join(body) + "\n")


if __name__ == "__main__":
    main()
