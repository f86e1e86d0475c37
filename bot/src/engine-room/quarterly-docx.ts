import type { Partnership, QuarterlyReport } from '@pathways/core';

/**
 * The quarterly report as a Word document in the partnership's brand: its
 * logo on the first page, Arial 11 throughout, real headings and table header
 * rows so screen readers can navigate it. `docx` writes the Office Open XML.
 */
export async function quarterlyReportDocx(
  report: QuarterlyReport,
  partnership: Partnership,
  logo: { png: Buffer; alt: string; width: number; height: number } | undefined,
): Promise<Buffer> {
  // docx is about a megabyte of JavaScript that only this download needs: loaded when first
  // asked for, not by every start of the service.
  const {
    AlignmentType,
    Document,
    Header,
    HeadingLevel,
    ImageRun,
    Packer,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = await import('docx');
  const actionRows = [
    ['Made', 'made'],
    ['In progress at the end of the quarter', 'inProgress'],
    ['Completed', 'completed'],
    ['Overdue at the end of the quarter', 'overdue'],
    ['Impact tested', 'impactTested'],
  ] as const;
  const colour = partnership.brand.primaryColour.replace('#', '');
  const row = (cells: string[], header = false) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text) =>
          new TableCell({
            children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
          }),
      ),
    });
  const table = (header: string[], rows: string[][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [row(header, true), ...rows.map((r) => row(r))],
    });
  const firstPageHeader = logo
    ? new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [
              new ImageRun({
                type: 'png',
                data: logo.png,
                transformation: { width: logo.width, height: logo.height },
                altText: { name: 'Logo', title: logo.alt, description: logo.alt },
              }),
            ],
          }),
        ],
      })
    : undefined;

  const doc = new Document({
    title: `${report.title}, ${report.period}`,
    creator: 'Pathways',
    styles: {
      default: {
        document: { run: { font: partnership.brand.font, size: 22 } },
        heading1: { run: { font: partnership.brand.font, size: 32, bold: true, color: colour } },
        heading2: { run: { font: partnership.brand.font, size: 26, bold: true, color: colour } },
      },
    },
    sections: [
      {
        properties: { titlePage: true },
        headers: firstPageHeader ? { first: firstPageHeader } : {},
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            text: report.title,
          }),
          new Paragraph({ text: `${report.period}.` }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Key Lines of Enquiry' }),
          table(
            ['Measure', 'Number'],
            report.kloeFigures.map((f) => [f.label, String(f.value)]),
          ),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Received by theme' }),
          report.byTheme.length > 0
            ? table(
                ['Theme', 'Received'],
                report.byTheme.map((t) => [t.theme, String(t.received)]),
              )
            : new Paragraph({ text: 'None received this quarter.' }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Learning identified' }),
          ...(report.learningIdentified.length > 0
            ? report.learningIdentified.map(
                (l) =>
                  new Paragraph({
                    bullet: { level: 0 },
                    children: [
                      new TextRun({ text: `${l.reference}: `, bold: true }),
                      new TextRun(l.learning),
                    ],
                  }),
              )
            : [new Paragraph({ text: 'No learning was recorded this quarter.' })]),
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            text: 'Change for improvement: action figures',
          }),
          new Paragraph({
            text: 'Recommendations from every source, by quarter of the financial year so far.',
          }),
          table(
            ['Recommendations', ...report.actions.map((a) => `Quarter ${a.quarter}`)],
            actionRows.map(([label, key]) => [label, ...report.actions.map((a) => String(a[key]))]),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
