package cn.liangxian.web;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;


/**
 * A file of rows with a header: an Excel workbook (xlsx, first sheet) or UTF-8 CSV (a BOM is allowed). Headers
 * name fields in English or Chinese through a table of aliases; a file with an unknown, repeated or missing
 * required column is refused as a whole (a {@code 400} with the stable code {@code <prefix>_COLUMNS}). Row numbers
 * are those a person sees (the header is row 1). Blank rows are skipped.
 */
public final class TableFile {

    /** One row: its number in the file and its non-blank fields by canonical name. */
    public record RawRow(int row, Map<String, String> fields) {
        public String get(String field) {
            return fields.get(field);
        }
    }

    /** Set on a row with values beyond the header's columns. */
    public static final String EXTRA = "_extra";

    private final String prefix;
    private final Map<String, String> aliases;
    private final List<String> required;

    /**
     * @param prefix   error code prefix ({@code COLLECTION_FILE} → {@code COLLECTION_FILE_EMPTY} …)
     * @param aliases  header (any case, spaces, underscores or hyphens) → canonical field; canonical names are
     *                 accepted as they are
     * @param required the fields a file must have as columns
     */
    public TableFile(String prefix, Map<String, String> aliases, List<String> required) {
        this.prefix = prefix;
        Map<String, String> a = new LinkedHashMap<>();
        aliases.forEach((k, v) -> {
            a.put(normalise(k), v);
            a.put(normalise(v), v);
        });
        this.aliases = Map.copyOf(a);
        this.required = List.copyOf(required);
    }

    public static String normalise(String name) {
        return name == null ? "" : name.strip().replace("\uFEFF", "").replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
    }

    /** The canonical field a header or key names (any case, spaces, underscores or hyphens), if any. */
    public java.util.Optional<String> field(String name) {
        return java.util.Optional.ofNullable(aliases.get(normalise(name)));
    }

    /** Reads an uploaded file; throws {@link ApiException} when the file as a whole cannot be read. */
    public List<RawRow> read(String fileName, byte[] content) {
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_EMPTY");
        }
        if (content.length >= 8 && ReadableWorkbook.isOOXMLZipHeader(content)) {
            return xlsx(content);
        }
        if (content.length >= 8 && ReadableWorkbook.isOLE2Header(content)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_UNSUPPORTED", fileName == null ? "-" : fileName);
        }
        return csv(content);
    }

    private List<RawRow> xlsx(byte[] content) {
        List<List<String>> table = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(content), new ReadingOptions(true, false));
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
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_UNREADABLE");
        }
        return rows(table, numbers);
    }

    private static final Set<Integer> DATE_FORMATS = Set.of(14, 15, 16, 17, 22, 27, 30, 36, 50, 57);

    private static String text(Cell c) {
        if (c == null || c.getType() == CellType.EMPTY) {
            return "";
        }
        if (c.getType() == CellType.NUMBER) {
            Integer id = c.getDataFormatId();
            String f = c.getDataFormatString();
            String plain = f == null ? "" : f.replaceAll("\"[^\"]*\"|\\[[^]]*]", "").toLowerCase(Locale.ROOT);
            if ((id != null && DATE_FORMATS.contains(id)) || plain.contains("y") || plain.contains("d")
                    || plain.contains("年")) {
                return c.asDate().toLocalDate().toString();
            }
            BigDecimal n = c.asNumber();
            return n.stripTrailingZeros().scale() <= 0 ? n.toBigInteger().toString() : n.toPlainString();
        }
        String t = c.getText();
        return t == null ? "" : t;
    }

    private List<RawRow> csv(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_NOT_UTF8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> table = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
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
                    numbers.add(recordLine);
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
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_UNREADABLE");
        }
        if (any || !field.isEmpty()) {
            record.add(field.toString());
            table.add(record);
            numbers.add(recordLine);
        }
        return rows(table, numbers);
    }

    private List<RawRow> rows(List<List<String>> table, List<Integer> numbers) {
        int headerAt = -1;
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).stream().anyMatch(s -> !s.isBlank())) {
                headerAt = i;
                break;
            }
        }
        if (headerAt < 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_EMPTY");
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
            String f = aliases.get(normalise(h));
            if (f == null) {
                unknown.add(h.strip());
            } else if (!seen.add(f)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_COLUMNS", "-", h.strip());
            } else {
                columns[i] = f;
            }
        }
        List<String> missing = required.stream().filter(c -> !seen.contains(c)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_COLUMNS",
                    missing.isEmpty() ? "-" : String.join(", ", missing), unknown.isEmpty() ? "-" : String.join(", ", unknown));
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
            for (int c = columns.length; c < cells.size(); c++) {
                if (!cells.get(c).isBlank()) {
                    fields.put(EXTRA, "true");
                    break;
                }
            }
            if (!fields.isEmpty()) {
                out.add(new RawRow(numbers.get(i), fields));
            }
        }
        if (out.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, prefix + "_EMPTY");
        }
        return out;
    }
}
