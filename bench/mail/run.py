#!/usr/bin/env python3
"""Mail throughput: N messages put in the outbox of a fresh database, then `bulletin serve`
started with --smtp-url pointing at the tests' SMTP server (tests/mail/smtp_sink.py, Debian's
python3-aiosmtpd) on loopback, timed from its first delivery to its last. One sender thread,
one connection kept open, each outcome committed (fsync) before the next message.

Usage: bench/mail/run.py [--bulletin PATH] [--messages N]

Sign-in requests per second (with p99) are printed here once /sign-in exists (#15 part 2).
"""
import argparse
import email.message
import email.policy
import email.utils
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start_sink(folder):
    sink = subprocess.Popen(["/usr/bin/python3", os.path.join(REPO, "tests/mail/smtp_sink.py"),
                             folder], stdout=subprocess.PIPE, text=True)
    line = sink.stdout.readline()
    if not line.startswith("port "):
        sys.exit("bench/mail: the SMTP server did not start (needs python3-aiosmtpd)")
    return sink, int(line.split()[1])


def make_database(bulletin, db, content):
    # Any admin command that writes the database creates it with the current schema; the
    # test message itself is written as an .eml file beside it.
    subprocess.run([bulletin, "admin", "mail-test", "--to", "bench@example.org", "--db", db,
                    "--content", content], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def queue(db, n):
    con = sqlite3.connect(db)
    now = int(time.time())
    rows = []
    for i in range(n):
        m = email.message.EmailMessage(policy=email.policy.SMTP)
        m["From"] = "Bench Partnership <no-reply@example.org>"
        m["To"] = f"staff{i}@example.org"
        m["Subject"] = f"Your training is due soon ({i})"
        m["Date"] = email.utils.formatdate(now)
        mid = f"bench{i:08d}@example.org"
        m["Message-ID"] = f"<{mid}>"
        m.set_content("Your training is due soon.\n" * 20)
        m.add_alternative("<p>Your training is due soon.</p>" * 20, subtype="html")
        rows.append((mid, "bench", "no-reply@example.org", f"staff{i}@example.org",
                     m.as_bytes(), now, now))
    con.executemany("INSERT INTO mail_outbox(message_id, kind, envelope_from, recipient, content,"
                    " created_at, next_try_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def sent(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM mail_outbox WHERE state = 'sent'").fetchone()[0]
    finally:
        con.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulletin", default=os.path.join(REPO, "build/generator/cli/bulletin"))
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-mail-")
    sink = serve = None
    try:
        sink, port = start_sink(os.path.join(work, "sink"))
        db = os.path.join(work, "data", "bulletin.db")
        content = os.path.join(REPO, "content")
        make_database(args.bulletin, db, content)
        queue(db, args.messages)
        os.makedirs(os.path.join(work, "site"))
        serve = subprocess.Popen([args.bulletin, "serve", "--site", os.path.join(work, "site"),
                                  "--content", content, "--templates",
                                  os.path.join(REPO, "templates"), "--db", db, "--port", "0",
                                  "--smtp-url", f"smtp://127.0.0.1:{port}"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = None
        start_count = 0
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            n = sent(db)
            if first is None and n > 0:
                first, start_count = time.monotonic(), n
            if n == args.messages:
                break
            time.sleep(0.02)
        last = time.monotonic()
        n = sent(db)
        if n != args.messages or first is None:
            sys.exit(f"bench/mail: only {n} of {args.messages} messages were sent")
        rate = (n - start_count) / max(last - first, 1e-9)
        delivered = len([f for f in os.listdir(os.path.join(work, "sink", "messages"))
                         if f.endswith(".eml")])
        print(f"mail: {n} messages, outbox -> SMTP (aiosmtpd on loopback), one sender: "
              f"{rate:.0f} messages/s ({delivered} received by the server)")
        print("sign-in: not measured yet (/sign-in is #15 part 2)")
    finally:
        for p in (serve, sink):
            if p:
                p.terminate()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
