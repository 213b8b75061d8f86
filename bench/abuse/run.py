#!/usr/bin/env python3
"""The attacks of issue #18 repeated against a real `bulletin serve` on loopback, with its
default limits, while an ordinary client keeps using the site from another address.

For each attack prints what was tried, the ordinary client's success rate and p99 latency
during it, and the server's peak and after resident memory (VmRSS from /proc). Loopback
only: every client address is in 127.0.0.0/8 (Linux routes all of it to lo), and every
loop is bounded. Not part of the test command; see bench/README.md for the figures.

Usage: bench/abuse/run.py [--bulletin PATH] [--seconds N]
"""
import argparse
import http.client
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORDINARY = "127.0.0.3"
ATTACKER = "127.0.0.2"
PASSWORD = "abuse-bench-password-long"
QUIZ = "coercive-control-awareness"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    """Samples the server's VmRSS every 50 ms while an attack runs."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, rss_kib(pid), threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.05)


def connect(port, source, timeout=5):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


class Ordinary:
    """A well-behaved client: one request per new connection (at most 20 a second, within
    the per-client connection rate), until stopped."""

    def __init__(self, port, request):
        self.port, self.request = port, request
        self.times, self.ok, self.tried = [], 0, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self):
        while not self.stop.is_set():
            start = time.perf_counter()
            self.tried += 1
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                  source_address=(ORDINARY, 0))
                method, path, body, headers = self.request()
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                conn.close()
                if r.status in (200, 303):
                    self.ok += 1
            except OSError:
                pass
            self.times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)  # about 15 requests a second: under the per-client rate limit

    def summary(self):
        t = sorted(self.times)
        p99 = t[min(len(t) - 1, int(len(t) * 0.99))] if t else float("nan")
        rate = 100.0 * self.ok / self.tried if self.tried else 0.0
        return rate, p99, self.tried


def close_all(sockets):
    for s in sockets:
        try:
            s.close()
        except OSError:
            pass


def idle_flood(port, seconds, count):
    sockets = []
    for _ in range(count):
        try:
            sockets.append(connect(port, ATTACKER, timeout=1))
        except OSError:
            pass
    time.sleep(seconds)
    close_all(sockets)


def slowloris(port, seconds, count):
    sockets = []
    for _ in range(count):
        try:
            s = connect(port, ATTACKER, timeout=1)
            s.setblocking(False)
            sockets.append(s)
        except OSError:
            pass
    header = b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: " + b"a" * 4000
    deadline = time.time() + seconds
    i = 0
    while time.time() < deadline and i < len(header):
        for s in sockets:
            try:
                s.send(header[i:i + 1])
            except OSError:
                pass
        i += 1
        time.sleep(0.5)
    close_all(sockets)


def stalled_uploads(port, seconds, count):
    boundary = "abusebench"
    head = (f"POST /manage/roster HTTP/1.1\r\nHost: t\r\nOrigin: http://127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {8 * 1024 * 1024}\r\n\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"roster\"; "
            "filename=\"staff.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode()
    chunk = b"x" * 65536
    sockets = []
    for i in range(count):  # each from its own address, as a botnet would
        try:
            s = connect(port, f"127.0.{1 + i // 250}.{1 + i % 250}", timeout=1)
            s.sendall(head)
            s.setblocking(False)
            sockets.append(s)
        except OSError:
            pass
    deadline = time.time() + seconds
    sent = 0
    while time.time() < deadline and sent < 8 * 1024 * 1024:
        for s in sockets:
            try:
                s.send(chunk)
            except OSError:
                pass
        sent += len(chunk)
        time.sleep(0.05)
    time.sleep(max(0, deadline - time.time()))
    close_all(sockets)


def login_burst(port, seconds, parallel, email):
    stop = time.time() + seconds

    def one(k):
        n = 0
        while time.time() < stop:
            n += 1
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                body = urllib.parse.urlencode({"email": email, "password": f"wrong-{k}-{n}"})
                conn.request("POST", "/manage/login", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{port}",
                    # through the proxy, from rotating addresses
                    "X-Forwarded-For": f"198.51.{k}.{n % 250 + 1}"})
                conn.getresponse().read()
                conn.close()
            except OSError:
                pass

    threads = [threading.Thread(target=one, args=(k,)) for k in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def quiz_form(site):
    page = open(os.path.join(site, "quizzes", QUIZ, "index.html")).read()
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    org = re.search(r'option value="([a-z0-9-]+)"', page).group(1)
    text = open(os.path.join(REPO, "content", "quizzes", QUIZ + ".md")).read()
    answers = {}
    for i, q in enumerate(text.split("\n## ")[1:], 1):
        for j, mark in enumerate(re.findall(r"^- \[( |x)\]", q, re.M)):
            if mark == "x":
                answers[f"q{i}"] = chr(97 + j)
    return version, org, answers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bulletin", default=os.path.join(REPO, "build/generator/cli/bulletin"))
    ap.add_argument("--seconds", type=int, default=10)
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    work = tempfile.mkdtemp(prefix="bench-abuse-")
    server = None
    try:
        site, db = os.path.join(work, "site"), os.path.join(work, "bulletin.db")
        content, templates = os.path.join(REPO, "content"), os.path.join(REPO, "templates")
        subprocess.run([args.bulletin, "build", "--content", content, "--templates", templates,
                        "--out", site], check=True, stdout=subprocess.DEVNULL)
        email = "manager@example.org.uk"
        admin = [args.bulletin, "admin", "--db", db, "--content", content]
        subprocess.run(admin + ["add-manager", "--email", email, "--password-stdin",
                                "--partnership"], input=PASSWORD + "\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
        log = open(os.path.join(work, "serve.log"), "w")
        server = subprocess.Popen(
            [args.bulletin, "serve", "--site", site, "--content", content, "--templates",
             templates, "--db", db, "--port", "0", "--attempts-per-day", "0"],
            stdout=log, stderr=subprocess.STDOUT)
        port = None
        for _ in range(300):
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", open(log.name).read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.1)
        if not port:
            sys.exit("bench/abuse: serve did not start:\n" + open(log.name).read())
        version, org, answers = quiz_form(site)
        counter = [0]

        def page():
            return "GET", "/", None, {}

        def submit():
            counter[0] += 1
            form = dict(quiz=QUIZ, version=version, name="Ordinary Practitioner",
                        email=f"ordinary{counter[0]}@example.org.uk", organisation=org,
                        team="Team", **answers)
            return "POST", f"/quizzes/{QUIZ}/submit", urllib.parse.urlencode(form), {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}"}

        s = args.seconds
        attacks = [
            ("none (baseline)", page, lambda: time.sleep(s)),
            ("1,024 idle connections from one address (2x the global cap)", page,
             lambda: idle_flood(port, s, 1024)),
            ("1,024 slow-header connections from one address", page,
             lambda: slowloris(port, s, 1024)),
            ("200 stalled anonymous 8 MiB uploads from 200 addresses", page,
             lambda: stalled_uploads(port, s, 200)),
            ("quiz submissions, no attack (baseline)", submit, lambda: time.sleep(s)),
            ("32 parallel wrong-password logins, rotating addresses", submit,
             lambda: login_burst(port, s, 32, email)),
        ]
        print(f"bulletin serve with default limits; ordinary client on {ORDINARY}, "
              f"{s} s per attack, {os.cpu_count()} cores")
        print(f"{'attack':<62} {'ok %':>6} {'p99 ms':>8} {'reqs':>5} {'peak MB':>8} "
              f"{'after MB':>8}")
        for label, request, attack in attacks:
            time.sleep(1)
            sampler = Sampler(server.pid)
            sampler.start()
            ordinary = Ordinary(port, request)
            ordinary.thread.start()
            attack()
            ordinary.stop.set()
            ordinary.thread.join()
            time.sleep(3)  # connections closed; the server gives memory back
            sampler.stop.set()
            sampler.join()
            rate, p99, tried = ordinary.summary()
            print(f"{label:<62} {rate:>6.1f} {p99:>8.1f} {tried:>5} {sampler.peak / 1024:>8.1f} "
                  f"{rss_kib(server.pid) / 1024:>8.1f}", flush=True)
        print("goals: with 2x the global cap of slow or idle connections from one address, 100% "
              "of ordinary requests answered, p99 < 1 s; 200 stalled anonymous uploads keep the "
              "server under 100 MB; with 32 parallel logins, quiz submissions p99 < 100 ms")
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
