#!/usr/bin/env python3
"""Link-check benchmark: a generated site with 2,000 external links over 50 loopback hosts
(127.0.0.1-50, each answering after 100 ms), checked by `bulletin check --external` and by
linkinator on the same built site. Prints wall time, requests made and the most requests
in flight to one host. Usage: bench/links/run.py [--bulletin build/generator/cli/bulletin]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def generate(content, port, links, hosts, briefs):
    os.makedirs(os.path.join(content, "briefs"))
    with open(os.path.join(content, "site.yaml"), "w") as f:
        f.write("name: Benchmark Partnership\nbase_url: https://bench.example.org.uk/\n"
                "description: Generated for bench/links.\nthemes:\n"
                "  - slug: domestic-abuse\n    name: Domestic abuse\n")
    per_brief = links // briefs
    n = 0
    for b in range(briefs):
        lines = []
        for _ in range(per_brief):
            host = n % hosts + 1
            lines.append(f"- [Resource {n}](http://127.0.0.{host}:{port}/resource/{n})")
            n += 1
        with open(os.path.join(content, "briefs", f"brief-{b:03}.md"), "w") as f:
            f.write(f"---\ntitle: Brief {b}\ndate: 2025-01-01\nreview_type: CSPR\n"
                    f"themes: [domestic-abuse]\nsummary: Links.\n---\n## Links\n\n"
                    + "\n".join(lines) + "\n")


def stats(port, reset=False):
    url = f"http://127.0.0.1:{port}/__{'reset' if reset else 'stats'}"
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def timed(cmd, **kw):
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.monotonic() - start, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bulletin", default=os.path.join(ROOT, "build/generator/cli/bulletin"))
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--links", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--skip-linkinator", action="store_true")
    ap.add_argument("--report-only", action="store_true",
                    help="exit 0 whether or not the goal is met (for the test command, which "
                         "never asserts on timings)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="bulletin-bench-links-")
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), str(args.port),
                               str(args.hosts)], stdout=subprocess.PIPE, text=True)
    rows = []
    try:
        server.stdout.readline()  # "ready"
        content = os.path.join(tmp, "content")
        generate(content, args.port, args.links, args.hosts, briefs=40)
        site = os.path.join(tmp, "site")
        subprocess.run([args.bulletin, "build", "--content", content, "--templates",
                        os.path.join(ROOT, "templates"), "--out", site], check=True,
                       capture_output=True)

        def bulletin_check(name):
            stats(args.port, reset=True)
            wall, p = timed([args.bulletin, "check", "--external", "--content", content,
                             "--templates", os.path.join(ROOT, "templates"), "--cache",
                             os.path.join(tmp, "cache.db")])
            s = stats(args.port)
            rows.append((name, wall, s["requests"], max(s["max_in_flight"].values(), default=0),
                         p.returncode))
            if p.returncode != 0:
                print(p.stderr[-2000:], file=sys.stderr)

        bulletin_check("bulletin check --external")
        bulletin_check("bulletin (cached, 2nd run)")

        if not args.skip_linkinator:
            if not os.path.isdir(os.path.join(HERE, "node_modules")):
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True,
                               capture_output=True)
            stats(args.port, reset=True)
            # linkinator serves the built folder itself on a local port and crawls it.
            wall, p = timed(["npx", "--no-install", "linkinator", site, "--recurse",
                             "--skip", "^https://bench\\.example\\.org\\.uk", "--format", "json"],
                            cwd=HERE)
            s = stats(args.port)
            rows.append(("linkinator --recurse", wall, s["requests"],
                         max(s["max_in_flight"].values(), default=0), p.returncode))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{args.links} external links over {args.hosts} hosts, each answering after 100 ms\n")
    print(f"{'tool':<28} {'wall s':>7} {'requests':>9} {'max/host':>9} {'exit':>5}")
    for name, wall, req, mx, rc in rows:
        print(f"{name:<28} {wall:>7.2f} {req:>9} {mx:>9} {rc:>5}")
    goal = rows[0][1] < 10 and rows[0][3] <= 4
    print(f"\ngoal (bulletin under 10 s, at most 4 per host): {'met' if goal else 'NOT met'}")
    return 0 if goal or args.report_only else 1


if __name__ == "__main__":
    sys.exit(main())
