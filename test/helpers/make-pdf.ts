/**
 * Writes small real PDF files for loader tests: Chinese text in the non-embedded Adobe-GB1 font STSong-Light
 * (UniGB-UCS2-H, as many Chinese PDFs use, so text extraction needs pdfjs's CMaps), or a page with only an image.
 */

/** A line of text at a position on an A4 page (PDF points from the bottom left), 12 pt unless `size` is given. */
export interface PdfLine {
  text: string;
  x: number;
  y: number;
  size?: number;
}

function ucs2Hex(text: string): string {
  return [...text].map((ch) => (ch.codePointAt(0) ?? 0x3f).toString(16).padStart(4, '0')).join('');
}

function assemble(objects: string[]): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function stream(content: string, dictionary = ''): string {
  return `<< ${dictionary} /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
}

/** A PDF whose pages carry the given lines as a real text layer. */
export function makeTextPdf(pages: PdfLine[][]): Buffer {
  // 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, then page + content per page.
  const pageIds = pages.map((_, i) => 6 + i * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  pages.forEach((lines, i) => {
    const content = lines
      .map((line) => `BT /F1 ${line.size ?? 12} Tf 1 0 0 1 ${line.x} ${line.y} Tm <${ucs2Hex(line.text)}> Tj ET`)
      .join('\n');
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${(pageIds[i] as number) + 1} 0 R >>`,
      stream(content),
    );
  });
  return assemble(objects);
}

/** A one-page PDF holding only a grey image, as a scanner makes: no text layer at all. */
export function makeScannedPdf(): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    stream('q 495 0 0 742 50 50 cm /Im1 Do Q'),
    stream(
      '\x80\x40\x40\x80',
      '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8',
    ),
  ]);
}

/** Lays out paragraphs as wrapped lines (`perLine` characters, first line indented), top to bottom from `top`. */
export function layOut(paragraphs: string[], top = 760, perLine = 32): PdfLine[] {
  const lines: PdfLine[] = [];
  let y = top;
  for (const paragraph of paragraphs) {
    const chars = [...paragraph];
    for (let i = 0; i < chars.length; ) {
      const first = i === 0;
      const take = first ? perLine - 2 : perLine;
      lines.push({ text: chars.slice(i, i + take).join(''), x: first ? 96 : 72, y });
      i += take;
      y -= 18;
    }
  }
  return lines;
}
