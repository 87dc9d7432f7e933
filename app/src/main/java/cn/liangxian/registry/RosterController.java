package cn.liangxian.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * Roster uploads and downloads over REST: the template, the upload (answered 202 with the import, which
 * runs in the background), its status and progress, the refused rows as .xlsx, and the employees covered on
 * a date. The upload accepts an {@code Idempotency-Key} header: a repeat gets the first answer.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "roster", description = "职工增减员 / employers' roster uploads")
class RosterController {

    private final RosterImports imports;

    RosterController(RosterImports imports) {
        this.imports = imports;
    }

    @Operation(summary = "The roster template to fill in (.xlsx, bilingual headers, instructions and an example)")
    @GetMapping("/employers/{uscc}/roster/template.xlsx")
    ResponseEntity<byte[]> template(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc) {
        return xlsx(imports.template(me, uscc), "职工增减员模板-roster-template.xlsx");
    }

    @Operation(summary = "Upload a roster (.xlsx): mode ALL_OR_NOTHING or VALID_ROWS_ONLY; answered 202, runs in the background")
    @PostMapping(path = "/employers/{uscc}/roster/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RosterImports.ImportView> upload(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String mode) {
        RosterImports.ImportView v = imports.submit(me, uscc, file == null ? null : file.getOriginalFilename(),
                bytes(file), mode);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/roster-imports/" + v.id()))
                .body(v);
    }

    @Operation(summary = "The employer's latest roster imports")
    @GetMapping(path = "/employers/{uscc}/roster/imports", produces = MediaType.APPLICATION_JSON_VALUE)
    List<RosterImports.ImportView> list(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc) {
        return imports.list(me, uscc);
    }

    @Operation(summary = "A roster import's status and progress, with the first refused rows")
    @GetMapping(path = "/roster-imports/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    RosterImports.ImportView status(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return imports.status(me, id);
    }

    @Operation(summary = "The refused rows as uploaded, with an error column (Chinese and English)")
    @GetMapping("/roster-imports/{id}/errors.xlsx")
    ResponseEntity<byte[]> errors(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return xlsx(imports.errors(me, id), "增减员错误明细-roster-errors-" + id + ".xlsx");
    }

    @Operation(summary = "The employees covered on a date (masked), as .xlsx")
    @GetMapping("/employers/{uscc}/roster.xlsx")
    ResponseEntity<byte[]> roster(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        LocalDate on = date == null ? LocalDate.now() : date;
        return xlsx(imports.roster(me, uscc, on), "在保职工-roster-" + uscc.trim() + "-" + on + ".xlsx");
    }

    static byte[] bytes(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_FILE_MISSING");
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseEntity<byte[]> xlsx(byte[] content, String fileName) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                .contentType(MediaType.parseMediaType(RosterSheet.XLSX)).body(content);
    }
}
