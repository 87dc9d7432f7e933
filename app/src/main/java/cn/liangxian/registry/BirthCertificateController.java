package cn.liangxian.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The health commission's birth service certificates over REST: a file upload and a push of JSON rows (same
 * checks, same answer: 200 when the batch is written, 422 with every bad row when nothing is), and the lookup
 * by person. State-changing calls accept an {@code Idempotency-Key} header.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "birth-certificates", description = "生育服务证 / birth service certificates")
class BirthCertificateController {

    private final BirthCertificates certificates;

    BirthCertificateController(BirthCertificates certificates) {
        this.certificates = certificates;
    }

    @Operation(summary = "Import a file of certificates (xlsx, or UTF-8 CSV with a header row); all or nothing")
    @PostMapping(path = "/birth-certificates/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<BirthCertificates.ImportResult> upload(@AuthenticationPrincipal LiangxianUser me,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "region", required = false) String region) {
        if (file == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_FILE_EMPTY");
        }
        byte[] content;
        try {
            content = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer(certificates.upload(me, region, file.getOriginalFilename(), content, LocalDate.now()));
    }

    @Operation(summary = "Push certificates from the health commission's system (a JSON array); all or nothing")
    @PostMapping(path = "/birth-certificates", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BirthCertificates.ImportResult> push(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(name = "region", required = false) String region,
            @RequestBody List<Map<String, Object>> rows) {
        return answer(certificates.push(me, region, rows, LocalDate.now()));
    }

    @Operation(summary = "A person's birth service certificates, as mother or father (masked)")
    @GetMapping("/persons/{id}/birth-certificates")
    List<BirthCertificates.CertificateView> lookup(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return certificates.lookup(me, id);
    }

    @Operation(summary = "Does the region require the certificate check on a date? With the reference")
    @GetMapping("/birth-certificates/requirement")
    BirthCertificates.Requirement requirement(@RequestParam String region,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return certificates.requiredOn(region, date);
    }

    private static ResponseEntity<BirthCertificates.ImportResult> answer(BirthCertificates.ImportResult r) {
        return ResponseEntity.status(r.rejected() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK)
                .contentType(MediaType.APPLICATION_JSON).body(r);
    }
}
