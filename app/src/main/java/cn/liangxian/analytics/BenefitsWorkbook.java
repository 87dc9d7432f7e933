package cn.liangxian.analytics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import cn.liangxian.analytics.BenefitsUnchanged.Measure;
import cn.liangxian.analytics.BenefitsUnchanged.ParamChange;
import cn.liangxian.analytics.BenefitsUnchanged.Report;
import cn.liangxian.analytics.BenefitsUnchanged.Row;
import cn.liangxian.policy.ResolvedParam;

/**
 * The report as an Excel workbook (FastExcel): a sheet of the cases with both results side by side, the verdict
 * and the causes; a sheet of the parameters whose value or citation differs between the two dates.
 */
final class BenefitsWorkbook {

    private static final String MONEY = "#,##0.00";

    private BenefitsWorkbook() {
    }

    static byte[] write(Report r, boolean zh) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian", "1.0");
            cases(wb.newWorksheet(zh ? "案例对照" : "Cases"), r, zh);
            changes(wb.newWorksheet(zh ? "参数变化" : "Parameter changes"), r, zh);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void cases(Worksheet ws, Report r, boolean zh) {
        ws.value(0, 0, (zh ? r.regionNameZh() : r.regionNameEn()) + (zh ? " 生育待遇合并前后对照" : " maternity benefits before and after the merger"));
        ws.style(0, 0).bold().fontSize(14).set();
        ws.value(1, 0, (zh ? "合并实施日 " : "Merger date ") + r.mergerDate() + "（" + r.mergerReference() + "）");
        ws.value(2, 0, (zh ? "对照日期：合并前 " : "Compared: before ") + r.before() + (zh ? "，合并后 " : ", after ") + r.after());
        int row = 4;
        List<String> head = new java.util.ArrayList<>(List.of(zh ? "案例" : "Case", zh ? "生育类别" : "Category",
                zh ? "胎儿数" : "Babies", zh ? "参保人类别" : "Insured kind", zh ? "医疗费用" : "Medical cost",
                zh ? "单位月平均工资" : "Employer avg wage"));
        for (Measure m : Measure.values()) {
            head.add((zh ? m.zh() : m.en()) + (zh ? "（合并前）" : " (before)"));
            head.add((zh ? m.zh() : m.en()) + (zh ? "（合并后）" : " (after)"));
        }
        head.add(zh ? "结论" : "Verdict");
        head.add(zh ? "差异原因（变化的参数及依据）" : "Cause (changed parameters and their references)");
        for (int c = 0; c < head.size(); c++) {
            ws.value(row, c, head.get(c));
            ws.style(row, c).bold().fillColor("EEF2F6").wrapText(true).set();
        }
        row++;
        for (Row x : r.rows()) {
            int c = 0;
            ws.value(row, c++, x.benefitCase().code());
            ws.value(row, c++, zh ? x.benefitCase().category().zh() : x.benefitCase().category().en());
            ws.value(row, c++, x.benefitCase().fetusCount());
            ws.value(row, c++, zh ? x.benefitCase().insuredKind().zh() : x.benefitCase().insuredKind().en());
            money(ws, row, c++, x.benefitCase().medicalCost());
            money(ws, row, c++, x.benefitCase().employerAvgMonthlyWage());
            for (Measure m : Measure.values()) {
                cell(ws, row, c++, x.before().computed() ? x.before().value(m) : null);
                cell(ws, row, c++, x.after().computed() ? x.after().value(m) : null);
            }
            ws.value(row, c++, verdict(x.verdict(), zh));
            ws.value(row, c, x.causes().stream().map(p -> cause(p)).collect(Collectors.joining("；")));
            row++;
        }
        ws.width(0, 7);
        ws.width(1, 22);
        ws.width(3, 26);
        for (int c = 4; c < head.size() - 2; c++) {
            ws.width(c, 13);
        }
        ws.width(head.size() - 2, 12);
        ws.width(head.size() - 1, 60);
        ws.freezePane(1, 5);
    }

    private static void changes(Worksheet ws, Report r, boolean zh) {
        List<String> head = List.of(zh ? "参数" : "Parameter", zh ? "含义" : "Meaning", zh ? "变化" : "Change",
                zh ? "合并前取值" : "Value before", zh ? "合并前依据" : "Reference before", zh ? "合并后取值" : "Value after",
                zh ? "合并后依据" : "Reference after", zh ? "案例是否读取" : "Read by the cases");
        for (int c = 0; c < head.size(); c++) {
            ws.value(0, c, head.get(c));
            ws.style(0, c).bold().fillColor("EEF2F6").set();
        }
        int row = 1;
        for (ParamChange p : r.changes()) {
            ws.value(row, 0, p.key());
            ws.value(row, 1, zh ? p.descriptionZh() : p.descriptionEn());
            ws.value(row, 2, kind(p, zh));
            side(ws, row, 3, p.before());
            side(ws, row, 5, p.after());
            ws.value(row, 7, r.read(p.key()) ? (zh ? "是" : "yes") : (zh ? "否" : "no"));
            row++;
        }
        if (r.changes().isEmpty()) {
            ws.value(row, 0, zh ? "两个日期的全部参数相同" : "Every parameter is the same on both dates");
        }
        ws.width(0, 44);
        ws.width(1, 40);
        ws.width(2, 14);
        ws.width(3, 16);
        ws.width(4, 48);
        ws.width(5, 16);
        ws.width(6, 48);
        ws.width(7, 12);
    }

    private static void side(Worksheet ws, int row, int col, ResolvedParam p) {
        if (p != null) {
            ws.value(row, col, p.display());
            ws.value(row, col + 1, p.reference() + "（" + p.jurisdictionCode() + "，" + p.from() + "，" + p.confidence().label() + "）");
        }
    }

    static String cause(ParamChange p) {
        String b = p.before() == null ? "—" : p.before().display();
        String a = p.after() == null ? "—" : p.after().display();
        String ref = p.after() != null ? p.after().reference() : p.before().reference();
        return p.key() + " " + b + " → " + a + "（" + ref + "）";
    }

    static String verdict(BenefitsUnchanged.Verdict v, boolean zh) {
        return switch (v) {
        case EQUAL -> zh ? "待遇相同" : "Equal";
        case EXPLAINED -> zh ? "有差异，已说明" : "Differs, explained";
        case UNEXPLAINED -> zh ? "有差异，未找到原因" : "Differs, unexplained";
        case NOT_COMPUTED -> zh ? "无法计算" : "Not computed";
        };
    }

    static String kind(ParamChange p, boolean zh) {
        return switch (p.kind()) {
        case VALUE_CHANGED -> zh ? "取值变化" : "Value changed";
        case RESTATED -> zh ? "重新规定，取值不变" : "Restated, same value";
        case ADDED -> zh ? "新增" : "Added";
        case REMOVED -> zh ? "废止" : "Removed";
        };
    }

    private static void cell(Worksheet ws, int row, int col, Object v) {
        if (v instanceof BigDecimal d) {
            money(ws, row, col, d);
        } else if (v instanceof Integer i) {
            ws.value(row, col, i);
        } else if (v != null) {
            ws.value(row, col, v.toString());
        }
    }

    private static void money(Worksheet ws, int row, int col, BigDecimal v) {
        if (v != null) {
            ws.value(row, col, v);
            ws.style(row, col).format(MONEY).set();
        }
    }
}
