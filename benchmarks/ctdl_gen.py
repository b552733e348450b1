"""Registry-shaped synthetic CTDL: N credential records as the Credential Engine registry
publishes them, for benchmarking ``aipath import ctdl``.

Usage: python benchmarks/ctdl_gen.py N OUT.jsonl [--seed 7]

Each line is a registry envelope (``decoded_resource`` an ``@graph`` document, ``updated_at``)
holding one credential node and its owner organisation, like a dump of the registry. The mix
follows the shapes in the shared samples: every credential class aipath reads (degrees take a
tenth), language maps (a few plain strings), 1-3 cost profiles of typed costs (a few without a
price or in euros), duration profiles (exact or min/max, some in hours, a few not ISO 8601),
``requires`` with ``targetCredential`` to earlier records, ``alternativeCondition``,
``yearsOfExperience``, text-only conditions, competencies, keywords, renewal frequencies, and
about 2% records an import skips (test placeholders, unknown classes, a diploma). Deterministic
for a seed. Stdlib only; about 2.5 KB a record.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from pathlib import Path
from typing import Any

CLASSES = [
    "ceterms:MasterDegree", "ceterms:BachelorDegree", "ceterms:DoctoralDegree",
    "ceterms:Certification", "ceterms:Certificate", "ceterms:License", "ceterms:Badge",
    "ceterms:MicroCredential", "ceterms:ProfessionalCertificate", "ceterms:AcademicCertificate",
    "ceterms:CertificateOfCompletion", "ceterms:OpenBadge", "ceterms:ProfessionalDoctorate",
]
WEIGHTS = [4, 3, 1, 14, 16, 8, 12, 12, 10, 8, 8, 3, 1]
KEYWORDS = ["ai-literacy", "ethics", "clinical-data-ehr", "machine learning", "nursing",
            "data-standards-interoperability", "leadership", "privacy-security", "python"]
COST_TYPES = [("costType:Tuition", "Tuition"), ("costType:AssessmentFee", "Assessment Fee"),
              ("costType:ApplicationFee", "Application Fee"),
              ("costType:AggregateCost", "Aggregate Cost")]
REGISTRY = "https://credentialengineregistry.org/resources/"


def _ctid(rnd: random.Random) -> str:
    return "ce-" + str(uuid.UUID(int=rnd.getrandbits(128), version=4))


def _lang(rnd: random.Random, text: str) -> Any:
    return text if rnd.random() < 0.02 else {rnd.choice(["en-US", "en-US", "en"]): text}


def _alignment(concept: str, label: str) -> dict[str, Any]:
    return {"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNode": concept,
            "ceterms:targetNodeName": {"en-US": label}}


def _costs(rnd: random.Random) -> list[dict[str, Any]]:
    out = []
    for _ in range(rnd.randint(1, 3)):
        concept, label = rnd.choice(COST_TYPES)
        prof: dict[str, Any] = {"@type": "ceterms:CostProfile",
                                "ceterms:directCostType": _alignment(concept, label),
                                "ceterms:description": {"en-US": f"{label} for the programme."},
                                "ceterms:costDetails": "https://example.edu/fees"}
        r = rnd.random()
        if r > 0.05:
            prof["ceterms:price"] = round(rnd.uniform(20, 60000), 2)
            prof["ceterms:currency"] = "EUR" if r > 0.97 else rnd.choice(["USD", "US Dollar"])
        out.append(prof)
    return out


def _durations(rnd: random.Random) -> list[dict[str, Any]]:
    r = rnd.random()
    if r < 0.03:
        return [{"@type": "ceterms:DurationProfile", "ceterms:exactDuration": "two years"}]
    if r < 0.25:
        return [{"@type": "ceterms:DurationProfile",
                 "ceterms:exactDuration": f"PT{rnd.randint(4, 200)}H"}]
    if r < 0.6:
        return [{"@type": "ceterms:DurationProfile",
                 "ceterms:exactDuration": f"P{rnd.randint(1, 48)}M"}]
    lo = rnd.randint(1, 4)
    return [{"@type": "ceterms:DurationProfile", "ceterms:minimumDuration": f"P{lo}Y",
             "ceterms:maximumDuration": f"P{lo}Y{rnd.randint(1, 11)}M"}]


def _requires(rnd: random.Random, earlier: list[str]) -> list[dict[str, Any]]:
    profiles: list[dict[str, Any]] = []
    if earlier and rnd.random() < 0.4:
        picks = rnd.sample(earlier[-500:], k=min(len(earlier[-500:]), rnd.randint(1, 2)))
        if len(picks) > 1 and rnd.random() < 0.5:
            profiles.append({
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": {"en-US": "One of these routes."},
                "ceterms:alternativeCondition": [
                    {"@type": "ceterms:ConditionProfile", "ceterms:name": {"en-US": f"route {i}"},
                     "ceterms:targetCredential": [REGISTRY + p]} for i, p in enumerate(picks)],
            })
        else:
            profiles.append({"@type": "ceterms:ConditionProfile",
                             "ceterms:description": {"en-US": "Hold the credentials named."},
                             "ceterms:targetCredential": [REGISTRY + p for p in picks]})
    if rnd.random() < 0.2:
        profiles.append({"@type": "ceterms:ConditionProfile",
                         "ceterms:description": {"en-US": "Work experience."},
                         "ceterms:yearsOfExperience": rnd.randint(1, 5)})
    if rnd.random() < 0.3:
        profiles.append({"@type": "ceterms:ConditionProfile", "ceterms:description": {
            "en-US": "Applicants submit transcripts, two references and a personal statement."}})
    if rnd.random() < 0.1:
        profiles.append({"@type": "ceterms:ConditionProfile",
                         "ceterms:description": {"en-US": "Required competencies."},
                         "ceterms:targetCompetency": [
                             _alignment(REGISTRY + "ce-competency", "A competency")] * 3})
    return profiles


def record(i: int, rnd: random.Random, earlier: list[str]) -> dict[str, Any]:
    """One registry envelope: a credential node and its owner's node."""
    ctid, org = _ctid(rnd), _ctid(rnd)
    r = rnd.random()
    cls = rnd.choices(CLASSES, WEIGHTS)[0]
    name = f"Synthetic {cls.split(':')[1]} {i} in Health Data"
    if r < 0.005:
        name = "TEST credential"
    elif r < 0.01:
        cls = "ceterms:FancyCredential"
    elif r < 0.015:
        cls = "ceterms:SecondarySchoolDiploma"
    node: dict[str, Any] = {
        "@id": REGISTRY + ctid, "@type": cls, "ceterms:ctid": ctid,
        "ceterms:name": _lang(rnd, name),
        "ceterms:description": {"en-US": f"A synthetic credential for benchmarking ({i}). " * 3},
        "ceterms:ownedBy": [REGISTRY + org],
        "ceterms:subjectWebpage": f"https://example.edu/programmes/{i}",
        "ceterms:credentialStatusType": _alignment("credentialStat:Active", "Active"),
        "ceterms:audienceLevelType": [_alignment("audLevel:ProfessionalLevel", "Professional")],
        "ceterms:learningDeliveryType": [_alignment(
            rnd.choice(["deliveryType:OnlineOnly", "deliveryType:InPerson"]), "Delivery")],
        "ceterms:keyword": {"en-US": rnd.sample(KEYWORDS, k=rnd.randint(0, 3))},
        "ceterms:estimatedCost": _costs(rnd),
        "ceterms:estimatedDuration": _durations(rnd),
        "ceterms:requires": _requires(rnd, earlier),
    }
    if rnd.random() < 0.3:
        node["ceterms:renewalFrequency"] = f"P{rnd.randint(1, 5)}Y"
    earlier.append(ctid)
    return {
        "envelope_type": "resource_data", "envelope_ceterms_ctid": ctid,
        "updated_at": f"2026-{rnd.randint(1, 11):02d}-{rnd.randint(1, 28):02d}T10:00:00.000Z",
        "decoded_resource": {
            "@context": "https://credreg.net/ctdl/schema/context/json",
            "@id": f"https://credentialengineregistry.org/graph/{ctid}",
            "@graph": [node, {"@id": REGISTRY + org, "@type": "ceterms:CredentialOrganization",
                              "ceterms:name": {"en-US": f"Provider {i % 997}"}}],
        },
    }


def write(n: int, out: Path, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    earlier: list[str] = []
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(record(i, rnd, earlier)) + "\n")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    write(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
