"""Harvesting DCAT-AP feeds into the register: fetch a page, parse it, map its datasets, run the
whole source with its report. catalog.harvest.run is the entry point."""
