"""Dutch wording shared by the pages: a count with its noun in the right number."""


def count(number: int, singular: str, plural: str) -> str:
    """`count(1, "traject", "trajecten")` → "1 traject"; 0 and 2 or more take the plural."""
    return f"{number} {singular if number == 1 else plural}"
