import json, re, collections
OUT = "/work/main/gold/dev_gold_a.jsonl"
REG = re.compile(r"^(RU|BY)-[A-Za-z]+$")
T = {"ECON","IND","AGRI","TRANS","ENERGY","EDU","CULT","SOC","TOUR","SEC","POL","INFO"}
A = {"FED","REG","LOC","BUS","CIV","CIT"}
ids = []; errs = []; rows = []
for n, l in enumerate(open(OUT, encoding="utf-8"), 1):
    try: r = json.loads(l)
    except Exception as e: errs.append(f"line {n}: {e}"); continue
    rows.append(r); ids.append(r["id"])
    keys = ["id","title","text","meta","union","interregional","regions","topics","substantive","problem","tone","actors","genre"]
    if list(r) != keys: errs.append(f"{r['id']} keys {list(r)}")
    m = r["meta"]
    if m["level"] not in {"federal","regional","local","union"}: errs.append(f"{r['id']} level")
    if m["country"] not in {"RU","BY","union"}: errs.append(f"{r['id']} country")
    for v in ["union","interregional","substantive","problem"]:
        if r[v] not in (0,1): errs.append(f"{r['id']} {v}")
    if r["tone"] not in (-1,0,1): errs.append(f"{r['id']} tone")
    if r["genre"] not in {"NEWS","INTERVIEW","ANALYSIS","OFFICIAL"}: errs.append(f"{r['id']} genre")
    for k, allowed in [("topics",T),("actors",A)]:
        if not set(r[k]) <= allowed: errs.append(f"{r['id']} {k} {r[k]}")
    for k in ["regions","topics","actors"]:
        if r[k] != sorted(set(r[k])): errs.append(f"{r['id']} {k} unsorted/dup")
    if not all(REG.match(x) for x in r["regions"]): errs.append(f"{r['id']} region code {r['regions']}")
    if r["union"] == 0 and (r["interregional"] or r["substantive"] or r["problem"] or r["tone"]): errs.append(f"{r['id']} union0 rule")
    wc = len(r["text"].split())
    if not 50 <= wc <= 420: errs.append(f"{r['id']} words {wc}")
if len(ids) != len(set(ids)): errs.append("dup ids")
exp = [f"A{i:03d}" for i in range(1, len(ids)+1)]
if ids != exp: errs.append("ids not sequential")
print(len(rows), "records;", "errors:" , errs or "none")
import sys
if "-v" in sys.argv:
    for v in ["union","interregional","substantive","problem","tone","genre"]:
        print(v, dict(sorted(collections.Counter(r[v] for r in rows).items())))
    for v in ["topics","actors"]:
        print(v, dict(sorted(collections.Counter(x for r in rows for x in r[v]).items())))
    print("level", dict(collections.Counter(r["meta"]["level"] for r in rows)))
    print("regions", dict(collections.Counter(x for r in rows for x in r["regions"]).most_common()))
    print("hard cases", sum(1 for r in rows if r["meta"]["hard_case"]))
