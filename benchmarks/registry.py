"""A registry-shaped synthetic catalogue: the shipped credentials plus N records of a registry.

Usage: python benchmarks/registry.py N [-o catalogue.json] [--seed 7] [--format json|yaml]
                                     [--fill-cache [--check]]

A credential registry (Credential Engine's holds hundreds of thousands of records) is mostly
about other things than healthcare AI: degrees, certificates, licences and badges of every
trade and field, from thousands of providers. What an import of it looks like to the
planner, and what this generator makes:

- the shipped catalogue (its backgrounds, classes, skills and 115 credentials) comes first,
  so every role plans as it does today, with the registry's records added to it;
- the registry's records serve many occupations (``OCCUPATIONS`` backgrounds besides the four
  healthcare-AI roles) and teach competencies of a large framework (``COMPETENCIES`` skill
  tags); about :data:`HEALTH_SHARE` of them teach a healthcare-AI skill and are open to one of
  the four roles: the part a plan can use;
- many providers (one per ~25 records), types in a registry's proportions (degrees of every
  level, certificates, certifications, licences, badges), degrees joining the shipped classes
  (``bachelors-degree``, ``masters-degree``, ...) with ``counts_as``;
- entry rules as registries state them: a class ("a bachelor's degree"), an earlier record of
  the same field, ``any`` of alternatives (a degree or years of experience, a licence or a
  certificate), plain text where a registry gives only text; every rule names earlier records
  only, so the catalogue is earnable;
- unknown figures: about half the records publish no price and a third no length; evidence is
  the record's registry URL with its CTID (what ``import ctdl`` keeps).

Deterministic for a seed; the records are identical across sizes up to the smaller size.
Written a record at a time. --fill-cache also puts the catalogue's compiled form in the cache
(AIPATH_CACHE_DIR) without validating it, for sizes whose validation does not fit in memory;
--check validates it too and fails unless the two are the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path
from collections.abc import Iterator
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "credentials.yaml"
HEALTH_ROLES = ("physician", "nurse", "informaticist", "data-scientist")
OCCUPATIONS = 36  # other occupations a registry serves (accounting, welding, teaching, ...)
COMPETENCIES = 3000  # competency tags of the registry's framework
HEALTH_SHARE = 0.02  # records teaching a healthcare-AI skill, open to a healthcare-AI role
PROVIDER_EVERY = 25
# type, level, share, class it counts as (None: none)
KINDS = (
    ("degree", "undergraduate", 0.08, "associate-degree"),
    ("degree", "undergraduate", 0.14, "bachelors-degree"),
    ("degree", "graduate", 0.06, "masters-degree"),
    ("degree", "graduate", 0.01, "doctoral-degree"),
    ("academic-certificate", "undergraduate", 0.12, None),
    ("academic-certificate", "graduate", 0.04, None),
    ("professional-certificate", "professional", 0.22, None),
    ("board-certification", "professional", 0.03, None),
    ("licensure", "professional", 0.05, None),
    ("micro-credential", "introductory", 0.20, None),
    ("executive-education", "professional", 0.05, None),
)
UNITS = {"degree": ("years", 1, 5), "academic-certificate": ("months", 3, 18),
         "licensure": ("months", 1, 6), "micro-credential": ("hours", 4, 60),
         "executive-education": ("weeks", 1, 12)}
WINDOW = 400  # entry rules name records this close (the same field, roughly)


def shipped() -> dict[str, Any]:
    """The shipped catalogue as data (yaml is only needed to write the benchmark's fixture)."""
    import yaml

    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def head(base: dict[str, Any], seed: int = 7) -> dict[str, Any]:
    """Everything but the credentials: the shipped skills, classes and roles, the registry's
    competencies and occupations."""
    competencies = [f"competency-{k:04d}" for k in range(COMPETENCIES)]
    backgrounds = dict(base["backgrounds"])
    for k in range(OCCUPATIONS):
        own = random.Random(seed * 1000 + k)
        backgrounds[f"occupation-{k:02d}"] = {"label": f"Occupation {k}", "holds": [],
                                              "target_skills": own.sample(competencies, 8)}
    return {
        "schema_version": 1,
        "skills": {**base["skills"], **{t: f"registry competency {t[11:]}" for t in competencies}},
        "classes": base["classes"],
        "backgrounds": backgrounds,
    }


def make(n: int, seed: int = 7) -> dict[str, Any]:
    """The shipped catalogue with ``n`` registry records added (``n`` counts the records)."""
    base = shipped()
    return {**head(base, seed), "credentials": [*base["credentials"], *records(n, base, seed)]}


def records(n: int, base: dict[str, Any], seed: int = 7) -> Iterator[dict[str, Any]]:
    """The registry's ``n`` records, in the catalogue's format, one at a time."""
    health_skills = list(base["skills"])
    rnd = random.Random(seed)
    occupations = [f"occupation-{k:02d}" for k in range(OCCUPATIONS)]
    competencies = [f"competency-{k:04d}" for k in range(COMPETENCIES)]
    weights = [w for _, _, w, _ in KINDS]
    by_kind: dict[int, list[str]] = {i: [] for i in range(len(KINDS))}
    for i in range(n):
        k = rnd.choices(range(len(KINDS)), weights)[0]
        ctype, level, _, klass = KINDS[k]
        health = rnd.random() < HEALTH_SHARE
        cid = f"reg-{i:07d}"
        ctid = f"ce-{rnd.getrandbits(128):032x}"
        ctid = f"{ctid[:11]}-{ctid[11:15]}-{ctid[15:19]}-{ctid[19:23]}-{ctid[23:35]}"
        if health:
            roles = rnd.sample(HEALTH_ROLES, rnd.randint(1, 2))
            tags = rnd.sample(health_skills, rnd.randint(1, 3))
        else:
            roles = rnd.sample(occupations, rnd.randint(1, 3))
            tags = rnd.sample(competencies, rnd.randint(1, 4))
        c: dict[str, Any] = {
            "id": cid,
            "name": f"{'Health AI' if health else 'Registry'} {ctype.replace('-', ' ')} {i}",
            "provider": f"Registry provider {i // PROVIDER_EVERY}",
            "type": ctype,
            "level": level,
            "delivery": rnd.choice(("online", "in-person", "hybrid", "unknown")),
            "roles": roles,
            "skills": tags,
        }
        unit, lo, hi = UNITS.get(ctype, ("months", 1, 12))
        if rnd.random() < 0.67:
            a = rnd.randint(lo, hi)
            c["duration"] = {"min": a, "max": a + rnd.randint(0, lo), "unit": unit}
        else:
            c["duration"] = None
        if rnd.random() < 0.5:
            usd = rnd.randint(0, 60000 if ctype == "degree" else 4000)
            c["cost"] = {"usd": usd, "year": 2026, "basis": "tuition and fees (registry CostProfile)"}
        else:
            c["cost"] = None
        entry = _entry(rnd, k, ctype, level, by_kind, i)
        if entry is not None:
            c["entry"] = entry
        if klass is not None:
            c["counts_as"] = [klass]
            if health and level == "graduate" and rnd.random() < 0.4:  # an informatics master's
                c["counts_as"].append(rnd.choice(("informatics-graduate-degree",
                                                  "nursing-informatics-graduate-degree")))
        c["status"] = "active" if rnd.random() < 0.97 else "retired"
        url = f"https://credentialengineregistry.org/resources/{ctid}"
        c["url"] = None
        c["evidence"] = [{"url": url, "kind": "official", "verified_on": "2026-11-24"}]
        c["notes"] = (f"Imported from the registry ({ctid}). A synthetic record shaped like a "
                      "registry description: what the credential covers, who offers it, and "
                      "what a learner needs before starting, in a sentence or two.")
        by_kind[k].append(cid)
        yield c


def _near(rnd: random.Random, ids: list[str]) -> str | None:
    """An earlier record of a kind, from the last WINDOW of them (the same field, roughly)."""
    if not ids:
        return None
    return ids[len(ids) - 1 - rnd.randrange(min(len(ids), WINDOW))]


def _entry(rnd: random.Random, k: int, ctype: str, level: str, by_kind: dict[int, list[str]],
           i: int) -> Any:
    roll = rnd.random()
    if ctype == "degree" and level == "graduate":
        if k == 3:  # a doctorate: a master's, or a bachelor's and years of practice
            return {"any": [{"class": "masters-degree"},
                            [{"class": "bachelors-degree"},
                             {"experience": {"years": rnd.randint(2, 5), "field": "practice"}}]]}
        return {"class": "bachelors-degree"} if roll < 0.8 else {
            "any": [{"class": "bachelors-degree"}, {"text": "an equivalent international degree"}]}
    if ctype == "degree":
        return {"text": "high school diploma or equivalent"} if roll < 0.6 else None
    if ctype == "licensure":
        degree = _near(rnd, by_kind[1]) or _near(rnd, by_kind[0])
        rule: list[Any] = [degree] if degree else []
        rule.append({"text": "pass the state examination"})
        return rule
    if ctype == "board-certification":
        licence = _near(rnd, by_kind[8])
        alts: list[Any] = [{"all": [{"class": "bachelors-degree"},
                                    {"experience": {"years": rnd.randint(1, 4), "field": "practice"}}]}]
        if licence:
            alts.append(licence)
        cert = _near(rnd, by_kind[6])
        if cert:
            alts.append(cert)
        return {"any": alts} if len(alts) > 1 else alts[0]
    if ctype == "professional-certificate" and roll < 0.35:
        prior = _near(rnd, by_kind[9]) or _near(rnd, by_kind[6])
        if prior and roll < 0.2:
            return {"any": [prior, {"text": "equivalent work experience"}]}
        return {"text": "completion of the provider's prerequisite course or equivalent"}
    if ctype == "academic-certificate" and level == "graduate":
        return {"class": "bachelors-degree"}
    return None


def dumps(doc: dict[str, Any]) -> str:
    """The catalogue as JSON (the shipped part's YAML dates as ISO strings)."""
    return json.dumps(doc, ensure_ascii=False, default=str)


def write(n: int, path: Path, seed: int = 7, keep: list[Any] | None = None) -> str:
    """Write the catalogue as JSON a record at a time (what ``dumps(make(n))`` gives, never
    held whole); return its SHA-256. Each registry record is also appended to ``keep``."""
    base = shipped()
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        def put(text: str) -> None:
            data = text.encode("utf-8")
            digest.update(data)
            f.write(data)

        put(dumps(head(base, seed))[:-1] + ', "credentials": [')
        first = True
        for c in (*base["credentials"], *records(n, base, seed)):
            put(("" if first else ", ") + dumps(c))
            first = False
            if keep is not None and c["id"].startswith("reg-"):
                keep.append(_as_validated(c))
        put("]}")
    return digest.hexdigest()


def _as_validated(c: dict[str, Any]) -> Any:
    """A record as validation reads it (its one shorthand, ``usd``, spelled out)."""
    from aipath.models import credential_from_data

    cost = c.get("cost")
    if cost is not None:
        c = {**c, "cost": {"usd_min": cost["usd"], "usd_max": cost["usd"],
                           **{k: v for k, v in cost.items() if k != "usd"}}}
    return credential_from_data(c)


def fill_cache(n: int, path: Path, seed: int = 7) -> None:
    """Write the catalogue and put its compiled form in the cache without validating it: for
    sizes whose validation does not fit the machine's memory (the YAML node tree of a 1 GB
    file). The catalogue built is the one validation builds (checked at 10k by --check)."""
    from aipath.catalog import load_catalog
    from aipath.load.cache import cache_put
    from aipath.models import Background, Catalog

    kept: list[Any] = []
    sha = write(n, path, seed, kept)
    base = load_catalog()
    doc = head(shipped(), seed)
    backgrounds = dict(base.backgrounds)
    for bid, b in doc["backgrounds"].items():
        if bid not in backgrounds:
            backgrounds[bid] = Background(bid, b["label"], (), tuple(b["target_skills"]))
    cache_put(Catalog(path=str(path), sha256=sha, schema_version=1, skills=doc["skills"],
                      backgrounds=backgrounds, credentials=(*base.credentials, *kept),
                      classes=base.classes))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="registry records to add to the shipped catalogue")
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=("json", "yaml"), default="json")
    ap.add_argument("--fill-cache", action="store_true",
                    help="also put its compiled form in the cache (AIPATH_CACHE_DIR) unvalidated")
    ap.add_argument("--check", action="store_true",
                    help="with --fill-cache: validate too, and fail unless both are the same")
    args = ap.parse_args()
    if args.fill_cache:
        fill_cache(args.n, Path(args.output), args.seed)
        if args.check:
            import os

            from aipath.catalog import load_catalog

            filled = load_catalog(args.output, max_bytes=1 << 40)
            os.environ["AIPATH_NO_CACHE"] = "1"
            validated = load_catalog(args.output, max_bytes=1 << 40)
            assert filled == validated and filled.credentials == validated.credentials
            print("the filled cache holds the validated catalogue", file=sys.stderr)
    elif args.format == "yaml":
        import yaml

        text = yaml.safe_dump(make(args.n, args.seed), sort_keys=False, allow_unicode=True)
        Path(args.output).write_text(text, encoding="utf-8") if args.output else sys.stdout.write(text)
    elif args.output:
        write(args.n, Path(args.output), args.seed)
    else:
        sys.stdout.write(dumps(make(args.n, args.seed)))


if __name__ == "__main__":
    main()
