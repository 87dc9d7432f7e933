package cn.liangxian.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.dhatim.fastexcel.DataValidationErrorStyle;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;

import cn.liangxian.policy.Bilingual;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;

/**
 * The roster workbook (职工增减员表): the template employers fill in, reading an uploaded file row by row
 * (streaming), the errors file (the refused rows as uploaded, with the reasons added), and the download of
 * the employees covered on a date. The first eight columns of the template and of the errors file are the
 * same, so a corrected errors file can be uploaded again as it is.
 */
final class RosterSheet {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String DATA_SHEET = "花名册 Roster";
    static final String HELP_SHEET = "填写说明 Instructions";
    static final String EXAMPLE_SHEET = "示例 Example";
    static final String ERROR_SHEET = "错误明细 Errors";

    private RosterSheet() {
    }

    /** The columns of the template, in order; headers are bilingual ("操作 Action"). */
    enum Column implements Bilingual {
        ACTION("操作", "Action", 16),
        CERT_TYPE("证件类型", "Certificate type", 22),
        CERT_NUMBER("证件号码", "Certificate number", 24),
        NAME("姓名", "Name", 14),
        SEX("性别", "Sex", 9),
        PHONE("手机号码", "Mobile phone", 16),
        DATE("日期", "Date", 14),
        REMARKS("备注", "Remarks", 24);

        private final String zh;
        private final String en;
        private final int width;

        Column(String zh, String en, int width) {
            this.zh = zh;
            this.en = en;
            this.width = width;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }

        String header() {
            return zh + " " + en;
        }

        /** Whether a header cell names this column: "操作 Action", "操作", "Action" (spaces, line breaks, '/' ignored). */
        boolean named(String text) {
            String t = normal(text);
            return t.equals(normal(header())) || t.equals(normal(zh)) || t.equals(normal(en));
        }

        private static String normal(String s) {
            return s == null ? "" : s.replaceAll("[\\s/／]+", "").toLowerCase(Locale.ROOT);
        }
    }

    static final int COLUMNS = Column.values().length;

    /** What an employer asks for in one row (操作). */
    enum Action implements Bilingual {
        ADD("增员", "Add"),
        REMOVE("减员", "Remove"),
        CHANGE("变更", "Change");

        private final String zh;
        private final String en;

        Action(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }

        /** "增员", "ADD", "增员 ADD", "增员/Add" — any word of the cell naming one action, and no other. */
        static Optional<Action> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            Action found = null;
            for (String word : text.trim().split("[\\s/／,，()（）]+")) {
                for (Action a : values()) {
                    if (word.equals(a.zh) || word.equalsIgnoreCase(a.name()) || word.equalsIgnoreCase(a.en)) {
                        if (found != null && found != a) {
                            return Optional.empty();
                        }
                        found = a;
                    }
                }
            }
            return Optional.ofNullable(found);
        }
    }

    /** The certificate type of a cell: blank is the resident ID card; otherwise its Chinese or English name or code. */
    static Optional<CertType> certType(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(CertType.RESIDENT_ID);
        }
        String t = text.replaceAll("\\s+", "");
        for (CertType c : CertType.values()) {
            if (t.equals(c.zh()) || t.equalsIgnoreCase(c.en().replace(" ", "")) || t.equalsIgnoreCase(c.name())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** One data row as uploaded: its row number in the sheet (1 = the header) and the text of each column. */
    record RawRow(int number, String[] cells, boolean certNumberTypedAsNumber) {
        String cell(Column c) {
            return cells[c.ordinal()];
        }
    }

    // ------------------------------------------------------------------ template

    /** The template: the roster sheet with bilingual headers, and an instructions sheet with one example row. */
    static byte[] template(MessageSource messages) {
        return write(wb -> {
            Worksheet ws = wb.newWorksheet(DATA_SHEET);
            headers(ws, List.of(Column.values()).stream().map(Column::header).toList());
            for (Column c : Column.values()) {
                ws.width(c.ordinal(), c.width);
            }
            int last = 5000;
            // text columns keep leading zeros and all 18 characters of a certificate number
            for (Column c : List.of(Column.CERT_NUMBER, Column.PHONE, Column.NAME, Column.REMARKS)) {
                ws.style(c.ordinal()).format("@").set();
            }
            ws.style(Column.DATE.ordinal()).format("yyyy-mm-dd").set();
            list(ws, Column.ACTION, last, Stream.of(Action.values()).map(Action::zh).toList());
            list(ws, Column.CERT_TYPE, last, Stream.of(CertType.values()).map(CertType::zh).toList());
            list(ws, Column.SEX, last, List.of("男", "女"));
            ws.freezePane(0, 1);

            Worksheet help = wb.newWorksheet(HELP_SHEET);
            help.width(0, 70);
            help.width(1, 90);
            help.value(0, 0, message(messages, "roster.template.title", Locale.SIMPLIFIED_CHINESE));
            help.value(0, 1, message(messages, "roster.template.title", Locale.ENGLISH));
            help.range(0, 0, 0, 1).style().bold().fontSize(13).set();
            int r = 2;
            for (int i = 1; messages.getMessage("roster.template.help." + i, null, null, Locale.ENGLISH) != null; i++) {
                help.value(r, 0, message(messages, "roster.template.help." + i, Locale.SIMPLIFIED_CHINESE));
                help.value(r, 1, message(messages, "roster.template.help." + i, Locale.ENGLISH));
                help.range(r, 0, r, 1).style().wrapText(true).verticalAlignment("top").set();
                r++;
            }

            Worksheet example = wb.newWorksheet(EXAMPLE_SHEET);
            headers(example, List.of(Column.values()).stream().map(Column::header).toList());
            for (Column c : Column.values()) {
                example.width(c.ordinal(), c.width);
            }
            String[] row = { "增员", "居民身份证", "110105199003071239", "张三", "男", "13800138000", "2026-01-01",
                    message(messages, "roster.template.exampleRemark", Locale.SIMPLIFIED_CHINESE) + " / "
                            + message(messages, "roster.template.exampleRemark", Locale.ENGLISH) };
            for (int i = 0; i < row.length; i++) {
                example.value(1, i, row[i]);
            }
        });
    }

    private static void list(Worksheet ws, Column c, int last, List<String> values) {
        // a warning, not a refusal: the importer also reads the English names and codes
        ws.range(1, c.ordinal(), last, c.ordinal()).validateWithListByFormula("\"" + String.join(",", values) + "\"")
                .allowBlank(true).showDropdown(true).errorStyle(DataValidationErrorStyle.WARNING)
                .showErrorMessage(false);
    }

    private static void headers(Worksheet ws, List<String> headers) {
        for (int i = 0; i < headers.size(); i++) {
            ws.value(0, i, headers.get(i));
        }
        ws.range(0, 0, 0, headers.size() - 1).style().bold().fillColor("DDEBF7").wrapText(true).set();
    }

    private static String message(MessageSource messages, String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the data rows of an uploaded roster, streaming: refuses at once (400, nothing written) what is
     * not an .xlsx workbook, a roster sheet whose first row is not the template's headers, a file without data
     * rows and one with more than {@code maxRows}. Blank rows are skipped. {@code onRow} hears the count.
     */
    static List<RawRow> read(byte[] content, int maxRows, IntConsumer onRow) {
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_FILE_MISSING");
        }
        byte[] head = java.util.Arrays.copyOf(content, Math.min(content.length, 8));
        if (ReadableWorkbook.isOLE2Header(head)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_XLS_NOT_SUPPORTED");
        }
        if (!ReadableWorkbook.isOOXMLZipHeader(head)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_NOT_XLSX");
        }
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = wb.findSheet(DATA_SHEET).orElseGet(wb::getFirstSheet);
            boolean date1904 = wb.isDate1904();
            List<RawRow> rows = new ArrayList<>();
            boolean[] header = { false };
            try (Stream<Row> stream = sheet.openStream()) {
                java.util.Iterator<Row> it = stream.iterator();
                while (it.hasNext()) {
                    Row row = it.next();
                    if (!header[0]) {
                        requireHeaders(row);
                        header[0] = true;
                        continue;
                    }
                    RawRow raw = raw(row, date1904);
                    if (raw == null) {
                        continue;
                    }
                    if (rows.size() >= maxRows) {
                        throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_TOO_MANY_ROWS", String.valueOf(maxRows));
                    }
                    rows.add(raw);
                    onRow.accept(rows.size());
                }
            }
            if (!header[0]) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_BAD_HEADERS", expectedHeaders());
            }
            if (rows.isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_EMPTY");
            }
            return rows;
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_NOT_XLSX");
        }
    }

    private static void requireHeaders(Row row) {
        if (row.getRowNum() != 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_BAD_HEADERS", expectedHeaders());
        }
        for (Column c : Column.values()) {
            String text = row.getCellText(c.ordinal());
            if (!c.named(text)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_BAD_HEADERS", expectedHeaders());
            }
        }
    }

    static String expectedHeaders() {
        return String.join(" | ", Stream.of(Column.values()).map(Column::header).toList());
    }

    /** The texts of a data row, or null when it is blank. */
    private static RawRow raw(Row row, boolean date1904) {
        String[] cells = new String[COLUMNS];
        boolean any = false;
        boolean certNumber = false;
        for (Column c : Column.values()) {
            Cell cell = row.getOptionalCell(c.ordinal()).orElse(null);
            String text = null;
            if (cell != null && cell.getType() == CellType.NUMBER && cell.getValue() instanceof BigDecimal n) {
                if (c == Column.DATE) {
                    text = serialDate(n, date1904);
                } else {
                    text = n.stripTrailingZeros().toPlainString();
                    certNumber |= c == Column.CERT_NUMBER;
                }
            } else if (cell != null && cell.getType() != CellType.EMPTY) {
                text = cell.getText();
            }
            text = text == null ? null : text.strip();
            if (text != null && text.isEmpty()) {
                text = null;
            }
            any |= text != null;
            cells[c.ordinal()] = text;
        }
        return any ? new RawRow(row.getRowNum(), cells, certNumber) : null;
    }

    /** An Excel date serial as yyyy-MM-dd (the 1900 system counts from 1899-12-30 for dates after February 1900). */
    private static String serialDate(BigDecimal serial, boolean date1904) {
        if (serial.signum() <= 0 || serial.compareTo(BigDecimal.valueOf(2958465)) > 0) {
            return serial.toPlainString();
        }
        LocalDate base = date1904 ? LocalDate.of(1904, 1, 1) : LocalDate.of(1899, 12, 30);
        return base.plusDays(serial.longValue()).toString();
    }

    // ------------------------------------------------------------------ errors file and roster download

    /** One refused row: the row as uploaded and why. */
    record RefusedRow(int number, String[] cells, String reasons) {
    }

    /** The refused rows as uploaded, with two more columns: the reasons (Chinese and English) and the row number. */
    static byte[] errors(List<RefusedRow> rows) {
        return write(wb -> {
            Worksheet ws = wb.newWorksheet(ERROR_SHEET);
            List<String> headers = new ArrayList<>(Stream.of(Column.values()).map(Column::header).toList());
            headers.add("错误原因 Errors");
            headers.add("原行号 Row");
            headers(ws, headers);
            for (Column c : Column.values()) {
                ws.width(c.ordinal(), c.width);
            }
            ws.width(COLUMNS, 80);
            ws.width(COLUMNS + 1, 10);
            ws.style(Column.CERT_NUMBER.ordinal()).format("@").set();
            ws.style(Column.PHONE.ordinal()).format("@").set();
            ws.freezePane(0, 1);
            int r = 1;
            for (RefusedRow row : rows) {
                for (int i = 0; i < COLUMNS; i++) {
                    if (row.cells()[i] != null) {
                        ws.value(r, i, row.cells()[i]);
                    }
                }
                ws.value(r, COLUMNS, row.reasons());
                ws.style(r, COLUMNS).wrapText(true).fontColor("C00000").set();
                ws.value(r, COLUMNS + 1, row.number());
                r++;
                if (r % 10_000 == 0) {
                    flush(ws);
                }
            }
        });
    }

    /** The employees covered on a date, masked. */
    static byte[] roster(List<Enrollments.RosterLine> lines, String uscc, LocalDate date) {
        return write(wb -> {
            Worksheet ws = wb.newWorksheet("在保职工 Employees");
            headers(ws, List.of("证件号码 Certificate number", "姓名 Name", "性别 Sex",
                    "职工医保(310)参保日期 310 since", "生育保险(510)参保日期 510 since",
                    "单位 Employer " + uscc + " · " + date));
            int[] widths = { 24, 12, 10, 24, 24, 40 };
            for (int i = 0; i < widths.length; i++) {
                ws.width(i, widths[i]);
            }
            ws.freezePane(0, 1);
            int r = 1;
            for (Enrollments.RosterLine l : lines) {
                ws.value(r, 0, l.idNumber());
                ws.value(r, 1, l.name());
                ws.value(r, 2, l.sex() == null ? "" : "M".equals(l.sex()) ? "男 M" : "女 F");
                if (l.medicalSince() != null) {
                    ws.value(r, 3, l.medicalSince().toString());
                }
                if (l.maternitySince() != null) {
                    ws.value(r, 4, l.maternitySince().toString());
                }
                r++;
                if (r % 10_000 == 0) {
                    flush(ws);
                }
            }
        });
    }

    private interface Writing {
        void fill(Workbook wb) throws IOException;
    }

    private static byte[] write(Writing w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian", "1.0");
            w.fill(wb);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void flush(Worksheet ws) {
        try {
            ws.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
