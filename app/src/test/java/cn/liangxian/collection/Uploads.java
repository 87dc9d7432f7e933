package cn.liangxian.collection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import cn.liangxian.testsupport.Http;

/** Files for collection tests: CSV and xlsx tables, multipart uploads and binary downloads. */
final class Uploads {

    private Uploads() {
    }

    static byte[] csv(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            b.append(String.join(",", r)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] xlsx(List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    ws.value(r, c, rows.get(r).get(c));
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** POSTs a multipart form with one file part named {@code file}. */
    static Http.Response upload(Http http, String path, String token, String fileName, byte[] content) {
        return http.postFile(path, fileName, content, "Authorization", "Bearer " + token);
    }

    /** GETs bytes (a download). */
    static HttpResponse<byte[]> download(Http http, String path, String token) {
        return http.download(path, "Authorization", "Bearer " + token);
    }
}
