"""What registry records say that aipath never writes: read only, each term once.

:mod:`.vocabulary` holds the terms aipath writes and reads back; this module the rest of what
an import of Credential Engine registry records reads (:mod:`.importer`): how each credential
class reads as a type, level and recognition, the classes skipped, and the properties of
records and profiles that only publishers write. Stdlib only.
"""

from __future__ import annotations

from .vocabulary import Terms

__all__ = ["NOT_PLANNED", "RECORD", "REGISTRY_CLASSES", "is_credential_class"]

# How a registry record of each credential class is read: (type, subtype, level, recognition).
# A class means what its publisher means by it, which is not always what aipath writes it for:
# a registry Certification is an assessed certification, not known to be a board's, so it is a
# professional-certificate (board-certification is kept for ABMS and nursing boards, README);
# a registry Certificate is any certificate, not a fellowship. Recognition "academic" is taken
# only when the record names an accreditor (``accreditedBy``); None means not stated.
REGISTRY_CLASSES: dict[str, tuple[str, str | None, str, str | None]] = {
    "ceterms:AssociateDegree": ("degree", "associate degree", "undergraduate", "academic"),
    "ceterms:AssociateOfArtsDegree": ("degree", "associate degree", "undergraduate", "academic"),
    "ceterms:AssociateOfScienceDegree": ("degree", "associate degree", "undergraduate", "academic"),
    "ceterms:AssociateOfAppliedArtsDegree": ("degree", "associate degree", "undergraduate",
                                             "academic"),
    "ceterms:AssociateOfAppliedScienceDegree": ("degree", "associate degree", "undergraduate",
                                                "academic"),
    "ceterms:BachelorDegree": ("degree", "bachelor's degree", "undergraduate", "academic"),
    "ceterms:BachelorOfArtsDegree": ("degree", "bachelor's degree", "undergraduate", "academic"),
    "ceterms:BachelorOfScienceDegree": ("degree", "bachelor's degree", "undergraduate", "academic"),
    "ceterms:MasterDegree": ("degree", "master's degree", "graduate", "academic"),
    "ceterms:MasterOfArtsDegree": ("degree", "master's degree", "graduate", "academic"),
    "ceterms:MasterOfScienceDegree": ("degree", "master's degree", "graduate", "academic"),
    "ceterms:SpecialistDegree": ("degree", "specialist degree", "graduate", "academic"),
    "ceterms:DoctoralDegree": ("degree", "doctoral degree", "graduate", "academic"),
    "ceterms:ResearchDoctorate": ("degree", "research doctorate", "graduate", "academic"),
    "ceterms:ProfessionalDoctorate": ("degree", "professional doctorate", "graduate", "academic"),
    "ceterms:Degree": ("degree", None, "undergraduate", "academic"),
    "ceterms:AcademicCertificate": ("academic-certificate", None, "undergraduate", "academic"),
    "ceterms:PostBaccalaureateCertificate": ("academic-certificate",
                                             "post-baccalaureate certificate", "graduate",
                                             "academic"),
    "ceterms:PostMasterCertificate": ("academic-certificate", "post-master's certificate",
                                      "graduate", "academic"),
    "ceterms:License": ("licensure", None, "professional", "licence"),
    "ceterms:Certification": ("professional-certificate", "certification", "professional",
                              "professional-body"),
    "ceterms:ProfessionalCertificate": ("professional-certificate", None, "professional", None),
    "ceterms:Certificate": ("professional-certificate", "certificate", "professional", None),
    "ceterms:ProficiencyCertificate": ("professional-certificate", "proficiency certificate",
                                       "professional", None),
    "ceterms:BasicTechnicalCertificate": ("professional-certificate", "technical certificate",
                                          "introductory", None),
    "ceterms:WorkBasedLearningCertificate": ("professional-certificate",
                                             "work-based learning certificate", "professional",
                                             None),
    "ceterms:ApprenticeshipCertificate": ("professional-certificate", "apprenticeship",
                                          "professional", None),
    "ceterms:JourneymanCertificate": ("professional-certificate", "journeyman certificate",
                                      "professional", None),
    "ceterms:MasterCertificate": ("professional-certificate", "master certificate",
                                  "professional", None),
    "ceterms:CertificateOfCompletion": ("micro-credential", "certificate of completion",
                                        "professional", "course-certificate"),
    "ceterms:CertificateOfParticipation": ("micro-credential", "certificate of participation",
                                           "professional", "course-certificate"),
    "ceterms:MicroCredential": ("micro-credential", None, "professional", "course-certificate"),
    "ceterms:Badge": ("micro-credential", "badge", "professional", "course-certificate"),
    "ceterms:DigitalBadge": ("micro-credential", "digital badge", "professional",
                             "course-certificate"),
    "ceterms:OpenBadge": ("micro-credential", "open badge", "professional", "course-certificate"),
}
# Credential classes that are not on a path into healthcare AI (school diplomas, credentials
# for organisations): skipped with their class named, never guessed into a type.
NOT_PLANNED = frozenset({
    "ceterms:SecondarySchoolDiploma", "ceterms:GeneralEducationDevelopment",
    "ceterms:SecondaryEducationCertificate", "ceterms:Diploma",
    "ceterms:PreApprenticeshipCertificate", "ceterms:QualityAssuranceCredential",
})

# What the import reads that the writer never writes (registry records' own properties).
RECORD = Terms("registry record", [
    ("ctid", "ceterms:ctid"),
    ("aliases", "ceterms:alternateName"),
    ("offered_by", "ceterms:offeredBy"),
    ("accredited_by", "ceterms:accreditedBy"),
    ("entry_condition", "ceterms:entryCondition"),
    ("date_modified", "ceterms:dateModified"),
    ("cost_type", "ceterms:directCostType"),
    ("credits", "ceterms:creditValue"),
    ("credit_units", "ceterms:creditUnitValue"),
    ("credit_unit_type", "ceterms:creditUnitTypeDescription"),
    ("competencies", "ceterms:targetCompetency"),
    ("value", "schema:value"),
    ("value_description", "schema:description"),
])


_CREDENTIAL_WORDS = ("Degree", "Certificate", "Certification", "Credential", "Badge", "License",
                     "Diploma", "Doctorate")


def is_credential_class(cls: str) -> bool:
    """Whether a class names a kind of credential (one the tables know or one that looks like
    one, such as a newer degree class), rather than an organisation, a profile or a course."""
    return cls in REGISTRY_CLASSES or cls in NOT_PLANNED or (
        cls.startswith("ceterms:") and cls.endswith(_CREDENTIAL_WORDS))
