#!/usr/bin/env python3
"""Mail throughput: N messages put in the outbox of a fresh database, then `bulletin serve`
started with --smtp-url pointing at the tests' SMTP server (tests/mail/smtp_sink.py, Debian's
python3-aiosmtpd) on loopback, timed from its first delivery to its last. One sender thread,
one connection kept open, each outcome committed (fsync) before the next message.

Then sign-in requests: POST /sign-in from 8 concurrent clients over keep-alive connections,
each for a different address in an organisation's email domain (each writes a link and its
message in one transaction, the most a request does), from different client addresses
(X-Forwarded-For, which serve trusts from loopback) so the throttle does not refuse them.
Prints requests per second and the 50th and 99th percentile latency.

Usage: bench/mail/run.py [--bulletin PATH] [--messages N] [--sign-ins N]
"""
import argparse
import concurrent.futures
import email.message
import http.client
import re
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


def sign_in_bench(port, total, clients=8):
    """POSTs /sign-in `total` times from `clients` threads; returns (per second, p50, p99 ms)."""
    def worker(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        times = []
        for i in range(index, total, clients):
            body = f"email=bench{i}%40northmoor.police.example.org.uk"
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "Origin": f"http://127.0.0.1:{port}",
                       "X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"}
            started = time.perf_counter()
            conn.request("POST", "/sign-in", body, headers)
            response = conn.getresponse()
            response.read()
            times.append(time.perf_counter() - started)
            if response.status != 200:
                raise RuntimeError(f"POST /sign-in answered {response.status}")
        conn.close()
        return times
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        times = sorted(t for chunk in pool.map(worker, range(clients)) for t in chunk)
    elapsed = time.perf_counter() - started
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
    return len(times) / elapsed, pick(0.50), pick(0.99)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulletin", default=os.path.join(REPO, "build/generator/cli/bulletin"))
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--sign-ins", type=int, default=1000)
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
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        serving = serve.stdout.readline()
        match = re.search(r"127\.0\.0\.1:([0-9]+)/", serving)
        if not match:
            sys.exit(f"bench/mail: bulletin serve did not start: {serving!r}")
        http_port = int(match.group(1))
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
        per_second, p50, p99 = sign_in_bench(http_port, args.sign_ins)
        print(f"sign-in: {args.sign_ins} POST /sign-in from 8 clients, each a link and its "
              f"message: {per_second:.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    finally:
        for p in (serve, sink):
            if p:
                p.terminate()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
