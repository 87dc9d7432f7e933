package cn.liangxian.fund;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import cn.liangxian.web.PdfFont;

/**
 * Writes a {@link ReportDocument} as an Excel workbook (FastExcel: amounts as numbers with two decimals, one sheet,
 * tables one under another) or as a PDF (OpenPDF, A4 landscape). PDFs need a font with Chinese glyphs: the first
 * of {@code liangxian.pdf.font} (a TTF/OTF file, or a TTC with ",index") and the Debian fonts that exist —
 * WenQuanYi Micro Hei (package fonts-wqy-microhei, Apache-2.0 or GPLv3 with the font exception) first. Without
 * one, a PDF is refused with {@code FUND_PDF_FONT_MISSING}, naming where it looked.
 */
@Component
class ReportFiles {

    static final String MONEY_FORMAT = "#,##0.00";

    private final PdfFont font;

    ReportFiles(@Value("${liangxian.pdf.font:}") String configured) {
        this.font = new PdfFont(configured, "FUND_PDF_FONT_MISSING");
    }

    // ------------------------------------------------------------------ Excel

    byte[] excel(ReportDocument d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian", "1.0");
            Worksheet ws = wb.newWorksheet(sheetName(d.title()));
            int columns = d.tables().stream().mapToInt(t -> t.columns().size()).max().orElse(1);
            int r = 0;
            ws.value(r, 0, d.title());
            ws.style(r, 0).bold().fontSize(14).set();
            r++;
            for (String m : d.meta()) {
                ws.value(r++, 0, m);
            }
            for (ReportDocument.Table t : d.tables()) {
                r++;
                if (t.caption() != null) {
                    ws.value(r, 0, t.caption());
                    ws.style(r, 0).bold().set();
                    r++;
                }
                for (int c = 0; c < t.columns().size(); c++) {
                    ws.value(r, c, t.columns().get(c).header());
                    ws.style(r, c).bold().fillColor("DDE7F0").wrapText(true).set();
                }
                r++;
                for (ReportDocument.Row row : t.rows()) {
                    for (int c = 0; c < row.cells().size(); c++) {
                        Object v = row.cells().get(c);
                        if (v instanceof BigDecimal n) {
                            ws.value(r, c, n);
                        } else if (v != null) {
                            ws.value(r, c, v.toString());
                        }
                        var style = ws.style(r, c);
                        if (v instanceof BigDecimal) {
                            style = style.format(MONEY_FORMAT);
                        }
                        if (c == 1 && row.indent() > 0) {
                            style = style.indent(row.indent());
                        }
                        if (row.style() == ReportDocument.Style.TOTAL || row.style() == ReportDocument.Style.PARENT) {
                            style = style.bold();
                        }
                        if (row.style() == ReportDocument.Style.MATERNITY) {
                            style = style.fillColor("FCE9F1");
                        }
                        style.set();
                    }
                    r++;
                }
            }
            r++;
            for (String n : d.notes()) {
                ws.value(r++, 0, n);
            }
            ws.width(0, 12);
            ws.width(1, 36);
            for (int c = 2; c < columns; c++) {
                ws.width(c, 18);
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ PDF

    byte[] pdf(ReportDocument d) {
        BaseFont base = font.get();
        Font title = new Font(base, 15, Font.BOLD);
        Font normal = new Font(base, 8.5f);
        Font bold = new Font(base, 8.5f, Font.BOLD);
        Font small = new Font(base, 8f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4.rotate(), 28, 28, 28, 28);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle(d.title());
            doc.addCreator("liangxian");
            doc.open();
            Paragraph h = new Paragraph(d.title(), title);
            h.setAlignment(Element.ALIGN_CENTER);
            h.setSpacingAfter(6);
            doc.add(h);
            for (String m : d.meta()) {
                doc.add(new Paragraph(m, small));
            }
            for (ReportDocument.Table t : d.tables()) {
                if (t.caption() != null) {
                    Paragraph c = new Paragraph(t.caption(), bold);
                    c.setSpacingBefore(8);
                    c.setSpacingAfter(3);
                    doc.add(c);
                } else {
                    doc.add(new Paragraph(" ", small));
                }
                float[] widths = new float[t.columns().size()];
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = t.columns().get(i).width();
                }
                PdfPTable table = new PdfPTable(widths);
                table.setWidthPercentage(100);
                table.setHeaderRows(1);
                for (ReportDocument.Column c : t.columns()) {
                    PdfPCell cell = new PdfPCell(new Phrase(c.header(), bold));
                    cell.setBackgroundColor(new java.awt.Color(0xDD, 0xE7, 0xF0));
                    cell.setHorizontalAlignment(c.amount() ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
                    cell.setPadding(3);
                    table.addCell(cell);
                }
                for (ReportDocument.Row row : t.rows()) {
                    boolean strong = row.style() == ReportDocument.Style.TOTAL
                            || row.style() == ReportDocument.Style.PARENT;
                    for (int i = 0; i < t.columns().size(); i++) {
                        Object v = i < row.cells().size() ? row.cells().get(i) : null;
                        String text = v instanceof BigDecimal n ? amount(n) : v == null ? "" : v.toString();
                        if (i == 1 && row.indent() > 0) {
                            text = "\u3000".repeat(row.indent()) + text;
                        }
                        PdfPCell cell = new PdfPCell(new Phrase(new Chunk(text, strong ? bold : normal)));
                        cell.setPadding(2.5f);
                        cell.setHorizontalAlignment(t.columns().get(i).amount() ? Element.ALIGN_RIGHT
                                : Element.ALIGN_LEFT);
                        if (row.style() == ReportDocument.Style.MATERNITY) {
                            cell.setBackgroundColor(new java.awt.Color(0xFC, 0xE9, 0xF1));
                        } else if (row.style() == ReportDocument.Style.TOTAL) {
                            cell.setBackgroundColor(new java.awt.Color(0xF2, 0xF2, 0xF2));
                        }
                        table.addCell(cell);
                    }
                }
                doc.add(table);
            }
            for (String n : d.notes()) {
                Paragraph p = new Paragraph(n, small);
                p.setSpacingBefore(6);
                doc.add(p);
            }
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("PDF of " + d.fileName() + " failed", e);
        }
        return out.toByteArray();
    }

    /** An amount as the files show it: grouped thousands, two decimals. */
    static String amount(BigDecimal n) {
        DecimalFormat f = new DecimalFormat(MONEY_FORMAT, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setParseBigDecimal(true);
        return f.format(n);
    }

    private static String sheetName(String title) {
        String s = title.replaceAll("[\\\\/?*\\[\\]:]", " ").trim();
        return s.length() > 31 ? s.substring(0, 31) : s;
    }
}
