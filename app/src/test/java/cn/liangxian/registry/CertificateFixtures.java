package cn.liangxian.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import cn.liangxian.testsupport.Http;

/** Test data for birth certificates and flags: valid identifiers by sex, USCCs, files, multipart uploads. */
final class CertificateFixtures {

    private static final AtomicInteger SEQ = new AtomicInteger(ThreadLocalRandom.current().nextInt(100));
    private static final int[] ID_WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

    private CertificateFixtures() {
    }

    /** A valid resident ID of a woman (even 17th digit), born 1985–1994, unique enough per call. */
    static String femaleId(String prefix) {
        return citizenId(prefix, randomBirth(), false);
    }

    /** A valid resident ID of a man (odd 17th digit). */
    static String maleId(String prefix) {
        return citizenId(prefix, randomBirth(), true);
    }

    static String citizenId(String prefix, LocalDate birth, boolean male) {
        int seq = SEQ.incrementAndGet() % 100;
        int sexDigit = ThreadLocalRandom.current().nextInt(5) * 2 + (male ? 1 : 0);
        String body = prefix + birth.toString().replace("-", "") + String.format("%02d", seq) + sexDigit;
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    private static LocalDate randomBirth() {
        return LocalDate.of(1985, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 3650));
    }

    /** A unified social credit code of an enterprise in a region, with its GB 32100 check character. */
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

    /** A certificate number unique to the test run. */
    static String certNo() {
        return "渝" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    static byte[] csv(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A workbook with one sheet; {@link LocalDate} cells are written as dates formatted yyyy-mm-dd. */
    static byte[] xlsx(List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian-test", "1.0");
            Worksheet ws = wb.newWorksheet("生育服务证");
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof LocalDate d) {
                        ws.value(r, c, d);
                        ws.style(r, c).format("yyyy-mm-dd").set();
                    } else if (v instanceof Number n) {
                        ws.value(r, c, n);
                    } else if (v != null) {
                        ws.value(r, c, v.toString());
                    }
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** POSTs a multipart form with one file part (and text fields as name, value pairs). */
    static Http.Response upload(Http http, String path, String token, String fileName, byte[] content,
            String... fieldsAndHeaders) {
        String boundary = "----lx" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < fieldsAndHeaders.length; i += 2) {
            String name = fieldsAndHeaders[i];
            if (Character.isUpperCase(name.charAt(0))) {
                b.header(name, fieldsAndHeaders[i + 1]);
            } else {
                write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                        + fieldsAndHeaders[i + 1] + "\r\n");
            }
        }
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    b.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Http.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
