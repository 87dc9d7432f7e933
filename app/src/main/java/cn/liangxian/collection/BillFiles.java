package cn.liangxian.collection;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A payer's bill of one period as a file for the employer: CSV (UTF-8 with a BOM, like the tax hand-off) or Excel.
 * Two header rows (English field names, Chinese headers) as in the tax export, one line per person (certificate
 * number and name masked, as on screen), then the bill's totals. No full personal data leaves by this file.
 */
final class BillFiles {

    static final List<String[]> COLUMNS = List.of(new String[] { "line_no", "行号" },
            new String[] { "period", "费款所属期" }, new String[] { "payer_id", "缴费主体代码" },
            new String[] { "person_id", "人员编号" }, new String[] { "cert_number", "证件号码" },
            new String[] { "name", "姓名" }, new String[] { "kind", "参保类型" }, new String[] { "version", "版本" },
            new String[] { "declared_wage", "申报工资" }, new String[] { "base", "缴费基数" },
            new String[] { "employer_base", "单位缴费基数" }, new String[] { "employer_rate", "单位费率" },
            new String[] { "employee_rate", "个人费率" }, new String[] { "employer_amount", "单位应缴" },
            new String[] { "employee_amount", "个人应缴" }, new String[] { "total", "合计" },
            new String[] { "due_date", "缴费期限" });
    /** The columns that hold amounts (numbers in Excel). */
    private static final int FIRST_MONEY = 8;
    private static final int LAST_MONEY = 15;

    private BillFiles() {
    }

    /** The rows of the file under its two header rows: the lines, then the totals. */
    static List<List<String>> rows(Bills.Bill bill, List<Assessments.BillLine> lines) {
        List<List<String>> out = new ArrayList<>();
        String period = bill.period();
        int n = 0;
        BigDecimal base = BigDecimal.ZERO;
        for (Assessments.BillLine l : lines) {
            base = base.add(l.base());
            out.add(List.of(String.valueOf(++n), period, bill.payer(), String.valueOf(l.personId()), l.idNumber(),
                    l.name(), l.kind(), String.valueOf(l.version()), l.declared() ? l.wage().toPlainString() : "",
                    l.base().toPlainString(), l.employerBase().toPlainString(),
                    l.employerRate().stripTrailingZeros().toPlainString(),
                    l.employeeRate().stripTrailingZeros().toPlainString(), l.employerAmount().toPlainString(),
                    l.employeeAmount().toPlainString(), l.total().toPlainString(), bill.dueDate().toString()));
        }
        out.add(List.of("合计 / total", period, bill.payer(), "", "", bill.payerName(), "", "", "",
                base.setScale(2).toPlainString(), "", "", "", bill.employerDue().toPlainString(),
                bill.employeeDue().toPlainString(), bill.due().toPlainString(), bill.dueDate().toString()));
        return out;
    }

    static void csv(Bills.Bill bill, List<Assessments.BillLine> lines, OutputStream out) {
        try {
            Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write('\uFEFF');
            w.write(COLUMNS.stream().map(c -> c[0]).collect(Collectors.joining(",")) + "\r\n");
            w.write(COLUMNS.stream().map(c -> c[1]).collect(Collectors.joining(",")) + "\r\n");
            for (List<String> r : rows(bill, lines)) {
                w.write(r.stream().map(TaxExchange::csvQuote).collect(Collectors.joining(",")) + "\r\n");
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void excel(Bills.Bill bill, List<Assessments.BillLine> lines, OutputStream out) {
        try {
            Workbook wb = new Workbook(out, "liangxian", "1.0");
            Worksheet ws = wb.newWorksheet("账单 " + bill.period());
            for (int c = 0; c < COLUMNS.size(); c++) {
                ws.value(0, c, COLUMNS.get(c)[0]);
                ws.value(1, c, COLUMNS.get(c)[1]);
            }
            int row = 2;
            for (List<String> r : rows(bill, lines)) {
                for (int c = 0; c < r.size(); c++) {
                    String v = r.get(c);
                    if (c >= FIRST_MONEY && c <= LAST_MONEY && !v.isEmpty()) {
                        ws.value(row, c, new BigDecimal(v));
                    } else {
                        ws.value(row, c, v);
                    }
                }
                row++;
            }
            ws.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
