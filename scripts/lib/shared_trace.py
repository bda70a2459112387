#!/usr/bin/env python3
"""Plays a seeded partner trace of task calls through gateway replicas and checks every answer.

  shared_trace.py trace   --replicas P1,P2,P3 --admins A1,A2,A3 --upstream URL [--calls 2400 --sets 625 --seed 7]
  shared_trace.py warm    --replicas P4 --admins A4 --upstream URL [--calls 600]   (a new replica's first calls)
  shared_trace.py latency --fill P1 --probe P2 --upstream URL [--keys 2000]        (shared hit vs local hit)

Each answer is compared with upstream's own answer for the same associates (task Ids and states), asked
directly with the gateway's upstream credentials. Upstream calls are read from each replica's
so_gateway_cache_upstream_calls_total. Prints one JSON line of results.
"""
import argparse, http.client, json, random, statistics, sys, time
from urllib.parse import urlparse

KEY = "bench-partner-key"
ADMIN_KEY = "bench-admin-key-0123456789abcdefghij"
PATH = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"


def make_trace(calls, sets, seed):
    """`sets` distinct associate sets (1-4 ids from a pool, overlapping), then `calls` calls drawn from them with a
    skew (a few sets are asked about often), in random spelling order with repeats."""
    rng = random.Random(seed)
    # Associates whose tasks are all finished in the stand-in (N % 3 == 2), so every answer keeps cache.ttl and the
    # count measures sharing, not active_ttl expiry.
    pool = [3 * k + 2 for k in range(240)]
    distinct, seen = [], set()
    while len(distinct) < sets:
        size = rng.choice([1, 1, 2, 2, 3, 4])
        s = tuple(sorted(rng.sample(pool, size)))
        if s not in seen:
            seen.add(s)
            distinct.append(s)
    trace = list(distinct)  # every set is asked at least once
    weights = [1.0 / (i + 1) ** 0.6 for i in range(sets)]
    trace += rng.choices(distinct, weights=weights, k=calls - sets)
    rng.shuffle(trace)
    spelled = []
    for s in trace:
        ids = list(s) + ([rng.choice(s)] if rng.random() < 0.3 else [])
        rng.shuffle(ids)
        spelled.append(ids)
    return spelled


class Conn:
    def __init__(self, port):
        self.port = port
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, path, body, headers):
        for attempt in range(2):
            try:
                self.c.request("POST", path, body=body, headers=headers)
                r = self.c.getresponse()
                return r.status, dict(r.getheaders()), r.read()
            except (http.client.HTTPException, ConnectionError):
                self.c.close()
                self.c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise


def tasks_of(body):
    return sorted((t["Id"], t["State"], t["AssociateId"]) for t in json.loads(body))


def ask(conn, ids):
    status, headers, body = conn.post(PATH, json.dumps({"AssociateIds": ids}),
                                      {"X-API-Key": KEY, "Content-Type": "application/json", "Accept-Encoding": "identity"})
    return status, headers.get("Cache-Status", ""), body


def upstream_answer(up, ids, cache):
    key = tuple(sorted(set(ids)))
    if key not in cache:
        status, _, body = up.post(up.base + PATH, json.dumps({"AssociateIds": list(key)}),
                                  {"Authorization": "SOTicket 7T:alice-ticket", "SO-AppToken": "demo-app-token",
                                   "Content-Type": "application/json", "Accept": "application/json"})
        assert status == 200, status
        cache[key] = tasks_of(body)
    return cache[key]


def upstream_calls(admin):
    c = http.client.HTTPConnection("127.0.0.1", admin, timeout=10)
    c.request("GET", "/metrics", headers={"X-API-Key": ADMIN_KEY})
    text = c.getresponse().read().decode()
    for line in text.splitlines():
        if line.startswith("so_gateway_cache_upstream_calls_total "):
            return int(float(line.split()[1]))
    return 0


def play(trace, replicas, admins, up):
    conns = [Conn(p) for p in replicas]
    before = sum(upstream_calls(a) for a in admins)
    expected, wrong, statuses = {}, 0, {}
    for i, ids in enumerate(trace):
        status, cache_status, body = ask(conns[i % len(conns)], ids)
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200 or tasks_of(body) != upstream_answer(up, ids, expected):
            wrong += 1
    calls = sum(upstream_calls(a) for a in admins) - before
    return {"calls": len(trace), "upstream_calls": calls, "avoided_pct": round(100.0 * (1 - calls / len(trace)), 1),
            "wrong_answers": wrong, "statuses": statuses}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def latency(fill_port, probe_port, keys):
    fill, probe = Conn(fill_port), Conn(probe_port)
    ids = [[10001 + 3 * i] for i in range(keys)]  # N % 3 == 2: finished tasks only
    for a in ids:
        assert ask(fill, a)[0] == 200
    shared, local, statuses = [], [], set()
    for a in ids:
        t = time.perf_counter(); status, cs, _ = ask(probe, a); shared.append(time.perf_counter() - t)
        statuses.add(cs.split(";")[1].strip() + (";shared" if "shared" in cs else ""))
        t = time.perf_counter(); ask(probe, a); local.append(time.perf_counter() - t)
    ms = lambda v: round(v * 1000, 3)
    return {"keys": keys, "first_on_probe": sorted(statuses),
            "shared_hit_ms": {"p50": ms(pct(shared, 50)), "p99": ms(pct(shared, 99))},
            "local_hit_ms": {"p50": ms(pct(local, 50)), "p99": ms(pct(local, 99))}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["trace", "warm", "latency"])
    ap.add_argument("--replicas", default="")
    ap.add_argument("--admins", default="")
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--calls", type=int, default=2400)
    ap.add_argument("--sets", type=int, default=625)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fill", type=int)
    ap.add_argument("--probe", type=int)
    ap.add_argument("--keys", type=int, default=2000)
    a = ap.parse_args()
    u = urlparse(a.upstream)
    up = Conn(u.port)
    up.base = u.path.rstrip("/")
    if a.mode == "latency":
        print(json.dumps(latency(a.fill, a.probe, a.keys)))
        return
    replicas = [int(p) for p in a.replicas.split(",")]
    admins = [int(p) for p in a.admins.split(",")]
    if a.mode == "warm":
        # A new replica takes its share of the same partners' traffic: calls drawn from the same trace.
        trace = random.Random(a.seed + 1).sample(make_trace(2400, a.sets, a.seed), a.calls)
    else:
        trace = make_trace(a.calls, a.sets, a.seed)
    print(json.dumps(play(trace, replicas, admins, up)))


if __name__ == "__main__":
    main()
