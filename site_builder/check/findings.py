"""What a stage of the check found, recorded one way: `Findings.record`.

Problems are data, collected and never raised. A problem about a nomination goes onto that
nomination (its verdict is computed from them); every other problem goes onto the list of
the run, or of the one file being read. The reading stage keeps one `Findings` per file (what
the cache stores by blob id) and merges it into the run's, in file order.
"""
from __future__ import annotations

from collections.abc import Iterable

from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem


class Findings:
    """Nominations found and the problems not tied to one of them."""
    __slots__ = ("nominations", "problems")

    def __init__(self, nominations: list[Nomination] | None = None, problems: list[Problem] | None = None) -> None:
        self.nominations: list[Nomination] = [] if nominations is None else nominations
        self.problems: list[Problem] = [] if problems is None else problems  # not tied to one nomination

    def record(self, problem: Problem, nomination: Nomination | None = None) -> None:
        """Record one problem: onto `nomination` when it is about one, else onto this list."""
        if nomination is None:
            self.problems.append(problem)
        else:
            nomination.add(problem)

    def record_all(self, problems: Iterable[Problem], nomination: Nomination | None = None) -> None:
        """`record` each of `problems`, in order."""
        (self.problems if nomination is None else nomination.problems).extend(problems)

    def merge(self, other: Findings) -> None:
        """Take in another's nominations and problems (a file's, into the run's), after ours."""
        self.nominations += other.nominations
        self.problems += other.problems

    def __repr__(self) -> str:
        return f"Findings({len(self.nominations)} nominations, {len(self.problems)} problems)"
