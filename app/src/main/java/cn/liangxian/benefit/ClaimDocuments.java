package cn.liangxian.benefit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
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

import cn.liangxian.estimate.ExplanationLine;
import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.web.PdfFont;

/**
 * The allowance notice (生育津贴核定通知书) as a PDF, in Chinese with the English beneath, and the employer's claim list
 * as an Excel workbook. The notice states the amount and how it was computed, who is paid, and what the employer
 * owes her: the difference where the allowance is below her wage (or that she keeps all of it where it is above,
 * as the region's rules say), or why the claim was refused.
 */
@Component
class ClaimDocuments {

    private final PdfFont font = new PdfFont(null, "ALLOWANCE_PDF_FONT_MISSING");

    private static String lineStatus(String status) {
        return switch (status) {
            case "PAID" -> "支付成功 / paid";
            case "FAILED" -> "支付失败 / failed";
            default -> "待银行回盘 / sent to the bank";
        };
    }

    byte[] notice(AllowanceClaims.Claim c) {
        return notice(c, List.of());
    }

    /** The notice with the claim's payment lines (batch, line, account, amount, bank's answer): a payment notice once paid. */
    byte[] notice(AllowanceClaims.Claim c, List<AllowancePayments.Line> payments) {
        BaseFont base = font.get();
        Font title = new Font(base, 15, Font.BOLD);
        Font normal = new Font(base, 9.5f);
        Font bold = new Font(base, 9.5f, Font.BOLD);
        Font small = new Font(base, 7.5f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 40, 40, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle("生育津贴核定通知书 #" + c.id());
            doc.addCreator("liangxian");
            doc.open();
            Paragraph h = new Paragraph("生育津贴核定通知书 / Maternity allowance notice", title);
            h.setAlignment(Element.ALIGN_CENTER);
            h.setSpacingAfter(10);
            doc.add(h);
            PdfPTable facts = new PdfPTable(new float[] { 30, 70 });
            facts.setWidthPercentage(100);
            row(facts, "申领编号 / Claim no.", String.valueOf(c.id()), bold, normal);
            row(facts, "统筹区 / Region", c.regionCode(), bold, normal);
            row(facts, "用人单位 / Employer", (c.employerName() == null ? "" : c.employerName() + " ")
                    + (c.employerUscc() == null ? "" : c.employerUscc()), bold, normal);
            row(facts, "参保人 / Insured", c.personName() + "  " + c.personIdNumber(), bold, normal);
            row(facts, "生育日期 / Date of birth", c.eventDate().toString(), bold, normal);
            MaternityCategory cat = MaternityCategory.valueOf(c.category());
            row(facts, "类别 / Event", cat.zh() + " / " + cat.en() + (c.fetusCount() > 1 ? "，" + c.fetusCount() + " 胎" : ""),
                    bold, normal);
            row(facts, "状态 / Status", c.status().zh() + " / " + c.status().en(), bold, normal);
            row(facts, "出具日期 / Issued on", java.time.LocalDate.now().toString(), bold, normal);
            if (c.status() != AllowanceClaims.Status.REFUSED) {
                row(facts, "假期天数 / Leave days", String.valueOf(c.leaveDays()), bold, normal);
                row(facts, "津贴天数 / Allowance days", String.valueOf(c.allowanceDays()), bold, normal);
                row(facts, "单位上年度职工月平均工资 / Employer's average monthly wage",
                        c.employerAvgWage() == null ? "—" : Amounts.fmt(c.employerAvgWage()) + " 元", bold, normal);
                row(facts, "日津贴 / Daily allowance", c.dailyRate() == null ? "—" : Amounts.fmt(c.dailyRate()) + " 元",
                        bold, normal);
                row(facts, "生育津贴 / Allowance", c.amount() == null ? "—" : Amounts.fmt(c.amount()) + " 元", bold, bold);
                row(facts, "支付对象 / Paid to", (c.paidToHer() ? "参保人本人（直接支付） / the insured herself, directly"
                        : "用人单位 / the employer") + "  " + c.payeeNameShown() + "  " + c.payeeAccount(), bold, normal);
            }
            doc.add(facts);
            if (!payments.isEmpty()) {
                Paragraph caption = new Paragraph("支付记录 / Payments", bold);
                caption.setSpacingBefore(10);
                caption.setSpacingAfter(4);
                doc.add(caption);
                PdfPTable paid = new PdfPTable(new float[] { 26, 8, 30, 16, 20 });
                paid.setWidthPercentage(100);
                for (String head : List.of("支付批次 / Batch", "行 / Line", "收款账户 / Account", "金额 / Amount",
                        "银行回盘 / Bank's answer")) {
                    paid.addCell(new PdfPCell(new Phrase(head, bold)));
                }
                for (AllowancePayments.Line l : payments) {
                    paid.addCell(new PdfPCell(new Phrase(l.batchNo(), normal)));
                    paid.addCell(new PdfPCell(new Phrase(String.valueOf(l.lineNo()), normal)));
                    // the line's name is the bank's; the notice shows the claim's, masked where it is hers
                    paid.addCell(new PdfPCell(new Phrase(c.payeeNameShown() + " " + l.payeeAccount(), normal)));
                    paid.addCell(new PdfPCell(new Phrase(Amounts.fmt(l.amount()) + " 元", normal)));
                    paid.addCell(new PdfPCell(new Phrase(lineStatus(l.status()) + (l.reason() == null ? "" : " " + l.reason()),
                            normal)));
                }
                doc.add(paid);
            }
            for (String s : statements(c)) {
                Paragraph p = new Paragraph(s, bold);
                p.setSpacingBefore(8);
                doc.add(p);
            }
            Paragraph caption = new Paragraph("计算过程 / How it was computed", bold);
            caption.setSpacingBefore(10);
            caption.setSpacingAfter(4);
            doc.add(caption);
            PdfPTable ex = new PdfPTable(new float[] { 5, 20, 16, 28, 31 });
            ex.setWidthPercentage(100);
            ex.setHeaderRows(1);
            for (String head : List.of("#", "参数 / Parameter", "取值 / Value", "依据 / Reference", "说明 / Note")) {
                PdfPCell cell = new PdfPCell(new Phrase(head, bold));
                cell.setBackgroundColor(new java.awt.Color(0xDD, 0xE7, 0xF0));
                ex.addCell(cell);
            }
            int i = 0;
            for (ExplanationLine l : c.explanation()) {
                ex.addCell(new PdfPCell(new Phrase(String.valueOf(++i), small)));
                ex.addCell(new PdfPCell(new Phrase(l.parameter(), small)));
                ex.addCell(new PdfPCell(new Phrase(l.value(), small)));
                ex.addCell(new PdfPCell(new Phrase((l.reference() == null ? "" : l.reference())
                        + (l.unverified() ? " [未核实 unverified]" : ""), small)));
                ex.addCell(new PdfPCell(new Phrase(l.note() == null ? "" : l.note(), small)));
            }
            doc.add(ex);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("notice of claim " + c.id() + " failed", e);
        }
        return out.toByteArray();
    }

    /** The sentences a notice states about the outcome, who is paid and the wage, in both languages. */
    static List<String> statements(AllowanceClaims.Claim c) {
        if (c.status() == AllowanceClaims.Status.REFUSED) {
            return List.of("不予受理 / Refused：" + c.refusalReason());
        }
        List<String> out = new java.util.ArrayList<>();
        if (c.paidToHer()) {
            out.add("生育津贴由经办机构直接支付至参保人本人银行账户（" + c.payeeAccount() + "），不经用人单位转付。 / The allowance "
                    + "is paid by the agency directly into her own bank account (" + c.payeeAccount()
                    + "), not through the employer.");
        }
        if (c.wageDifference() == null) {
            return out;
        }
        BigDecimal d = c.wageDifference();
        if (d.signum() > 0 && "EMPLOYER_PAYS_DIFFERENCE".equals(c.differenceRule())) {
            out.add("生育津贴低于本人工资标准，差额 " + Amounts.fmt(d) + " 元由用人单位补足。 / The allowance is below her wage: "
                    + "the employer pays the difference of " + Amounts.fmt(d) + " CNY.");
        } else if (d.signum() < 0 && "TO_EMPLOYEE".equals(c.differenceRule())) {
            out.add("生育津贴高于本人工资标准，全额发给职工本人，用人单位不得截留（高出 " + Amounts.fmt(d.negate()) + " 元）。 / "
                    + "The allowance exceeds her wage: she receives all of it; the employer keeps none of it.");
        } else if (d.signum() < 0 && "TO_EMPLOYER".equals(c.differenceRule())) {
            out.add("生育津贴高于本人工资标准，超出部分 " + Amounts.fmt(d.negate()) + " 元归用人单位。 / The allowance "
                    + "exceeds her wage: the excess stays with the employer.");
        }
        return out;
    }

    private static void row(PdfPTable t, String label, String value, Font lf, Font vf) {
        PdfPCell a = new PdfPCell(new Phrase(label, lf));
        a.setBackgroundColor(new java.awt.Color(0xF2, 0xF2, 0xF2));
        a.setPadding(4);
        t.addCell(a);
        PdfPCell b = new PdfPCell(new Phrase(value == null ? "" : value, vf));
        b.setPadding(4);
        t.addCell(b);
    }

    /** The employer's claims as a workbook. */
    byte[] excel(List<AllowanceClaims.Claim> claims, boolean zh) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian", "1.0");
            Worksheet ws = wb.newWorksheet(zh ? "生育津贴申领" : "Allowance claims");
            List<String> heads = zh ? List.of("申领编号", "姓名", "证件号码", "生育日期", "类别", "津贴天数", "生育津贴（元）", "状态",
                    "单位补差（元）", "申领人", "申领时间")
                    : List.of("Claim no.", "Name", "ID number", "Date of birth", "Event", "Allowance days",
                            "Allowance (CNY)", "Status", "Employer pays difference (CNY)", "Filed by", "Filed at");
            for (int i = 0; i < heads.size(); i++) {
                ws.value(0, i, heads.get(i));
                ws.style(0, i).bold().fillColor("DDE7F0").set();
            }
            int r = 0;
            for (AllowanceClaims.Claim c : claims) {
                r++;
                MaternityCategory cat = MaternityCategory.valueOf(c.category());
                ws.value(r, 0, c.id());
                ws.value(r, 1, c.personName());
                ws.value(r, 2, c.personIdNumber());
                ws.value(r, 3, c.eventDate().toString());
                ws.value(r, 4, zh ? cat.zh() : cat.en());
                if (c.allowanceDays() != null) {
                    ws.value(r, 5, c.allowanceDays());
                }
                if (c.amount() != null) {
                    ws.value(r, 6, c.amount());
                    ws.style(r, 6).format("#,##0.00").set();
                }
                ws.value(r, 7, zh ? c.status().zh() : c.status().en());
                if (c.wageDifference() != null && c.wageDifference().signum() > 0
                        && "EMPLOYER_PAYS_DIFFERENCE".equals(c.differenceRule())) {
                    ws.value(r, 8, c.wageDifference());
                    ws.style(r, 8).format("#,##0.00").set();
                }
                ws.value(r, 9, c.filedBy());
                ws.value(r, 10, c.createdAt().toLocalDate().toString());
            }
            ws.width(1, 12);
            ws.width(2, 22);
            ws.width(4, 24);
            ws.width(6, 16);
            ws.width(7, 18);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
