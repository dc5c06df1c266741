"""Append a batch of Part A gold records to dev_gold_a.jsonl."""
import json, sys, importlib.util
OUT = "/work/main/gold/dev_gold_a.jsonl"

def rec(id, title, text, level, country, style, hard, union, inter, regions, topics, subst, problem, tone, actors, genre):
    return {"id": id, "title": title, "text": text.strip(),
            "meta": {"level": level, "country": country, "language": "ru", "outlet_style": style, "hard_case": hard},
            "union": union, "interregional": inter, "regions": sorted(regions), "topics": sorted(topics),
            "substantive": subst, "problem": problem, "tone": tone, "actors": sorted(actors), "genre": genre}

if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location("b", sys.argv[1]); m = importlib.util.module_from_spec(spec)
    m.rec = rec
    spec.loader.exec_module(m)
    existing = set()
    try:
        for l in open(OUT, encoding="utf-8"):
            existing.add(json.loads(l)["id"])
    except FileNotFoundError:
        pass
    with open(OUT, "a", encoding="utf-8") as f:
        for r in m.R:
            if r["id"] in existing:
                print("skip dup", r["id"]); continue
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("appended", len(m.R))
