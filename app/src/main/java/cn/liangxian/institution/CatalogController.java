package cn.liangxian.institution;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The catalogs over REST: items as they apply in a region on a date, the Excel import (all or nothing; a refusal
 * lists every row's errors in Chinese and English) and its template.
 */
@RestController
@RequestMapping(path = "/api/v1/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "catalog", description = "药品目录、诊疗项目、医疗服务设施 / catalogs")
class CatalogController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Catalogs catalogs;
    private final CatalogImports imports;
    private final CatalogAccess access;
    private final MessageSource messages;

    CatalogController(Catalogs catalogs, CatalogImports imports, CatalogAccess access, MessageSource messages) {
        this.catalogs = catalogs;
        this.imports = imports;
        this.access = access;
        this.messages = messages;
    }

    @Operation(summary = "Catalog items in force on a date whose code or name contains q, as they apply in the region")
    @GetMapping("/items")
    List<CatalogItem> search(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String q, @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "false") boolean maternity,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestParam(defaultValue = "100") int limit) {
        ItemKind k = kind == null || kind.isBlank() ? null
                : ItemKind.parse(kind).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_ITEM_KIND", kind));
        return catalogs.search(access.region(me, region), q, k, maternity, date == null ? LocalDate.now() : date, limit);
    }

    @Operation(summary = "One item as it applies in the region on the date (self-pay share of class B items included)")
    @GetMapping("/items/{code}")
    CatalogItem item(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return catalogs.item(access.region(me, region), code, date == null ? LocalDate.now() : date)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "UNKNOWN_ITEM", code));
    }

    @Operation(summary = "Import catalog items from an Excel workbook (the template's columns); all rows or none")
    @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    CatalogImports.Result importFile(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) String region, @RequestParam("file") MultipartFile file) throws IOException {
        return imports.importWorkbook(access.region(me, region), file.getOriginalFilename(), file.getBytes());
    }

    @Operation(summary = "The Excel template of the catalog import")
    @GetMapping(path = "/template.xlsx", produces = XLSX)
    ResponseEntity<byte[]> template() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("目录导入模板-catalog-template.xlsx", java.nio.charset.StandardCharsets.UTF_8).build()
                        .toString())
                .body(imports.template());
    }

    /** A refused import: problem+json with every row's error in both languages. */
    @ExceptionHandler(CatalogImports.CatalogImportRefused.class)
    ResponseEntity<ProblemDetail> refused(CatalogImports.CatalogImportRefused e) {
        String zh = messages.getMessage("error." + e.code(), e.args(), Locale.SIMPLIFIED_CHINESE);
        String en = messages.getMessage("error." + e.code(), e.args(), Locale.ENGLISH);
        boolean english = "en".equals(LocaleContextHolder.getLocale().getLanguage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status(), english ? en : zh);
        p.setTitle(e.status().getReasonPhrase());
        p.setType(URI.create("urn:liangxian:problem:" + e.code().toLowerCase(Locale.ROOT).replace('_', '-')));
        p.setProperty("code", e.code());
        p.setProperty("message", english ? en : zh);
        p.setProperty("message_zh", zh);
        p.setProperty("message_en", en);
        p.setProperty("errors", e.errors().stream().map(r -> Map.of("row", r.row(), "column", r.column(),
                "code", r.code(), "message_zh", access.rowMessage(r, Locale.SIMPLIFIED_CHINESE),
                "message_en", access.rowMessage(r, Locale.ENGLISH))).toList());
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
