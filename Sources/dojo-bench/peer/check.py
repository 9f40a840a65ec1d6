"""Checks the Python peer against `dojo replay` on every bundled answer file, and with --bench
measures transcripts scored per second by both on the files they agree on.

    python check.py --dojo .build/release/dojo --scenarios scenarios [--bench DOJO_BENCH] [--format json]

Agreement means the same total and raw score, the same escalation verdict and missing hand-off
facts and, per criterion, the same points, applicability, evidence and forbidden phrases (turn,
pattern, words as typed), reason and model answer as `dojo replay SCENARIO --answers FILE
--format json` (seed 1). The transcript is the one `dojo replay` printed: the peer scores, it does not play
the conversation. Exit status 0 when every file agrees (or --bench ran), 1 otherwise.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dojo_peer  # noqa: E402


def answer_files(root):
    base = os.path.join(root, "answers")
    files = []
    for scenario_id in sorted(os.listdir(base)):
        folder = os.path.join(base, scenario_id)
        if os.path.isdir(folder):
            files += [(scenario_id, os.path.join(folder, name)) for name in sorted(os.listdir(folder))
                      if name.endswith(".txt")]
    return files


def replay(dojo, root, scenario_id, path):
    run = subprocess.run([dojo, "replay", scenario_id, "--answers", path, "--scenarios", root, "--format", "json"],
                         capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"))
    if run.returncode != 0:
        raise RuntimeError(f"dojo replay {scenario_id} --answers {path}: {run.stderr.strip()}")
    return json.loads(run.stdout)


def differences(swift, peer):
    found = []
    for key in ("score", "raw_score"):
        if abs(float(swift[key]) - peer[key]) > 1e-9:
            found.append(f"{key}: dojo {swift[key]} peer {peer[key]}")
    if swift["escalation"]["verdict"] != peer["verdict"]:
        found.append(f"verdict: dojo {swift['escalation']['verdict']} peer {peer['verdict']}")
    peer_criteria = {c["id"]: c for c in peer["criteria"]}
    for criterion in swift["criteria"]:
        mine = peer_criteria.get(criterion["id"])
        if mine is None:
            found.append(f"{criterion['id']}: missing in peer")
        elif (criterion["score"], criterion["applicable"]) != (mine["score"], mine["applicable"]):
            found.append(f"{criterion['id']}: dojo {criterion['score']}{'' if criterion['applicable'] else ' (n/a)'}"
                         f" peer {mine['score']}{'' if mine['applicable'] else ' (n/a)'}")
        elif criterion["id"] != "escalation":
            # The scorecard around the points: evidence and forbidden phrases (turn, pattern, words as
            # typed), the reason and the model answer.
            for key, name in (("evidence", "evidence"), ("violations", "violations")):
                theirs = [(e["turn"], e["pattern"], e["words"]) for e in criterion[key]]
                ours = [(turn, pattern, list(words)) for turn, pattern, words in mine[name]]
                if theirs != ours:
                    found.append(f"{criterion['id']} {key}: dojo {theirs} peer {ours}")
            for key in ("reason", "model_answer"):
                if criterion[key] != mine[key]:
                    found.append(f"{criterion['id']} {key}: dojo {criterion[key]!r} peer {mine[key]!r}")
    if sorted(swift["escalation"]["handoff_missing"]) != sorted(peer["handoff_missing"]):
        found.append(f"handoff_missing: dojo {swift['escalation']['handoff_missing']} peer {peer['handoff_missing']}")
    return found


def load_average():
    try:
        with open("/proc/loadavg") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dojo", default=".build/release/dojo")
    parser.add_argument("--scenarios", default="scenarios")
    parser.add_argument("--bench", metavar="DOJO_BENCH", help="also measure transcripts/s against dojo-bench")
    parser.add_argument("--seconds", type=float, default=1.0, help="time per side of each benchmark pair")
    parser.add_argument("--pairs", type=int, default=5, help="Swift/peer pairs the ratio is the median of")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()
    root = args.scenarios
    if not os.access(args.dojo, os.X_OK):
        raise RuntimeError(f"{args.dojo} is not an executable dojo (make release builds it)")
    lexicon = dojo_peer.Lexicon(os.path.join(root, "lexicon"))
    files = answer_files(root)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda item: replay(args.dojo, root, *item), files))
    scorers = {}
    results = []
    work = []
    for (scenario_id, path), report in zip(files, reports):
        if scenario_id not in scorers:
            scenario_file = dojo_peer.find_scenario_file(root, scenario_id)
            if scenario_file is None:
                raise RuntimeError(f"no scenario file under {root} declares id {scenario_id}")
            scenario = dojo_peer.Scenario(scenario_file)
            scorers[scenario_id] = dojo_peer.Scorer(dojo_peer.CompiledScenario(scenario, lexicon))
        transcript = dojo_peer.Transcript.from_replay(report)
        peer = scorers[scenario_id].score(transcript)
        found = differences(report, peer)
        results.append({"file": path, "scenario_id": scenario_id, "agrees": not found, "differences": found,
                        "score": report["score"], "peer_score": peer["score"]})
        if not found:
            work.append((scenario_id, path, scorers[scenario_id], transcript))
    agreeing = sum(1 for r in results if r["agrees"])
    output = {"files": len(results), "agreeing": agreeing, "results": results, "load": load_average()}
    if args.format == "text":
        for result in results:
            if not result["agrees"]:
                print(f"DIFFERS {result['file']}")
                for line in result["differences"]:
                    print(f"    {line}")
        print(f"peer      {agreeing} of {len(results)} answer files agree with dojo replay "
              f"(per criterion: points, evidence, forbidden phrases, reason, model answer; escalation verdict; total)")

    if args.bench and work:
        listing = os.path.join(os.path.dirname(os.path.abspath(args.dojo)), "peer-agreeing.tsv")
        with open(listing, "w") as handle:
            handle.writelines(f"{scenario_id}\t{path}\n" for scenario_id, path, _, _ in work)
        # One core (core 0) each, in turns: a Swift run, then the peer on the same transcripts, `--pairs`
        # times; the ratio is the median of the pairs' ratios, so that a change in load between
        # turns moves one pair, not the result.
        pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        try:
            os.sched_setaffinity(0, {0})
        except (AttributeError, OSError):
            pass
        for _, _, scorer, transcript in work:  # one untimed round, as the Swift side's replay warms its caches
            scorer.score(transcript)
        pairs = []
        for _ in range(args.pairs):
            run = subprocess.run(pin + [args.bench, root, args.dojo, "peer", listing], capture_output=True, text=True,
                                 env=dict(os.environ, DOJO_BENCH_PEER_SECONDS=str(args.seconds)))
            if run.returncode != 0:
                print(run.stderr, file=sys.stderr)
                sys.exit(1)
            swift_rate = json.loads(run.stdout.strip().splitlines()[-1])["per_second"]
            rounds = 0
            start = time.perf_counter()
            while True:
                for _, _, scorer, transcript in work:
                    scorer.score(transcript)
                rounds += 1
                elapsed = time.perf_counter() - start
                if elapsed >= args.seconds:
                    break
            python_rate = rounds * len(work) / elapsed
            pairs.append((swift_rate / python_rate, swift_rate, python_rate))
        pairs.sort()
        ratio, swift_rate, python_rate = pairs[len(pairs) // 2]
        output["bench"] = {"transcripts": len(work), "pairs": len(pairs), "swift_per_second": swift_rate,
                           "python_per_second": round(python_rate, 1), "ratio": round(ratio, 2),
                           "ratios": [round(r, 2) for r, _, _ in pairs], "target": 10, "load": load_average()}
        if args.format == "text":
            print(f"peer      {swift_rate:8.0f} transcripts/s Swift scorer, {python_rate:.0f} Python peer on the same "
                  f"{len(work)} transcripts, one core: {ratio:.1f}x (target >= 10x; median of {len(pairs)} pairs, "
                  f"{min(pairs)[0]:.1f}-{max(pairs)[0]:.1f}x; load {load_average()})")
    if args.format == "json":
        print(json.dumps(output, indent=2))
    sys.exit(0 if agreeing == len(results) or args.bench else 1)


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError, ValueError, KeyError) as error:
        print(f"check.py: error: {error}", file=sys.stderr)
        sys.exit(2)
