"""The fonts every leaflet is set in, named by file so the PDF is the same on every machine.

The files come from Debian's fonts-noto-core (see the README's set-up). Each is declared with
@font-face by path: WeasyPrint embeds exactly these, whatever fontconfig would have chosen.
PLANNER_FONT_DIR points elsewhere on a machine that keeps the same Noto files in another folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from planner.translations import Language, Script

DEBIAN_NOTO = Path("/usr/share/fonts/truetype/noto")


class FontsMissingError(RuntimeError):
    """The Noto font files are not installed."""


@dataclass(frozen=True)
class Face:
    family: str
    stem: str


#: One family per script; Latin text always comes from Noto Sans, whatever the language.
FAMILIES: dict[Script, Face] = {
    "latin": Face("Noto Sans", "NotoSans"),
    "arabic": Face("Noto Naskh Arabic", "NotoNaskhArabic"),
    "nastaliq": Face("Noto Nastaliq Urdu", "NotoNastaliqUrdu"),
    "gurmukhi": Face("Noto Sans Gurmukhi", "NotoSansGurmukhi"),
}
WEIGHTS = {"Regular": 400, "Bold": 700}


def font_dir() -> Path:
    return Path(os.environ.get("PLANNER_FONT_DIR") or DEBIAN_NOTO)


def font_files() -> dict[tuple[str, int], Path]:
    """(family, weight) -> file, for every face a leaflet may use; FontsMissingError names what is missing."""
    folder = font_dir()
    files = {(face.family, weight): folder / f"{face.stem}-{style}.ttf"
             for face in FAMILIES.values() for style, weight in WEIGHTS.items()}
    missing = sorted(path.name for path in files.values() if not path.is_file())
    if missing:
        raise FontsMissingError(f"the Noto fonts are not installed in {folder} (missing {', '.join(missing)}): "
                                "install Debian's fonts-noto-core, or set PLANNER_FONT_DIR to a folder holding them")
    return files


def font_face_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
        for (family, weight), path in font_files().items())


def family_stack(lang: Language) -> str:
    """Noto Sans first (for Latin letters, digits and codes), then the language's own script, then the rest."""
    order = [FAMILIES["latin"], FAMILIES[lang.script], *FAMILIES.values()]
    return ", ".join(f'"{face.family}"' for face in dict.fromkeys(order))
