"""Write the ontology's documentation page with pyLODE: ontology/xuncha.ttl → output/ontology.html.

    python scripts/ontology_docs.py [--out output/ontology.html]

pyLODE's OntPub profile lists every class and property with its labels, comments, domains,
ranges and super-classes, and inlines its CSS, so the page opens offline.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "xuncha.ttl"


def make_docs(out: Path) -> Path:
    from pylode import OntPub
    from rdflib import RDF, Graph
    from rdflib.namespace import SKOS

    ontology = Graph().parse(ONTOLOGY)
    # pyLODE takes any skos:ConceptScheme for the document's subject and would describe the
    # status scheme in place of the ontology; untyped, the scheme is listed as an individual.
    ontology.remove((None, RDF.type, SKOS.ConceptScheme))
    out.parent.mkdir(parents=True, exist_ok=True)
    OntPub(ontology=ontology).make_html(destination=out, include_css=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "output" / "ontology.html", help="the HTML file to write"
    )
    print(make_docs(parser.parse_args().out))


if __name__ == "__main__":
    main()
