#!/usr/bin/env python3
"""50 loopback "hosts" (127.0.0.1 .. 127.0.0.50, one port) answering every request after
100 ms, for bench/links/run.py. Counts requests and the most requests in flight per host;
GET /__stats on any host returns them as JSON, and /__reset clears them."""
import asyncio
import json
import sys

DELAY_S = 0.1
stats = {"requests": 0, "in_flight": {}, "max_in_flight": {}}


def reset():
    stats["requests"] = 0
    stats["max_in_flight"] = {}


async def handle(reader, writer):
    host = writer.get_extra_info("sockname")[0]
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method, path = head.split(b" ", 2)[:2]
            path = path.decode()
            if path.startswith("/__"):
                if path == "/__reset":
                    reset()
                body = json.dumps({"requests": stats["requests"],
                                   "max_in_flight": stats["max_in_flight"]}).encode()
            else:
                stats["requests"] += 1
                now = stats["in_flight"].get(host, 0) + 1
                stats["in_flight"][host] = now
                stats["max_in_flight"][host] = max(stats["max_in_flight"].get(host, 0), now)
                try:
                    await asyncio.sleep(DELAY_S)
                finally:
                    stats["in_flight"][host] -= 1
                body = b"<!doctype html><title>ok</title>ok"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n"
                         + (b"" if method == b"HEAD" else body))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port, hosts):
    servers = [await asyncio.start_server(handle, f"127.0.0.{i}", port, backlog=512)
               for i in range(1, hosts + 1)]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
