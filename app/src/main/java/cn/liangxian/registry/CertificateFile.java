package cn.liangxian.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.TableFile;

/**
 * Reads a file of birth service certificates into rows of named fields: an Excel workbook (xlsx, first
 * sheet) or UTF-8 CSV, each with a header row. Headers are the field names in English ({@code cert_no},
 * {@code certNo}) or Chinese ({@code 证号}); unknown or missing columns refuse the whole file. Row numbers are
 * those a person sees in the spreadsheet (the header is row 1). Blank rows are skipped.
 */
final class CertificateFile {

    static final List<String> FIELDS = List.of("certNo", "kind", "motherCertType", "motherCertNumber", "motherName",
            "fatherCertType", "fatherCertNumber", "fatherName", "issuedOn", "childOrder", "issuer");
    static final List<String> REQUIRED_COLUMNS = List.of("certNo", "kind", "motherCertNumber", "motherName",
            "issuedOn");

    private static final TableFile TABLE = new TableFile("CERT_FILE", aliases(), REQUIRED_COLUMNS);

    private CertificateFile() {
    }

    private static Map<String, String> aliases() {
        Map<String, String> a = new LinkedHashMap<>();
        for (String f : FIELDS) {
            a.put(f, f);
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

    /** Reads an uploaded file; throws {@link ApiException} when the file as a whole cannot be read. */
    static List<TableFile.RawRow> read(String fileName, byte[] content) {
        return TABLE.read(fileName, content);
    }

    /** Rows pushed as JSON objects: keys named like the file's columns; the row number is the position from 1. */
    static List<TableFile.RawRow> fromJson(List<Map<String, Object>> items) {
        if (items == null || items.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_EMPTY");
        }
        List<TableFile.RawRow> out = new ArrayList<>();
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
                    Optional<String> f = TABLE.field(e.getKey());
                    if (f.isPresent()) {
                        fields.put(f.get(), v);
                    } else {
                        fields.merge("_unknown", e.getKey(), (a, b) -> a + ", " + b);
                    }
                }
            }
            out.add(new TableFile.RawRow(n, fields));
        }
        return out;
    }
}
