package cn.liangxian.me;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

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

import cn.liangxian.collection.ContributionRecords;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.PdfFont;

/**
 * 参保缴费及待遇证明: the insured person's notice of her coverage, contribution months and benefits as a PDF (OpenPDF,
 * A4), in Chinese with English headings. Her ID number and name stay masked as on every screen; the notice carries
 * a SHA-256 check code of its content so a copy can be compared with a fresh one. PDFs need a font with Chinese
 * glyphs: the first readable of {@code liangxian.pdf.font} and the Debian fonts (WenQuanYi Micro Hei first).
 */
@Component
class MeNotice {

    /** What the notice says, assembled by the page controller. */
    record Content(PersonDirectory.MaskedPerson person, String regionName, LocalDate issuedOn,
            ContributionRecords.Months months, List<MeTimelineEntry> entries) {
    }

    private final PdfFont font;

    MeNotice(@Value("${liangxian.pdf.font:}") String configured) {
        this.font = new PdfFont(configured, "ME_PDF_FONT_MISSING");
    }

    byte[] pdf(Content c) {
        BaseFont base = font.get();
        Font title = new Font(base, 16, Font.BOLD);
        Font heading = new Font(base, 11, Font.BOLD);
        Font normal = new Font(base, 9);
        Font small = new Font(base, 7.5f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 42, 42, 46, 46);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph t = new Paragraph("参保缴费及待遇证明", title);
            t.setAlignment(Element.ALIGN_CENTER);
            doc.add(t);
            Paragraph te = new Paragraph("Certificate of coverage, contributions and maternity benefits", small);
            te.setAlignment(Element.ALIGN_CENTER);
            te.setSpacingAfter(12);
            doc.add(te);
            doc.add(new Paragraph("参保人 / Insured person：" + c.person().name() + "    公民身份号码 / ID："
                    + c.person().idNumber(), normal));
            doc.add(new Paragraph("参保地 / Pooling region：" + c.regionName() + "（" + c.person().regionCode() + "）"
                    + "    出具日期 / Issued on：" + c.issuedOn(), normal));

            section(doc, "一、参保情况 / Coverage", heading);
            List<MeTimelineEntry> coverage = of(c, MeTimelineSource.COVERAGE);
            table(doc, normal, new float[] { 3.2f, 3.4f, 1.6f, 1.6f, 1.2f },
                    List.of("险种与身份 / Insurance", "参保单位 / Employer", "起 / From", "止 / To", "状态 / Status"),
                    coverage.stream().map(e -> List.of(e.titleZh(), e.detailZh(), String.valueOf(e.date()),
                            e.until() == null ? "至今" : e.until().toString(), e.statusZh())).toList());

            section(doc, "二、缴费情况 / Contributions", heading);
            ContributionRecords.Months m = c.months();
            doc.add(new Paragraph("累计缴费月数 / Months paid：" + m.cumulative() + "    当前连续缴费月数 / Consecutive："
                    + m.continuous() + "    首月 / First：" + period(m.firstPeriod()) + "    末月 / Last："
                    + period(m.lastPeriod()), normal));
            doc.add(new Paragraph("未缴清月份 / Months not paid in full：" + (m.unpaidPeriods().isEmpty() ? "无 / none"
                    : String.join("、", m.unpaidPeriods().stream().map(MeNotice::period).toList())), normal));

            section(doc, "三、生育待遇享受情况 / Maternity benefits", heading);
            List<MeTimelineEntry> benefits = c.entries().stream()
                    .filter(e -> !e.kind().equals(MeTimelineSource.COVERAGE)
                            && !e.kind().equals(MeTimelineSource.CONTRIBUTION))
                    .sorted(Comparator.comparing(MeTimelineEntry::date).reversed()).toList();
            if (benefits.isEmpty()) {
                doc.add(new Paragraph("无 / none", normal));
            } else {
                table(doc, normal, new float[] { 1.6f, 3.6f, 3.4f, 1.6f, 1.6f },
                        List.of("日期 / Date", "事项 / Item", "说明 / Details", "基金支付 / Paid", "状态 / Status"),
                        benefits.stream().map(e -> List.of(String.valueOf(e.date()), e.titleZh(), e.detailZh(),
                                e.amount() == null ? "—" : money(e.amount()), e.statusZh())).toList());
            }

            String text = content(c);
            Paragraph foot = new Paragraph("本证明由两险经办系统根据出具日的参保、缴费和待遇记录生成。"
                    + "校验码 / Check code (SHA-256)：" + sha256(text), small);
            foot.setSpacingBefore(16);
            doc.add(foot);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The facts the check code covers, in a fixed order. */
    static String content(Content c) {
        StringBuilder b = new StringBuilder();
        b.append(c.person().regionCode()).append('|').append(c.person().id()).append('|').append(c.issuedOn());
        b.append('|').append(c.months().cumulative()).append('|').append(c.months().continuous());
        c.entries().stream().sorted(Comparator.comparing(MeTimelineEntry::kind).thenComparing(MeTimelineEntry::date)
                .thenComparing(MeTimelineEntry::titleZh)).forEach(e -> b.append('|').append(e.kind()).append(',')
                        .append(e.date()).append(',').append(e.until()).append(',').append(e.titleZh()).append(',')
                        .append(e.amount() == null ? "" : e.amount().toPlainString()).append(',').append(e.statusZh()));
        return b.toString();
    }

    private static List<MeTimelineEntry> of(Content c, String kind) {
        return c.entries().stream().filter(e -> e.kind().equals(kind))
                .sorted(Comparator.comparing(MeTimelineEntry::date).reversed()).toList();
    }

    private static void section(Document doc, String text, Font f) throws DocumentException {
        Paragraph p = new Paragraph(text, f);
        p.setSpacingBefore(12);
        p.setSpacingAfter(5);
        doc.add(p);
    }

    private static void table(Document doc, Font f, float[] widths, List<String> head, List<List<String>> rows)
            throws DocumentException {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        for (String h : head) {
            PdfPCell cell = new PdfPCell(new Phrase(h, f));
            cell.setBackgroundColor(new java.awt.Color(0xEE, 0xF2, 0xF6));
            cell.setPadding(4);
            t.addCell(cell);
        }
        if (rows.isEmpty()) {
            PdfPCell cell = new PdfPCell(new Phrase("无 / none", f));
            cell.setColspan(head.size());
            cell.setPadding(4);
            t.addCell(cell);
        }
        for (List<String> r : rows) {
            for (String v : r) {
                PdfPCell cell = new PdfPCell(new Phrase(v == null ? "" : v, f));
                cell.setPadding(4);
                t.addCell(cell);
            }
        }
        doc.add(t);
    }

    /** A period key (YYYYMM) as a clerk writes it (YYYY-MM). */
    static String period(String key) {
        if (key == null) {
            return "—";
        }
        String k = key.replace("-", "");
        return k.length() == 6 ? k.substring(0, 4) + "-" + k.substring(4) : key;
    }

    static String money(BigDecimal v) {
        return String.format(java.util.Locale.ROOT, "%,.2f", v);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
