#!/usr/bin/python3
"""A real SMTP server for bulletin's tests and bench/mail, on Debian's python3-aiosmtpd.

    smtp_sink.py FOLDER [--auth USER:PASSWORD]

Listens on a free port of 127.0.0.1 and prints "port N" once it takes connections. Each
message it accepts is written whole to FOLDER/messages/<n>.eml (written, then renamed into
place), with its envelope recipients in FOLDER/messages/<n>.rcpt. What it answers is read
from FOLDER/mode at each command, so a test can change it at any time:

    accept        take every message (the default)
    tempfail      answer RCPT with 451 (try again later)
    permfail      answer RCPT with 550 (no such mailbox)
    close         answer 421 and close the connection
    slow SECONDS  hold the answer to DATA that long; writes FOLDER/holding meanwhile, and
                  keeps the message only if the client is still there when it answers

With --auth, a login is required (AUTH PLAIN or LOGIN, allowed without TLS on loopback)
and the names used are appended to FOLDER/logins. Stops on SIGTERM.
"""
import asyncio
import logging
import os
import signal
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    print("smtp_sink.py: error: the Python module aiosmtpd is missing; install Debian's "
          "python3-aiosmtpd (sudo apt-get install python3-aiosmtpd, or run scripts/setup)",
          file=sys.stderr, flush=True)
    sys.exit(3)


class Sink:
    def __init__(self, folder, auth):
        self.folder = folder
        self.messages = os.path.join(folder, "messages")
        os.makedirs(self.messages, exist_ok=True)
        self.auth = auth
        self.count = len([n for n in os.listdir(self.messages) if n.endswith(".eml")])

    def mode(self):
        try:
            with open(os.path.join(self.folder, "mode")) as f:
                words = f.read().split()
        except FileNotFoundError:
            words = []
        return words or ["accept"]

    def authenticate(self, server, session, envelope, mechanism, data):
        login = data.login.decode() if isinstance(data.login, bytes) else data.login
        password = data.password.decode() if isinstance(data.password, bytes) else data.password
        ok = self.auth is not None and f"{login}:{password}" == self.auth
        with open(os.path.join(self.folder, "logins"), "a") as f:
            f.write(f"{login} {'ok' if ok else 'refused'}\n")
        return AuthResult(success=ok)

    async def handle_RCPT(self, server, session, envelope, address, options):
        mode = self.mode()
        if mode[0] == "tempfail":
            return "451 4.3.0 Mailbox busy, try again later (test)"
        if mode[0] == "permfail":
            return "550 5.1.1 No such mailbox here (test)"
        if mode[0] == "close":
            server.transport.close()
            return "421 4.3.2 Closing (test)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode[0] == "slow":
            holding = os.path.join(self.folder, "holding")
            with open(holding, "w") as f:
                f.write("holding\n")
            try:
                # Cancelled if the client goes away meanwhile: then nothing is kept.
                await asyncio.sleep(float(mode[1]) if len(mode) > 1 else 5)
            finally:
                os.unlink(holding)
            if server.transport is None or server.transport.is_closing():
                return "421 4.4.2 The client went away (test)"
        self.count += 1
        n = self.count
        base = os.path.join(self.messages, f"{n:07d}")
        with open(base + ".rcpt.tmp", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        return f"250 2.0.0 Ok: queued as test-{n}"


async def main():
    warnings.simplefilter("ignore")  # AUTH without TLS is what the tests want, on loopback
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    folder = sys.argv[1]
    auth = None
    if len(sys.argv) > 3 and sys.argv[2] == "--auth":
        auth = sys.argv[3]
    sink = Sink(folder, auth)
    kwargs = {}
    if auth is not None:
        kwargs = dict(auth_required=True, auth_require_tls=False, authenticator=sink.authenticate)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", **kwargs), "127.0.0.1", 0)
    print(f"port {server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
