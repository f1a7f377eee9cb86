"""PDF/A-2b for what the town files: XMP metadata (pdfaid part 2, conformance B), an sRGB
OutputIntent, document language, and a fixed creation date and document id from the data.

reportlab writes the rest (embedded TrueType subsets, no encryption, no transparency as long as
nobody draws with alpha). The same data thus gives the same bytes: the creation date comes from
the document (release date, print date), never from the clock, and the file id is a digest of
that date and the document's own key.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

ICC_PROFILE = Path(__file__).resolve().parents[4] / "resources" / "icc" / "sRGB.icc"
LANGUAGE = "de-DE"
PRODUCER = "contactdesk (ReportLab PDF Library)"
#: a fixed namespace for the XMP document ids (uuid5 of the document key)
_ID_NAMESPACE = uuid.UUID("3f1f5a52-8c1e-4c57-9d59-2b1b5d0c6a11")


def _xmp_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def xmp_packet(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    creator: str,
    created: datetime,
    document_key: str,
) -> bytes:
    """The XMP metadata of a PDF/A-2b file; its values equal those of the document info."""
    when = _xmp_date(created)
    doc_id = uuid.uuid5(_ID_NAMESPACE, document_key)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{escape(keywords)}</pdf:Keywords>
   <pdf:Producer>{escape(PRODUCER)}</pdf:Producer>
   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def fixed_timestamp(created: datetime) -> TimeStamp:
    """A reportlab time stamp for `created` (UTC) instead of the clock."""
    moment = created.astimezone(UTC)
    stamp = TimeStamp(invariant=1)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


def make_archival(
    canv: Canvas,
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    creator: str,
    created: datetime,
    document_key: str,
) -> None:
    """Turn the canvas's document into PDF/A-2b before anything is drawn on it."""
    doc = canv._doc  # type: ignore[attr-defined]  # reportlab: the canvas's PDFDocument, no public accessor
    doc._timeStamp = fixed_timestamp(created)
    # the file id: reportlab's digest of the (fixed) time and info, plus our key
    doc.updateSignature(hashlib.sha256(document_key.encode("utf-8")).hexdigest())
    doc.info.producer = PRODUCER
    catalog = doc.Catalog
    metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp_packet(
            title=title,
            author=author,
            subject=subject,
            keywords=keywords,
            creator=creator,
            created=created,
            document_key=document_key,
        ),
        filters=[],  # PDF/A: the metadata stream stays readable without decoding
    )
    catalog.Metadata = metadata
    icc = PDFStream(PDFDictionary({"N": 3}), ICC_PROFILE.read_bytes())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": doc.Reference(icc),
        }
    )
    catalog.OutputIntents = PDFArray([intent])
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
    catalog.Lang = PDFString(LANGUAGE)
