package cn.liangxian.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;

import cn.liangxian.web.ApiException;

/**
 * Reads a file of birth service certificates into rows of named fields: an Excel workbook (xlsx, first
 * sheet) or UTF-8 CSV, each with a header row. Headers are the field names in English ({@code cert_no},
 * {@code certNo}) or Chinese ({@code 证号}); unknown or missing columns refuse the whole file. Row numbers are
 * those a person sees in the spreadsheet (the header is row 1). Blank rows are skipped.
 */
final class CertificateFile {

    /** One row as read: its number in the file and its non-blank fields by canonical name. */
    record RawRow(int row, Map<String, String> fields) {
    }

    static final List<String> FIELDS = List.of("certNo", "kind", "motherCertType", "motherCertNumber", "motherName",
            "fatherCertType", "fatherCertNumber", "fatherName", "issuedOn", "childOrder", "issuer");
    static final List<String> REQUIRED_COLUMNS = List.of("certNo", "kind", "motherCertNumber", "motherName",
            "issuedOn");

    private static final Map<String, String> ALIASES = aliases();

    private CertificateFile() {
    }

    private static Map<String, String> aliases() {
        Map<String, String> a = new LinkedHashMap<>();
        for (String f : FIELDS) {
            a.put(normalise(f), f);
        }
        a.put("证号", "certNo");
        a.put("服务证编号", "certNo");
        a.put("证件编号", "certNo");
        a.put("种类", "kind");
        a.put("证件种类", "kind");
        a.put("母亲证件类型", "motherCertType");
        a.put("母亲证件号码", "motherCertNumber");
        a.put("motheridnumber", "motherCertNumber");
        a.put("母亲身份证号码", "motherCertNumber");
        a.put("母亲姓名", "motherName");
        a.put("父亲证件类型", "fatherCertType");
        a.put("父亲证件号码", "fatherCertNumber");
        a.put("fatheridnumber", "fatherCertNumber");
        a.put("父亲身份证号码", "fatherCertNumber");
        a.put("父亲姓名", "fatherName");
        a.put("发证日期", "issuedOn");
        a.put("孩次", "childOrder");
        a.put("发证机关", "issuer");
        return Map.copyOf(a);
    }

    /** {@code cert_no}, {@code certNo}, {@code Cert No} → {@code certno}. */
    static String normalise(String name) {
        return name == null ? "" : name.strip().replace("\uFEFF", "").replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
    }

    /** The canonical field a header or JSON key names, if any. */
    static Optional<String> field(String name) {
        return Optional.ofNullable(ALIASES.get(normalise(name)));
    }

    /** Reads an uploaded file; throws {@link ApiException} when the file as a whole cannot be read. */
    static List<RawRow> read(String fileName, byte[] content) {
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_EMPTY");
        }
        if (ReadableWorkbook.isOOXMLZipHeader(content)) {
            return xlsx(content);
        }
        if (ReadableWorkbook.isOLE2Header(content)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_UNSUPPORTED", fileName == null ? "-" : fileName);
        }
        return csv(content);
    }

    // ------------------------------------------------------------------ xlsx

    private static List<RawRow> xlsx(byte[] content) {
        List<List<String>> table = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(content),
                new ReadingOptions(true, false));
                Stream<Row> rows = wb.getFirstSheet().openStream()) {
            rows.forEach(r -> {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < r.getCellCount(); i++) {
                    cells.add(text(r.getCell(i)));
                }
                table.add(cells);
                numbers.add(r.getRowNum());
            });
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_UNREADABLE");
        }
        return rows(table, numbers);
    }

    /** A cell as text: dates as YYYY-MM-DD, whole numbers without a decimal point. */
    private static String text(Cell c) {
        if (c == null || c.getType() == CellType.EMPTY) {
            return "";
        }
        if (c.getType() == CellType.NUMBER) {
            if (isDateFormat(c)) {
                return c.asDate().toLocalDate().toString();
            }
            BigDecimal n = c.asNumber();
            return n.stripTrailingZeros().scale() <= 0 ? n.toBigInteger().toString() : n.toPlainString();
        }
        String t = c.getText();
        return t == null ? "" : t;
    }

    private static final Set<Integer> BUILT_IN_DATE_FORMATS = Set.of(14, 15, 16, 17, 22, 27, 30, 36, 50, 57);

    private static boolean isDateFormat(Cell c) {
        Integer id = c.getDataFormatId();
        if (id != null && BUILT_IN_DATE_FORMATS.contains(id)) {
            return true;
        }
        String f = c.getDataFormatString();
        if (f == null) {
            return false;
        }
        String plain = f.replaceAll("\"[^\"]*\"|\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return plain.contains("y") || plain.contains("d") || plain.contains("年");
    }

    // ------------------------------------------------------------------ csv

    private static List<RawRow> csv(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_NOT_UTF8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> table = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        parseCsv(text, table, numbers);
        return rows(table, numbers);
    }

    /** RFC 4180: fields separated by commas, optionally quoted with "" as an escaped quote; CRLF or LF. */
    static void parseCsv(String text, List<List<String>> table, List<Integer> lineNumbers) {
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !field.isEmpty()) {
                    record.add(field.toString());
                    table.add(record);
                    lineNumbers.add(recordLine);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
                line++;
                recordLine = line;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (quoted) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_UNREADABLE");
        }
        if (any || !field.isEmpty()) {
            record.add(field.toString());
            table.add(record);
            lineNumbers.add(recordLine);
        }
    }

    // ------------------------------------------------------------------ header and rows

    private static List<RawRow> rows(List<List<String>> table, List<Integer> numbers) {
        int headerAt = -1;
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).stream().anyMatch(s -> !s.isBlank())) {
                headerAt = i;
                break;
            }
        }
        if (headerAt < 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_EMPTY");
        }
        List<String> header = table.get(headerAt);
        String[] columns = new String[header.size()];
        Set<String> unknown = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isBlank()) {
                continue;
            }
            Optional<String> f = field(h);
            if (f.isEmpty()) {
                unknown.add(h.strip());
            } else if (!seen.add(f.get())) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_COLUMNS", "-", h.strip());
            } else {
                columns[i] = f.get();
            }
        }
        List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !seen.contains(c)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_COLUMNS",
                    missing.isEmpty() ? "-" : String.join(", ", missing),
                    unknown.isEmpty() ? "-" : String.join(", ", unknown));
        }
        List<RawRow> out = new ArrayList<>();
        for (int i = headerAt + 1; i < table.size(); i++) {
            List<String> cells = table.get(i);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int c = 0; c < cells.size() && c < columns.length; c++) {
                String v = cells.get(c).strip();
                if (columns[c] != null && !v.isEmpty()) {
                    fields.put(columns[c], v);
                }
            }
            boolean extra = false;
            for (int c = columns.length; c < cells.size(); c++) {
                extra |= !cells.get(c).isBlank();
            }
            if (extra) {
                fields.put("_extra", "true");
            }
            if (!fields.isEmpty()) {
                out.add(new RawRow(numbers.get(i), fields));
            }
        }
        if (out.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_EMPTY");
        }
        return out;
    }

    /** Rows pushed as JSON objects: keys named like the file's columns; the row number is the position from 1. */
    static List<RawRow> fromJson(List<Map<String, Object>> items) {
        if (items == null || items.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_EMPTY");
        }
        List<RawRow> out = new ArrayList<>();
        int n = 0;
        for (Map<String, Object> item : items) {
            n++;
            Map<String, String> fields = new LinkedHashMap<>();
            if (item != null) {
                for (Map.Entry<String, Object> e : item.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    String v = e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?> ? "\u0000"
                            : String.valueOf(e.getValue()).strip();
                    if (v.isEmpty()) {
                        continue;
                    }
                    Optional<String> f = field(e.getKey());
                    if (f.isPresent()) {
                        fields.put(f.get(), v);
                    } else {
                        fields.merge("_unknown", e.getKey(), (a, b) -> a + ", " + b);
                    }
                }
            }
            out.add(new RawRow(n, fields));
        }
        return out;
    }
}
