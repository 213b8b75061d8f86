#!/usr/bin/env python3
"""The manager dashboard at partnership scale: 50,000 staff, 10 quizzes and 1,000,000
attempts written straight into a SQLite file, then `bulletin serve` timed over HTTP for
GET /manage/ as one organisation's manager and as the partnership admin (the totals per
organisation). Prints the cold (first) request and the median of the warm ones.

Usage: bench/manage/run.py [--bulletin PATH] [--staff N] [--attempts N] [--runs N]
"""
import argparse
import http.cookiejar
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORGS = ["police", "childrens-social-care", "adult-social-care", "nhs-trust", "icb",
        "education", "safer-homes", "probation", "housing", "ambulance"]
QUIZZES = [f"quiz-{i:02d}" for i in range(1, 11)]
ROLES = ["Practitioner", "Senior practitioner", "Team manager", "Nurse", "Officer"]
PASSWORD = "bench-password-long-enough"
DAY = 86400


def write_content(root):
    os.makedirs(os.path.join(root, "quizzes"))
    orgs = "".join(f"  - id: {o}\n    name: {o.replace('-', ' ').title()}\n" for o in ORGS)
    rules = ("  - quizzes: [" + ", ".join(QUIZZES[:6]) + "]\n"
             "  - quizzes: [" + ", ".join(QUIZZES[6:]) + "]\n"
             "    roles: [Team manager, Senior practitioner, Nurse]\n")
    with open(os.path.join(root, "site.yaml"), "w") as f:
        f.write("name: Bench Partnership\nbase_url: http://127.0.0.1/\n"
                "themes:\n  - name: Bench\norganisations:\n" + orgs +
                "assignments:\n" + rules)
    for q in QUIZZES:
        with open(os.path.join(root, "quizzes", q + ".md"), "w") as f:
            f.write(f"---\nid: {q}\ntitle: Bench quiz {q[-2:]}\npass_mark: 50\n"
                    "refresh_months: 12\ngrading: server\nthemes: [bench]\n---\n\n"
                    "## Which is right?\n\n- [x] This one\n- [ ] That one\n")


def fill_database(db, staff_count, attempt_count):
    """Staff spread over the organisations and 20 teams each; attempts by staff (and 5% more
    people not on the roster) over the last two years, 60% of them passes. Generated inside
    SQLite (a recursive CTE, multiplicative hashing for spread) so a million rows take
    seconds, not the minute a Python loop would."""
    now = int(time.time())
    learners = staff_count + staff_count // 20
    con = sqlite3.connect(db, isolation_level=None)
    # A scratch file: no journal, a big cache, and the attempts indexes built once at the
    # end (sorted) instead of updated a million times in random order.
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")
    indexes = con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' "
                          "AND tbl_name = 'attempts' AND sql IS NOT NULL").fetchall()
    for (sql,) in indexes:
        con.execute("DROP INDEX " + sql.split()[2])
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE orgs(i INTEGER PRIMARY KEY, id TEXT)")
    con.executemany("INSERT INTO orgs VALUES (?, ?)", enumerate(ORGS))
    con.execute("CREATE TEMP TABLE roles(i INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO roles VALUES (?, ?)", enumerate(ROLES))
    con.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
        "INSERT INTO staff(id, email, name, organisation, team, role, created_at, updated_at) "
        "SELECT i, 'person' || i || '@example.org', 'Person ' || i, "
        "(SELECT id FROM orgs WHERE orgs.i = n.i % ?2), "
        "printf('Team %02d', n.i / ?2 % 20), (SELECT name FROM roles WHERE roles.i = n.i % ?3), "
        "0, 0 FROM n", (staff_count, len(ORGS), len(ROLES)))
    con.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
        "INSERT INTO learners(id, email, name, organisation, team, created_at, updated_at) "
        "SELECT i, 'person' || i || '@example.org', 'Person ' || i, "
        "(SELECT id FROM orgs WHERE orgs.i = n.i % ?2), 'Team', 0, 0 FROM n",
        (learners, len(ORGS)))
    con.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
        "INSERT INTO attempts(id, learner_id, quiz_id, quiz_version, quiz_title, name, "
        "organisation, team, answers, correct, total, score, passed, created_at) "
        "SELECT i, learner, printf('quiz-%02d', (i * 40503) % 10 + 1), 'v', 'Bench quiz', "
        "'Person', (SELECT id FROM orgs WHERE orgs.i = learner % ?3), 'Team', '{}', passed, "
        "1, passed * 100, passed, ?4 - (i * 104729) % (730 * 86400) "
        "FROM (SELECT i, (i * 2654435761) % ?2 + 1 AS learner, "
        "((i * 7919) % 10 < 6) AS passed FROM n)",
        (attempt_count, learners, len(ORGS), now))
    con.execute(
        "INSERT INTO certificates(code, attempt_id, valid_until) "
        "SELECT printf('C%025d', id), id, date(created_at + 365 * 86400, 'unixepoch') "
        "FROM attempts WHERE passed = 1")
    for (sql,) in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        start = time.perf_counter()
        with self.opener.open(self.base + path) as r:
            body = r.read()
        return (time.perf_counter() - start) * 1000, r.status, body

    def login(self, email):
        _, _, page = self.get("/manage/login")
        data = {"email": email, "password": PASSWORD}
        m = re.search(rb'name="csrf" value="([^"]+)"', page)
        if m:
            data["csrf"] = m.group(1).decode()
        req = urllib.request.Request(self.base + "/manage/login",
                                     data=urllib.parse.urlencode(data).encode(),
                                     headers={"Origin": self.base.rstrip("/")})
        with self.opener.open(req) as r:
            r.read()
            if "/manage/login" in r.geturl():
                sys.exit("bench/manage: could not sign in as " + email)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bulletin", default=os.path.join(REPO, "build/generator/cli/bulletin"))
    ap.add_argument("--staff", type=int, default=50000)
    ap.add_argument("--attempts", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="bench-manage-")
    server = None
    try:
        content, db = os.path.join(work, "content"), os.path.join(work, "bulletin.db")
        write_content(content)
        run([args.bulletin, "build", "--content", content, "--templates",
             os.path.join(REPO, "templates"), "--out", os.path.join(work, "site")])
        admin = [args.bulletin, "admin", "--db", db, "--content", content]
        header = os.path.join(work, "empty.csv")
        with open(header, "w") as f:
            f.write("name,email,organisation,team,role\n")
        run(admin + ["import-staff", "--dry-run", header])  # creates the schema
        start = time.perf_counter()
        fill_database(db, args.staff, args.attempts)
        generated = time.perf_counter() - start
        for email, scope in (("manager@example.org", ["--organisation", ORGS[0]]),
                             ("admin@example.org", ["--partnership"])):
            run(admin + ["add-manager", "--email", email, "--password-stdin"] + scope,
                input=PASSWORD + "\n")
        log = open(os.path.join(work, "serve.log"), "w")
        started = time.perf_counter()
        server = subprocess.Popen(
            [args.bulletin, "serve", "--site", os.path.join(work, "site"), "--content", content,
             "--templates", os.path.join(REPO, "templates"), "--db", db, "--port", "0"],
            stdout=log, stderr=subprocess.STDOUT)
        base = None
        for _ in range(600):
            text = open(os.path.join(work, "serve.log")).read()
            m = re.search(r"http://[0-9.:]+/", text)
            if m:
                base = m.group(0).rstrip("/")
                break
            if server.poll() is not None:
                sys.exit("bench/manage: serve stopped:\n" + text)
            time.sleep(0.1)
        if not base:
            sys.exit("bench/manage: serve did not start")
        startup = time.perf_counter() - started
        print(f"data: {args.staff} staff, {len(QUIZZES)} quizzes, {args.attempts} attempts "
              f"(generated in {generated:.1f} s); serve started in {startup:.1f} s "
              "(it loads the compliance snapshot)")
        print(f"{'page':<44} {'cold ms':>8} {'median ms':>10} {'runs':>5}")
        for label, email, path in (
                (f"/manage/ one organisation ({ORGS[0]})", "manager@example.org", "/manage/"),
                ("/manage/ partnership totals", "admin@example.org", "/manage/")):
            client = Client(base)
            client.login(email)
            times = []
            for _ in range(args.runs + 1):
                ms, status, body = client.get(path)
                if status != 200 or b"staff on the roster" not in body:
                    sys.exit(f"bench/manage: {path} answered {status}")
                times.append(ms)
            print(f"{label:<44} {times[0]:>8.1f} {statistics.median(times[1:]):>10.1f} "
                  f"{args.runs:>5}")
        print("target: under 100 ms each. 'cold' is each manager's first request; later "
              "requests read only attempts newer than the snapshot")
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
