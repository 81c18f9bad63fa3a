"""Proposals from a statement's text: the exercises, sessions, chairmanship terms,
operations and milestones it names, with honest dates, for an editor to review.

``propose`` reads the text (English or Russian) and touches no database;
``matching.match_existing`` then says which proposals the calendar already holds.
"""

from events.domain.proposing.engine import propose
from events.domain.proposing.reading import sentences
from events.domain.proposing.records import KnownSeries, Proposal

__all__ = ["KnownSeries", "Proposal", "propose", "sentences"]
