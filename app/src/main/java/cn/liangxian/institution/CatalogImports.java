package cn.liangxian.institution;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * Imports catalog items from an Excel workbook (the first sheet, read as a stream) or, for shipped data, from
 * UTF-8 CSV with the same columns. Every row is checked; one bad row refuses the whole file and nothing is
 * written ({@link CatalogImportRefused} lists every row's errors in Chinese and English). Items are appended as
 * dated versions: a row repeating a version on record is skipped, a row that would change one, or begin before
 * the latest, is an error. A row's self-pay share applies to class B items in the importing clerk's region.
 */
@Service
public class CatalogImports {

    /** Who may import catalogs. */
    static final Set<Role> EDITORS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_APPROVER, Role.POLICY_ADMIN);
    /** Rows read from one file at most. */
    static final int MAX_ROWS = 50_000;

    /** The template's columns: canonical name, Chinese header, English header, required. */
    enum Column {
        CODE("项目编码", "Code", true),
        NAME("项目名称", "Name", true),
        KIND("目录类别", "Catalog", true),
        CLASS("甲乙丙类", "Class", true),
        UNIT("计价单位", "Unit", false),
        PRICE_CAP("最高限价（元）", "Price cap (CNY)", false),
        MATERNITY("生育相关", "Maternity", false),
        VALID_FROM("生效日期", "Valid from", true),
        VALID_TO("终止日期", "Valid to", false),
        REGION_SHARE("乙类自付比例（本统筹区）", "Class B self-pay share (this region)", false);

        final String zh;
        final String en;
        final boolean required;

        Column(String zh, String en, boolean required) {
            this.zh = zh;
            this.en = en;
            this.required = required;
        }
    }

    /** One row's error: the row as a person counts it (header = 1), the column, a code with arguments. */
    public record RowError(int row, String column, String code, List<String> args) {
    }

    /** A refused file: every row error; nothing was written. */
    public static class CatalogImportRefused extends ApiException {
        private final transient List<RowError> errors;

        CatalogImportRefused(List<RowError> errors) {
            super(HttpStatus.UNPROCESSABLE_CONTENT, "CATALOG_FILE_ROWS", errors.get(0).row(),
                    errors.stream().map(RowError::row).distinct().count());
            this.errors = List.copyOf(errors);
        }

        public List<RowError> errors() {
            return errors;
        }
    }

    /** What an import did. */
    public record Result(long importId, int rows, int itemsAdded, int sharesAdded, int unchanged) {
    }

    /** A checked row. */
    record Line(int row, String code, String name, ItemKind kind, ItemClass itemClass, String unit, BigDecimal priceCap,
            boolean maternity, LocalDate validFrom, LocalDate validTo, BigDecimal share) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final AuditTrail audit;
    private final AccessPolicy access;

    CatalogImports(JdbcClient jdbc, JdbcTemplate batch, AuditTrail audit, AccessPolicy access) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.audit = audit;
        this.access = access;
    }

    /** Imports an Excel workbook as the signed-in clerk; shares apply in {@code regionCode}. */
    @Transactional
    public Result importWorkbook(String regionCode, String fileName, byte[] content) {
        LiangxianUser by = Current.required();
        access.requireRole(by, EDITORS);
        access.requireVisible(by, AccessPolicy.Owner.region(regionCode));
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_EMPTY");
        }
        if (content.length < 8 || !ReadableWorkbook.isOOXMLZipHeader(content)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_UNREADABLE");
        }
        List<List<String>> table = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(content), new ReadingOptions(true, false));
                Stream<Row> rows = wb.getFirstSheet().openStream()) {
            rows.forEach(r -> {
                if (table.size() > MAX_ROWS) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_TOO_MANY_ROWS", MAX_ROWS);
                }
                List<String> cells = new ArrayList<>(r.getCellCount());
                for (int i = 0; i < r.getCellCount(); i++) {
                    cells.add(text(r.getCell(i)));
                }
                table.add(cells);
                numbers.add(r.getRowNum());
            });
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_UNREADABLE");
        }
        return load(by.getUsername(), regionCode, fileName, sha256(content), table, numbers);
    }

    /**
     * Imports shipped CSV data (UTF-8, comma-separated, no quoting) as the signed-in user, with the same checks;
     * used to load the demo catalog.
     */
    @Transactional
    public Result importCsv(String regionCode, String fileName, byte[] content) {
        LiangxianUser by = Current.required();
        access.requireRole(by, EDITORS);
        access.requireVisible(by, AccessPolicy.Owner.region(regionCode));
        String text = new String(content, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<List<String>> table = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank() || lines[i].startsWith("#")) {
                continue;
            }
            table.add(List.of(lines[i].split(",", -1)));
            numbers.add(i + 1);
        }
        return load(by.getUsername(), regionCode, fileName, sha256(content), table, numbers);
    }

    private Result load(String user, String regionCode, String fileName, String sha, List<List<String>> table,
            List<Integer> numbers) {
        int header = -1;
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).stream().anyMatch(s -> !s.isBlank())) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_EMPTY");
        }
        Map<Column, Integer> at = columns(table.get(header));
        List<RowError> errors = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = header + 1; i < table.size(); i++) {
            List<String> cells = table.get(i);
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            Line line = check(numbers.get(i), cells, at, errors);
            if (line != null) {
                Integer first = seen.putIfAbsent(line.code() + "@" + line.validFrom(), line.row());
                if (first != null) {
                    errors.add(new RowError(line.row(), Column.CODE.zh, "REPEATED", List.of(String.valueOf(first))));
                } else {
                    lines.add(line);
                }
            }
        }
        if (lines.isEmpty() && errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_EMPTY");
        }
        Plan plan = plan(regionCode, lines, errors);
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
            throw new CatalogImportRefused(errors);
        }
        batch.batchUpdate("""
                insert into catalog_item (code, valid_from, valid_to, name, kind, item_class, unit, price_cap,
                                          maternity_relevant, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", plan.items(), 500, (ps, l) -> {
            ps.setString(1, l.code());
            ps.setObject(2, l.validFrom());
            ps.setObject(3, l.validTo());
            ps.setString(4, l.name());
            ps.setString(5, l.kind().name());
            ps.setString(6, l.itemClass().name());
            ps.setString(7, l.unit());
            ps.setBigDecimal(8, l.priceCap());
            ps.setBoolean(9, l.maternity());
            ps.setString(10, user);
        });
        batch.batchUpdate("""
                insert into catalog_region_share (region_code, code, valid_from, valid_to, self_pay_share, recorded_by)
                values (?, ?, ?, ?, ?, ?)""", plan.shares(), 500, (ps, l) -> {
            ps.setString(1, regionCode);
            ps.setString(2, l.code());
            ps.setObject(3, l.validFrom());
            ps.setObject(4, l.validTo());
            ps.setBigDecimal(5, l.share());
            ps.setString(6, user);
        });
        int rows = lines.size();
        long id = jdbc.sql("""
                insert into catalog_import (region_code, file_name, file_sha256, rows_total, items_added, shares_added,
                                            imported_by)
                values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(regionCode, fileName, sha, rows, plan.items().size(), plan.shares().size(), user)
                .query(Long.class).single();
        audit.record(regionCode, "CATALOG_IMPORTED", "catalog_import", String.valueOf(id), null,
                (fileName == null ? "-" : fileName) + ": " + plan.items().size() + " items, " + plan.shares().size()
                        + " shares, " + plan.unchanged() + " unchanged");
        return new Result(id, rows, plan.items().size(), plan.shares().size(), plan.unchanged());
    }

    private record Plan(List<Line> items, List<Line> shares, int unchanged) {
    }

    private record Stored(LocalDate validFrom, LocalDate validTo, String name, String kind, String itemClass,
            String unit, BigDecimal priceCap, boolean maternity) {
    }

    /** Sorts the checked rows into new versions, new shares and rows already on record; conflicts are errors. */
    private Plan plan(String regionCode, List<Line> lines, List<RowError> errors) {
        Map<String, List<Stored>> stored = new HashMap<>();
        Map<String, Map<LocalDate, BigDecimal>> shares = new HashMap<>();
        List<String> codes = lines.stream().map(Line::code).distinct().toList();
        for (int i = 0; i < codes.size(); i += 1000) {
            List<String> chunk = codes.subList(i, Math.min(codes.size(), i + 1000));
            jdbc.sql("""
                    select code, valid_from, valid_to, name, kind, item_class, unit, price_cap, maternity_relevant
                    from catalog_item where code in (:codes)""").param("codes", chunk)
                    .query((rs, n) -> Map.entry(rs.getString("code"), new Stored(
                            rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                            rs.getString("name"), rs.getString("kind"), rs.getString("item_class"), rs.getString("unit"),
                            rs.getBigDecimal("price_cap"), rs.getBoolean("maternity_relevant"))))
                    .list().forEach(e -> stored.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            jdbc.sql("""
                    select code, valid_from, self_pay_share from catalog_region_share
                    where region_code = :region and code in (:codes)""").param("region", regionCode)
                    .param("codes", chunk)
                    .query((rs, n) -> new Object[] { rs.getString(1), rs.getObject(2, LocalDate.class),
                            rs.getBigDecimal(3) })
                    .list().forEach(o -> shares.computeIfAbsent((String) o[0], k -> new HashMap<>())
                            .put((LocalDate) o[1], (BigDecimal) o[2]));
        }
        List<Line> items = new ArrayList<>();
        List<Line> newShares = new ArrayList<>();
        int unchanged = 0;
        Map<String, LocalDate> latest = new HashMap<>();
        stored.forEach((code, list) -> latest.put(code,
                list.stream().map(Stored::validFrom).max(LocalDate::compareTo).orElseThrow()));
        List<Line> byDate = new ArrayList<>(lines);
        byDate.sort((a, b) -> a.validFrom().compareTo(b.validFrom()));
        for (Line l : byDate) {
            Stored same = stored.getOrDefault(l.code(), List.of()).stream()
                    .filter(s -> s.validFrom().equals(l.validFrom())).findFirst().orElse(null);
            boolean itemChanged = false;
            if (same != null) {
                if (!sameAs(same, l)) {
                    errors.add(new RowError(l.row(), Column.VALID_FROM.zh, "VERSION_DIFFERS",
                            List.of(l.code(), l.validFrom().toString())));
                    continue;
                }
            } else {
                LocalDate last = latest.get(l.code());
                if (last != null && !l.validFrom().isAfter(last)) {
                    errors.add(new RowError(l.row(), Column.VALID_FROM.zh, "VERSION_NOT_AFTER_LATEST",
                            List.of(l.code(), last.toString())));
                    continue;
                }
                items.add(l);
                latest.put(l.code(), l.validFrom());
                itemChanged = true;
            }
            boolean shareChanged = false;
            if (l.share() != null) {
                BigDecimal have = shares.getOrDefault(l.code(), Map.of()).get(l.validFrom());
                if (have == null) {
                    newShares.add(l);
                    shareChanged = true;
                } else if (have.compareTo(l.share()) != 0) {
                    errors.add(new RowError(l.row(), Column.REGION_SHARE.zh, "SHARE_DIFFERS",
                            List.of(l.code(), l.validFrom().toString(), have.toPlainString())));
                    continue;
                }
            }
            if (!itemChanged && !shareChanged) {
                unchanged++;
            }
        }
        return new Plan(items, newShares, unchanged);
    }

    private static boolean sameAs(Stored s, Line l) {
        return s.name().equals(l.name()) && s.kind().equals(l.kind().name()) && s.itemClass().equals(l.itemClass().name())
                && java.util.Objects.equals(s.unit(), l.unit()) && java.util.Objects.equals(s.validTo(), l.validTo())
                && (s.priceCap() == null ? l.priceCap() == null
                        : l.priceCap() != null && s.priceCap().compareTo(l.priceCap()) == 0)
                && s.maternity() == l.maternity();
    }

    private Map<Column, Integer> columns(List<String> header) {
        Map<String, Column> byName = new HashMap<>();
        for (Column c : Column.values()) {
            byName.put(norm(c.zh), c);
            byName.put(norm(c.en), c);
            byName.put(norm(c.name()), c);
        }
        Map<Column, Integer> at = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isBlank()) {
                continue;
            }
            // "项目编码 / Code" as the template writes it: either side names the column
            String[] sides = h.split("/");
            Column c = null;
            for (String side : sides) {
                c = c != null ? c : byName.get(norm(side));
            }
            if (c == null || at.containsKey(c)) {
                unknown.add(h.strip());
            } else {
                at.put(c, i);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c.required && !at.containsKey(c)) {
                missing.add(c.zh + " / " + c.en);
            }
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CATALOG_FILE_COLUMNS",
                    missing.isEmpty() ? "—" : String.join("、", missing), unknown.isEmpty() ? "—" : String.join("、", unknown));
        }
        return at;
    }

    private static String norm(String s) {
        return s.strip().replaceAll("[\\s_\\-()（）]", "").toLowerCase(Locale.ROOT);
    }

    private static Line check(int row, List<String> cells, Map<Column, Integer> at, List<RowError> errors) {
        int before = errors.size();
        Map<Column, String> v = new LinkedHashMap<>();
        at.forEach((c, i) -> v.put(c, i < cells.size() ? cells.get(i).strip() : ""));
        String code = v.get(Column.CODE);
        if (!code.matches("[A-Za-z0-9._-]{3,40}")) {
            errors.add(new RowError(row, Column.CODE.zh, "CODE", List.of(code)));
        }
        String name = v.get(Column.NAME);
        if (name.isEmpty() || name.length() > 200) {
            errors.add(new RowError(row, Column.NAME.zh, "NAME", List.of()));
        }
        ItemKind kind = ItemKind.parse(v.get(Column.KIND)).orElse(null);
        if (kind == null) {
            errors.add(new RowError(row, Column.KIND.zh, "KIND", List.of(v.get(Column.KIND))));
        }
        ItemClass cls = ItemClass.parse(v.get(Column.CLASS)).orElse(null);
        if (cls == null) {
            errors.add(new RowError(row, Column.CLASS.zh, "CLASS", List.of(v.get(Column.CLASS))));
        }
        String unit = v.getOrDefault(Column.UNIT, "");
        if (unit.length() > 20) {
            errors.add(new RowError(row, Column.UNIT.zh, "UNIT", List.of()));
        }
        BigDecimal cap = null;
        String capText = v.getOrDefault(Column.PRICE_CAP, "");
        if (!capText.isEmpty()) {
            cap = decimal(capText);
            if (cap == null || cap.signum() < 0 || cap.stripTrailingZeros().scale() > 2
                    || cap.compareTo(new BigDecimal("999999999999.99")) > 0) {
                errors.add(new RowError(row, Column.PRICE_CAP.zh, "PRICE_CAP", List.of(capText)));
                cap = null;
            } else {
                cap = cap.setScale(2, java.math.RoundingMode.UNNECESSARY);
            }
        }
        Boolean maternity = yesNo(v.getOrDefault(Column.MATERNITY, ""));
        if (maternity == null) {
            errors.add(new RowError(row, Column.MATERNITY.zh, "MATERNITY", List.of(v.get(Column.MATERNITY))));
        }
        LocalDate from = date(v.get(Column.VALID_FROM));
        if (from == null) {
            errors.add(new RowError(row, Column.VALID_FROM.zh, "DATE", List.of(v.get(Column.VALID_FROM))));
        }
        LocalDate to = null;
        String toText = v.getOrDefault(Column.VALID_TO, "");
        if (!toText.isEmpty()) {
            to = date(toText);
            if (to == null) {
                errors.add(new RowError(row, Column.VALID_TO.zh, "DATE", List.of(toText)));
            } else if (from != null && !to.isAfter(from)) {
                errors.add(new RowError(row, Column.VALID_TO.zh, "VALID_TO", List.of(toText)));
            }
        }
        BigDecimal share = null;
        String shareText = v.getOrDefault(Column.REGION_SHARE, "");
        if (!shareText.isEmpty()) {
            share = decimal(shareText.endsWith("%") ? null : shareText);
            if (shareText.endsWith("%")) {
                BigDecimal pct = decimal(shareText.substring(0, shareText.length() - 1).strip());
                share = pct == null ? null : pct.movePointLeft(2);
            }
            if (share == null || share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0
                    || share.stripTrailingZeros().scale() > 4) {
                errors.add(new RowError(row, Column.REGION_SHARE.zh, "SHARE", List.of(shareText)));
                share = null;
            } else if (cls != null && cls != ItemClass.B) {
                errors.add(new RowError(row, Column.REGION_SHARE.zh, "SHARE_ONLY_CLASS_B", List.of()));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Line(row, code, name, kind, cls, unit.isEmpty() ? null : unit, cap, maternity, from, to, share);
    }

    private static BigDecimal decimal(String s) {
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Boolean yesNo(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "", "否", "n", "no", "false", "0" -> Boolean.FALSE;
            case "是", "y", "yes", "true", "1" -> Boolean.TRUE;
            default -> null;
        };
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip().replace('/', '-').replace('.', '-');
        if (t.matches("\\d{8}")) {
            t = t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6);
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
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
            return n.stripTrailingZeros().scale() <= 0 ? n.toBigInteger().toString() : n.stripTrailingZeros().toPlainString();
        }
        if (c.getType() == CellType.BOOLEAN) {
            return Boolean.TRUE.equals(c.asBoolean()) ? "是" : "否";
        }
        String t = c.getText();
        return t == null ? "" : t;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The import template: the header (Chinese / English), three example rows, and a sheet explaining the columns. */
    public byte[] template() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian", "1.0");
            Worksheet ws = wb.newWorksheet("目录 Catalog");
            Column[] cols = Column.values();
            for (int c = 0; c < cols.length; c++) {
                ws.value(0, c, cols[c].zh + " / " + cols[c].en);
                ws.style(0, c).bold().fillColor("DDEBF7").set();
                ws.width(c, c == 1 ? 30 : 18);
            }
            String[][] examples = {
                    { "XH01BAS001A001010100001", "缩宫素注射液（1ml:10U）", "药品", "甲", "支", "3.50", "是", "2024-01-01", "", "" },
                    { "XJ01DCH123A001010100002", "头孢呋辛钠注射剂（0.75g）", "药品", "乙", "支", "", "是", "2024-01-01", "", "0.10" },
                    { "001202000010000", "床位费（产科普通病房）", "医疗服务设施", "甲", "日", "40.00", "是", "2024-01-01", "", "" } };
            for (int r = 0; r < examples.length; r++) {
                for (int c = 0; c < examples[r].length; c++) {
                    if (!examples[r][c].isEmpty()) {
                        ws.value(r + 1, c, examples[r][c]);
                    }
                }
            }
            Worksheet help = wb.newWorksheet("说明 Notes");
            String[][] notes = {
                    { "列 / Column", "说明", "Notes" },
                    { Column.CODE.zh, "必填。国家医保目录编码（3至40位字母、数字、.-_）", "Required. National catalog code (3 to 40 letters, digits, . - _)" },
                    { Column.NAME.zh, "必填。通用名及规格", "Required. Generic name and strength" },
                    { Column.KIND.zh, "必填。药品、诊疗项目或医疗服务设施", "Required. 药品 (drug), 诊疗项目 (service) or 医疗服务设施 (facility)" },
                    { Column.CLASS.zh, "必填。甲、乙或丙", "Required. 甲 (A), 乙 (B) or 丙 (C)" },
                    { Column.PRICE_CAP.zh, "可空。最高支付限价，元，最多两位小数", "Optional. Price cap in CNY, at most two decimals" },
                    { Column.MATERNITY.zh, "是或否（空为否）", "是 (yes) or 否 (no; empty is no)" },
                    { Column.VALID_FROM.zh, "必填。YYYY-MM-DD；新版本须晚于已有版本", "Required. YYYY-MM-DD; a new version begins after the versions on record" },
                    { Column.VALID_TO.zh, "可空。停止执行的日期（当日起不再适用）", "Optional. First day the item no longer applies" },
                    { Column.REGION_SHARE.zh, "可空。仅乙类：本统筹区的个人先行自付比例，0至1（或百分数）；空则按统筹区缺省比例",
                            "Optional, class B only: this region's self-pay share, 0 to 1 (or a percentage); empty uses the region's default" },
                    { "", "任一行有误则整个文件不导入，并列出所有错误。", "If any row is wrong nothing is imported and every error is listed." } };
            for (int r = 0; r < notes.length; r++) {
                for (int c = 0; c < notes[r].length; c++) {
                    help.value(r, c, notes[r][c]);
                }
            }
            help.width(0, 24);
            help.width(1, 60);
            help.width(2, 80);
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
