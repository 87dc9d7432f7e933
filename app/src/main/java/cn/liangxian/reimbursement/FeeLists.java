package cn.liangxian.reimbursement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;

import cn.liangxian.web.ApiException;

/**
 * A fee list (费用清单) as an Excel workbook: the first sheet, a header row naming the columns 项目编码 (item code,
 * optional), 项目名称 (item name), 数量 (quantity) and 金额 (amount; English headers code, name, quantity, amount
 * also work), then one fee per row. Blank rows are skipped; a row that cannot be read is refused with its number.
 */
final class FeeLists {

    static final int MAX_LINES = 500;

    private FeeLists() {
    }

    static List<Reimbursements.FeeLine> read(byte[] xlsx) {
        if (xlsx == null || xlsx.length < 4 || xlsx[0] != 'P' || xlsx[1] != 'K') {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_FEE_LIST_NOT_EXCEL");
        }
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            int code = -1;
            int name = -1;
            int qty = -1;
            int amount = -1;
            int header = -1;
            for (int r = 0; r < rows.size() && header < 0; r++) {
                Row row = rows.get(r);
                for (int c = 0; c < row.getCellCount(); c++) {
                    String h = text(row, c).toLowerCase(Locale.ROOT);
                    if (h.equals("项目编码") || h.equals("code")) {
                        code = c;
                    } else if (h.equals("项目名称") || h.equals("name")) {
                        name = c;
                    } else if (h.equals("数量") || h.equals("quantity")) {
                        qty = c;
                    } else if (h.equals("金额") || h.equals("amount")) {
                        amount = c;
                    }
                }
                if (name >= 0 && qty >= 0 && amount >= 0) {
                    header = r;
                }
            }
            if (header < 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_FEE_LIST_HEADER");
            }
            List<Reimbursements.FeeLine> lines = new ArrayList<>();
            for (int r = header + 1; r < rows.size(); r++) {
                Row row = rows.get(r);
                String n = text(row, name);
                String q = text(row, qty);
                String a = text(row, amount);
                if (n.isEmpty() && q.isEmpty() && a.isEmpty()) {
                    continue;
                }
                int rowNo = row.getRowNum();
                lines.add(new Reimbursements.FeeLine(code < 0 ? null : emptyToNull(text(row, code)), n,
                        number(q, rowNo), number(a, rowNo)));
                if (lines.size() > MAX_LINES) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_TOO_MANY_LINES", MAX_LINES);
                }
            }
            return lines;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_FEE_LIST_NOT_EXCEL");
        }
    }

    private static BigDecimal number(String s, int rowNo) {
        try {
            return new BigDecimal(s.replace(",", "").strip());
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_FEE_LIST_ROW", rowNo, s);
        }
    }

    private static String emptyToNull(String s) {
        return s.isBlank() ? null : s.strip();
    }

    private static String text(Row row, int c) {
        if (c < 0 || c >= row.getCellCount()) {
            return "";
        }
        Optional<Cell> cell = row.getOptionalCell(c);
        if (cell.isEmpty() || cell.get().getValue() == null) {
            return "";
        }
        Object v = cell.get().getValue();
        return (v instanceof BigDecimal d ? d.toPlainString() : v.toString()).strip();
    }
}
