package cn.liangxian.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/** Roster workbooks for tests: write one, fill the downloaded template, read one back; multipart uploads. */
final class RosterFiles {

    static final String[] HEADERS = Stream.of(RosterSheet.Column.values()).map(RosterSheet.Column::header)
            .toArray(String[]::new);
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

    private RosterFiles() {
    }

    /** A roster with the template's headers and these rows (a String cell is text, a Number a number). */
    static byte[] xlsx(List<Object[]> rows) {
        return xlsx(HEADERS, rows);
    }

    static byte[] xlsx(String[] headers, List<Object[]> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet(RosterSheet.DATA_SHEET);
            for (int i = 0; i < headers.length; i++) {
                ws.value(0, i, headers[i]);
            }
            int r = 1;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] instanceof Number n) {
                        ws.value(r, i, n);
                    } else if (row[i] != null) {
                        ws.value(r, i, row[i].toString());
                    }
                }
                r++;
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Fills the downloaded template as a spreadsheet program would: the rows go into the roster sheet after its
     * header, everything else (other sheets, styles, list validations) stays as downloaded.
     */
    static byte[] fillTemplate(byte[] template, List<String[]> rows) {
        StringBuilder xml = new StringBuilder();
        int r = 2;
        for (String[] row : rows) {
            xml.append("<row r=\"").append(r).append("\">");
            for (int c = 0; c < row.length; c++) {
                if (row[c] != null) {
                    xml.append("<c r=\"").append((char) ('A' + c)).append(r).append("\" t=\"inlineStr\"><is><t>")
                            .append(row[c].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                            .append("</t></is></c>");
                }
            }
            xml.append("</row>");
            r++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean filled = false;
        try {
            java.nio.file.Path copy = java.nio.file.Files.createTempFile("roster-template", ".xlsx");
            java.nio.file.Files.write(copy, template);
            try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(copy.toFile());
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                for (ZipEntry e : java.util.Collections.list(in.entries())) {
                    byte[] content = in.getInputStream(e).readAllBytes();
                    if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                        String sheet = new String(content, StandardCharsets.UTF_8);
                        if (!sheet.contains("</sheetData>")) {
                            throw new IllegalStateException("no sheetData in the roster sheet");
                        }
                        content = sheet.replace("</sheetData>", xml + "</sheetData>").getBytes(StandardCharsets.UTF_8);
                        filled = true;
                    }
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    zip.write(content);
                    zip.closeEntry();
                }
            } finally {
                java.nio.file.Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!filled) {
            throw new IllegalStateException("the template has no first sheet");
        }
        return out.toByteArray();
    }

    /** The texts of every row of a sheet (by name, or the first sheet), row 1 first. */
    static List<List<String>> read(byte[] xlsx, String sheetName) {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = sheetName == null ? wb.getFirstSheet() : wb.findSheet(sheetName).orElseThrow();
            List<List<String>> rows = new ArrayList<>();
            for (Row row : sheet.read()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    cells.add(row.getCellText(i));
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> sheetNames(byte[] xlsx) {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            return wb.getSheets().map(Sheet::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger PEOPLE = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A valid citizen ID number of Changzhou, unique within the test run: people born from 1955 on, a thousand
     * per birth date (other test people are born from 1980 on).
     */
    static String citizenId() {
        int k = PEOPLE.getAndIncrement();
        String body = "320402" + java.time.LocalDate.of(1955, 1, 1).plusDays(k / 1000).toString().replace("-", "")
                + String.format("%03d", k % 1000);
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    /** 男 or 女, as the certificate number tells. */
    static String sexOf(String id) {
        return (id.charAt(16) - '0') % 2 == 1 ? "男" : "女";
    }

    static String otherSex(String id) {
        return sexOf(id).equals("男") ? "女" : "男";
    }

    /** A valid unified social credit code (GB 32100) for a region, unique enough for a test. */
    static String uscc(String region) {
        StringBuilder b = new StringBuilder("91").append(region);
        for (int i = 0; i < 9; i++) {
            b.append(USCC_CHARS.charAt(ThreadLocalRandom.current().nextInt(USCC_CHARS.length())));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(b.charAt(i)) * USCC_WEIGHTS[i];
        }
        return b.append(USCC_CHARS.charAt((31 - sum % 31) % 31)).toString();
    }

    /** An HTTP answer with its body as bytes. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    static Answer get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        return send(b, headers);
    }

    /** A multipart upload: the file part (if any) and text fields. */
    static Answer upload(String url, String fileName, byte[] file, Map<String, String> fields, String... headers) {
        String boundary = "----roster" + ThreadLocalRandom.current().nextLong(1L << 40);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                        + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (file != null) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + fileName + "\"\r\nContent-Type: " + RosterSheet.XLSX + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write(file);
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return send(b, headers);
    }

    private static Answer send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
