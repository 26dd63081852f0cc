"""Comparing two independent entries of one paper ballot (pure, no Django imports).

Two workers type the same paper ballot without seeing each other's entry. Only when
both agree is the ballot counted; otherwise the differences go to a coördinator. An
initiative left empty and one entered as 0 are the same choice.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    initiative: str  # key as in a ballot's choices: the initiative's id as text
    first: int  # points (approval: 1) in the first entry, 0 when not chosen
    second: int


def normalise(choices: dict) -> dict[str, int]:
    """Choices with text keys and whole-number values, without the zeros."""
    return {str(key): int(value) for key, value in choices.items() if int(value) != 0}


def differences(first: dict, second: dict) -> list[Difference]:
    """Where the two entries disagree, in the order of the initiative ids."""
    a, b = normalise(first), normalise(second)
    keys = sorted(set(a) | set(b), key=lambda k: (len(k), k))
    return [Difference(k, a.get(k, 0), b.get(k, 0)) for k in keys if a.get(k, 0) != b.get(k, 0)]
