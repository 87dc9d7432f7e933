package cn.liangxian.institution;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.Multipart;

/** Catalog workbooks for tests: write one, read the template's header, upload and download. */
final class CatalogFiles {

    private CatalogFiles() {
    }

    /** A workbook whose first row is {@code header} and then {@code rows} (all cells text). */
    static byte[] xlsx(List<String> header, List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            for (int c = 0; c < header.size(); c++) {
                ws.value(0, c, header.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    if (!rows.get(r).get(c).isEmpty()) {
                        ws.value(r + 1, c, rows.get(r).get(c));
                    }
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first row of a workbook's first sheet. */
    static List<String> header(byte[] xlsx) {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
                Stream<Row> rows = wb.getFirstSheet().openStream()) {
            Row first = rows.findFirst().orElseThrow();
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < first.getCellCount(); i++) {
                cells.add(first.getCellText(i));
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs a multipart form: the file part {@code file} and a {@code region} field. */
    static Http.Response upload(Http http, String path, String token, String region, String fileName, byte[] content) {
        return http.postMultipart(path, new Multipart().field("region", region)
                .file("file", fileName, "application/octet-stream", content), "Authorization", "Bearer " + token);
    }

    static HttpResponse<byte[]> download(Http http, String path, String token) {
        return http.download(path, "Authorization", "Bearer " + token);
    }
}
