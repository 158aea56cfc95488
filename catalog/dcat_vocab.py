"""The controlled vocabularies the DCAT-AP feed speaks, and how the register's values map onto
them. Publication (catalog.dcat) and harvesting (catalog.harvest) both read these tables, so what
one writes the other reads back.

Sources: EU Publications Office authority tables (access-right, frequency, file-type, language,
country), as DCAT-AP 3.0.1 §7 "Controlled vocabularies" recommends.
"""

from architecture.access import AccessLevel
from catalog.models import SyncFrequency

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"

# dct:accessRights. "Within the political system" is not public: NON_PUBLIC.
ACCESS_RIGHTS = {
    AccessLevel.PUBLIC: EU_AUTHORITY + "access-right/PUBLIC",
    AccessLevel.INTERNAL: EU_AUTHORITY + "access-right/NON_PUBLIC",
    AccessLevel.RESTRICTED: EU_AUTHORITY + "access-right/RESTRICTED",
}

# dct:accrualPeriodicity from the synchronization frequency.
FREQUENCIES = {
    SyncFrequency.CONTINUOUS: EU_AUTHORITY + "frequency/CONT",
    SyncFrequency.HOURLY: EU_AUTHORITY + "frequency/HOURLY",
    SyncFrequency.DAILY: EU_AUTHORITY + "frequency/DAILY",
    SyncFrequency.WEEKLY: EU_AUTHORITY + "frequency/WEEKLY",
    SyncFrequency.MONTHLY: EU_AUTHORITY + "frequency/MONTHLY",
    SyncFrequency.QUARTERLY: EU_AUTHORITY + "frequency/QUARTERLY",
    SyncFrequency.ANNUAL: EU_AUTHORITY + "frequency/ANNUAL",
    SyncFrequency.IRREGULAR: EU_AUTHORITY + "frequency/IRREG",
}

LANGUAGES = {"vi": EU_AUTHORITY + "language/VIE", "en": EU_AUTHORITY + "language/ENG"}
COUNTRY_VIETNAM = EU_AUTHORITY + "country/VNM"
THEME_TAXONOMY = EU_AUTHORITY + "data-theme"


def reverse(table: dict) -> dict:
    """IRI -> register value, for the harvester."""
    return {iri: value for value, iri in table.items()}
