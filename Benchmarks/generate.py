#!/usr/bin/env python3
"""Synthetic transcripts for `make bench`, built from the example interviews.

    generate.py long EVENTS OUT.jsonl      one interview stretched to EVENTS events
    generate.py evidence EVENTS OUT.jsonl  the same, with evidence on every re-score
    generate.py undo EVENTS OUT.jsonl      the same again, about one event in ten an undo of a re-score
    generate.py many COUNT FOLDER          COUNT interviews of about 100 events each, endorsed

Every line is written the way `assess` writes it (seq, at, type, by, payload, prev, check),
so the chains verify. The long transcript is the example C-0101 with the panel re-scoring
the items over and over before `close`: rescores carry no evidence text and keep every
item Satisfactory or better, so the summary's size and the recommendation do not change
with the length. No event is retracted, so `jq` can compute the same per-item means.
The `evidence` transcript is the hard case for readers: every re-score carries evidence
(60 to 300 characters), which the summary keeps and prints, so no rating can be dropped.
The `undo` transcript adds retractions: each brings back the rating before the one undone,
so a reader cannot keep only the latest rating without knowing what is retracted.
Each of the `many` interviews is endorsed by the whole panel with the published test keys
(ssh-keygen signs), so every report checks three signatures per transcript: the hard case.
"""
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "Transcripts", "examples", "lmi-intern")
TEST_KEYS = os.path.join(HERE, "..", "Transcripts", "examples", "test-keys")
LINE = re.compile(rb'^\{"seq":\d+,"at":"([^"]+)",(.*),"prev":"[0-9a-f]{64}","check":"[0-9a-f]{64}"\}$')
PANEL = [b"Ana Lopez", b"Ben Okafor", "Chloé Martin".encode()]
ITEMS = [b"inclusion", b"integrity", b"professionalism", b"courage", b"empathy",
         b"teamwork", b"results", b"knowledge",
         b"accountability", b"communication"]


def bodies(name):
    """(time, body) of each line of an example through its `closed` event (the endorsements
    that follow sign the example's own bytes): body is `"type":…,"by":…,payload`."""
    with open(os.path.join(EXAMPLES, name), "rb") as handle:
        for line in handle:
            match = LINE.match(line.rstrip(b"\n"))
            yield match.group(1).decode(), match.group(2)
            if match.group(2).startswith(b'"type":"closed"'):
                return


class Writer:
    def __init__(self, path):
        self.out = open(path, "wb", buffering=1 << 20)
        self.seq = 0
        self.prev = "0" * 64

    def reopen(self):
        self.out = open(self.out.name, "ab", buffering=1 << 20)

    def write(self, at, body):
        self.seq += 1
        head = b'{"seq":%d,"at":"%s",%s,"prev":"%s"' % (self.seq, at.encode(), body, self.prev.encode())
        check = hashlib.sha256(head + b"}").hexdigest()
        line = head + b',"check":"%s"}' % check.encode()
        self.out.write(line + b"\n")
        self.prev = hashlib.sha256(line).hexdigest()

    def close(self):
        self.out.close()
        os.chmod(self.out.name, 0o600)


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


WORDS = ("she", "he", "the", "team", "deadline", "partners", "report", "asked", "explained", "moved",
         "meeting", "volunteers", "budget", "because", "after", "before", "survey", "result", "rose",
         "agreed", "mixed-language", "groups", "colleague", "office", "field", "mission", "data",
         "example:", "S:", "T:", "A:", "R:", "clearly,", "in", "of", "to", "and", "with", "from")


def evidence_text(rng):
    """60 to 300 characters of words, different every time."""
    target = rng.randint(60, 300)
    words = []
    length = -1
    while length < target:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return " ".join(words)[:target].rstrip().encode()


def long(events, path, evidence=False, undo=False):
    source = list(bodies("2026-03-02-C-0101.jsonl"))
    head, close = source[:-1], source[-1]
    writer = Writer(path)
    for at, body in head:
        writer.write(at, body)
    moment = datetime.strptime(head[-1][0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    rng = random.Random(7)
    acting = PANEL[0]  # until the first generated acting event
    while writer.seq < events - 1:
        moment += timedelta(milliseconds=5)
        item = ITEMS[(writer.seq // 7) % len(ITEMS)]
        step = writer.seq % 7
        if step == 0:
            writer.write(stamp(moment), b'"type":"moved","by":"system","item":"%s"' % item)
        elif step % 2 == 1:
            acting = PANEL[(step // 2) % len(PANEL)]
            writer.write(stamp(moment), b'"type":"acting","by":"system","panelist":"%s"' % acting)
        else:
            value = rng.choice((3, 3, 4))
            text = b'"evidence":"%s",' % evidence_text(rng) if evidence else b""
            writer.write(stamp(moment), b'"type":"scored","by":"%s",%s"item":"%s","value":%d' % (acting, text, item, value))
            if undo and writer.seq % 4 == 0 and writer.seq < events - 1:
                writer.write(stamp(moment), b'"type":"retracted","by":"%s","target":%d' % (acting, writer.seq))
    writer.write(stamp(moment + timedelta(seconds=1)), close[1])
    writer.close()


ENDORSERS = [("ana", "Ana Lopez"), ("ben", "Ben Okafor"), ("chloe", "Chloé Martin")]


def many(count, folder):
    os.makedirs(folder, mode=0o700, exist_ok=True)
    sources = [list(bodies(name)) for name in sorted(os.listdir(EXAMPLES)) if name.endswith(".jsonl")]
    candidate = re.compile(rb'"candidate":\{"id":"[^"]*","name":"[^"]*"\}')
    written = []
    for number in range(1, count + 1):
        lines = sources[number % len(sources)]
        cid = "B-%05d" % number
        name = os.path.join(folder, "%s-%s.jsonl" % (lines[0][0][:10], cid))
        writer = Writer(name)
        for index, (at, body) in enumerate(lines):
            if index == 0:
                body = candidate.sub(b'"candidate":{"id":"%s","name":"Candidate %05d"}' % (cid.encode(), number), body, 1)
            writer.write(at, body)
        writer.close()
        written.append((writer, cid, lines[-1][0]))
    endorse(written)


def endorse(written):
    """Each transcript endorsed by the whole panel, as `assess endorse` records it: the
    message (PRODUCT.md, "Endorsement") signed by ssh-keygen, one run per key for all files."""
    work = tempfile.mkdtemp(prefix="assess-bench-keys-")
    try:
        signatures = {}
        for login, panelist in ENDORSERS:
            key = os.path.join(work, login)
            shutil.copyfile(os.path.join(TEST_KEYS, login), key)
            os.chmod(key, 0o600)
            messages = []
            for index, (writer, cid, _) in enumerate(written):
                with open(writer.out.name, "rb") as handle:
                    data = handle.read()
                text = "assess endorsement v1\nassessment: lmi-intern\ncandidate-id: %s\npanelist: %s\nlogin: %s\nlines: %d\nsha256: %s\n" % (
                    cid, panelist, login, writer.seq, hashlib.sha256(data).hexdigest())
                message = os.path.join(work, "%s-%d.msg" % (login, index))
                with open(message, "w", encoding="utf-8") as handle:
                    handle.write(text)
                messages.append(message)
            for start in range(0, len(messages), 2000):
                subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-f", key, "-n", "assess-endorsement"] + messages[start:start + 2000],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(os.path.join(TEST_KEYS, login + ".pub")) as handle:
                public = " ".join(handle.read().split()[:2])
            for index, message in enumerate(messages):
                with open(message + ".sig") as handle:
                    signatures[(login, index)] = (public, handle.read())
        for index, (writer, cid, closed_at) in enumerate(written):
            writer.reopen()
            moment = datetime.strptime(closed_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
            for step, (login, panelist) in enumerate(ENDORSERS):
                public, signature = signatures[(login, index)]
                payload = {"login": login, "panelist": panelist, "publicKey": public, "signature": signature}
                body = ('"type":"endorsed","by":%s,' % json.dumps(panelist, ensure_ascii=False)
                        + json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[1:-1])
                writer.write(stamp(moment + timedelta(hours=1, seconds=step)), body.encode())
            writer.close()
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("long", "evidence", "undo", "many"):
        sys.exit(__doc__)
    if sys.argv[1] in ("evidence", "undo"):
        long(int(sys.argv[2]), sys.argv[3], evidence=True, undo=sys.argv[1] == "undo")
    else:
        {"long": long, "many": many}[sys.argv[1]](int(sys.argv[2]), sys.argv[3])
