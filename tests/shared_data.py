"""Where the tests find the real data kept beside the repository (../shared/data/): the
Pabulib elections, Open311 files, CBS figures and outlines. One definition, so that every
test reads the same place; KWARTIER_SHARED_DATA points elsewhere if needed."""

import os
from pathlib import Path

SHARED_DATA = Path(
    os.environ.get("KWARTIER_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
)
