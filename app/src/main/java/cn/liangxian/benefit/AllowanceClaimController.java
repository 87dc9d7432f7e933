package cn.liangxian.benefit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
 * The allowance claims API: filing (JSON for a birth settled here; multipart with evidence files for a birth settled
 * elsewhere), evidence files, reading (each party sees only its own), review and approval, payment batches and the
 * bank's return file. POSTs take an {@code Idempotency-Key}; errors are problem+json.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "allowance", description = "生育津贴 / maternity allowance")
class AllowanceClaimController {

    /** A decision's note or reason. */
    record Decision(String note) {
    }

    private final AllowanceClaims claims;
    private final AllowancePayments payments;
    private final ClaimDocuments documents;

    AllowanceClaimController(AllowanceClaims claims, AllowancePayments payments, ClaimDocuments documents) {
        this.claims = claims;
        this.payments = payments;
        this.documents = documents;
    }

    @Operation(summary = "File an allowance claim (employer HR for her employee; the woman herself where the region lets her; a clerk)")
    @PostMapping(path = "/api/v1/allowance-claims", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AllowanceClaims.Claim> file(@AuthenticationPrincipal LiangxianUser me,
            @RequestBody AllowanceClaims.Filing f) {
        return ResponseEntity.status(HttpStatus.CREATED).body(claims.file(me, f));
    }

    @Operation(summary = "File an allowance claim with evidence files (multipart: part 'claim' the JSON of the filing with "
            + "Content-Type application/json, parts 'evidence' PDF, PNG or JPEG files judged by their content); a birth "
            + "not taken from a settlement needs at least one")
    @PostMapping(path = "/api/v1/allowance-claims", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AllowanceClaims.Claim> fileWithEvidence(@AuthenticationPrincipal LiangxianUser me,
            @RequestPart(name = "claim", required = false) AllowanceClaims.Filing f,
            @RequestPart(name = "evidence", required = false) List<MultipartFile> evidence) {
        if (f == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_PERSON_REQUIRED");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(claims.file(me, f, uploads(evidence)));
    }

    @Operation(summary = "A claim's evidence files (without their content)")
    @GetMapping("/api/v1/allowance-claims/{id}/evidence")
    List<AllowanceClaims.Evidence> evidence(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return claims.evidence(me, id);
    }

    @Operation(summary = "Add an evidence file to a claim awaiting review (multipart 'file': PDF, PNG or JPEG, judged by its content)")
    @PostMapping(path = "/api/v1/allowance-claims/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AllowanceClaims.Evidence> attach(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestPart(name = "file", required = false) MultipartFile file) {
        return ResponseEntity.status(HttpStatus.CREATED).body(claims.attachEvidence(me, id,
                file == null ? null : file.getOriginalFilename(), bytes(file)));
    }

    @Operation(summary = "Download one evidence file of a claim")
    @GetMapping(path = "/api/v1/allowance-claims/{id}/evidence/{evidenceId}", produces = MediaType.ALL_VALUE)
    ResponseEntity<byte[]> evidenceFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @PathVariable long evidenceId) {
        return download(claims.evidenceFile(me, id, evidenceId));
    }

    @Operation(summary = "The claims the caller may see (employer: its own; insured: her own; agency: its regions, by status)")
    @GetMapping("/api/v1/allowance-claims")
    List<AllowanceClaims.Claim> list(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) String region, @RequestParam(required = false) String status,
            @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
        return claims.list(me, region, status, from, to);
    }

    @Operation(summary = "One claim with its explanation")
    @GetMapping("/api/v1/allowance-claims/{id}")
    AllowanceClaims.Claim one(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return claims.visible(me, id);
    }

    @Operation(summary = "One claim's history")
    @GetMapping("/api/v1/allowance-claims/{id}/history")
    List<AllowanceClaims.Step> history(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        claims.visible(me, id);
        return claims.history(id);
    }

    @Operation(summary = "The claim's notice (PDF)")
    @GetMapping(path = "/api/v1/allowance-claims/{id}/notice.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> notice(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return pdf(documents.notice(claims.visible(me, id), payments.linesOfClaim(id)), "allowance-notice-" + id + ".pdf");
    }

    @Operation(summary = "Review a submitted claim: approved, or sent to a second person above the threshold")
    @PostMapping("/api/v1/allowance-claims/{id}/review")
    AllowanceClaims.Claim review(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody(required = false) Decision d) {
        return claims.review(me, id, d == null ? null : d.note());
    }

    @Operation(summary = "Approve a claim awaiting a second person's approval")
    @PostMapping("/api/v1/allowance-claims/{id}/approve")
    AllowanceClaims.Claim approve(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody(required = false) Decision d) {
        return claims.approve(me, id, d == null ? null : d.note());
    }

    @Operation(summary = "Reject a claim under review or awaiting approval, with the reason")
    @PostMapping("/api/v1/allowance-claims/{id}/reject")
    AllowanceClaims.Claim reject(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody(required = false) Decision d) {
        return claims.reject(me, id, d == null ? null : d.note());
    }

    @Operation(summary = "Put a failed payment into the next batch again")
    @PostMapping("/api/v1/allowance-claims/{id}/retry")
    AllowanceClaims.Claim retry(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody(required = false) Decision d) {
        return payments.retry(me, id, d == null ? null : d.note());
    }

    @Operation(summary = "Cancel a failed payment: the approval's ledger entry is reversed")
    @PostMapping("/api/v1/allowance-claims/{id}/cancel")
    AllowanceClaims.Claim cancel(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestBody(required = false) Decision d) {
        return payments.cancel(me, id, d == null ? null : d.note());
    }

    @Operation(summary = "Put every approved claim of a region into a new payment batch")
    @PostMapping("/api/v1/allowance-batches")
    ResponseEntity<AllowancePayments.Batch> batch(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return ResponseEntity.status(HttpStatus.CREATED).body(payments.createBatch(me, region));
    }

    @Operation(summary = "A region's payment batches")
    @GetMapping("/api/v1/allowance-batches")
    List<AllowancePayments.Batch> batches(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return payments.batches(me, region);
    }

    @Operation(summary = "A batch's bank file (CSV: batch_no,line_no,account,name,amount)")
    @GetMapping(path = "/api/v1/allowance-batches/{id}/bank-file", produces = "text/csv")
    ResponseEntity<byte[]> bankFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"allowance-batch-" + id
                + ".csv\"").contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(payments.bankFile(me, id));
    }

    @Operation(summary = "Import the bank's return file (CSV: batch_no,line_no,account,amount,status,reason); the same file again changes nothing")
    @PostMapping(path = "/api/v1/allowance-batches/returns", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AllowancePayments.ReturnResult> importReturn(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam String region, @RequestPart(name = "file", required = false) MultipartFile file) {
        AllowancePayments.ReturnResult r = payments.importReturn(me, region,
                file == null ? null : file.getOriginalFilename(), bytes(file));
        return ResponseEntity.status(r.repeat() ? HttpStatus.OK : HttpStatus.CREATED).body(r);
    }

    static List<AllowanceClaims.EvidenceUpload> uploads(List<MultipartFile> files) {
        List<AllowanceClaims.EvidenceUpload> out = new ArrayList<>();
        for (MultipartFile f : files == null ? List.<MultipartFile>of() : files) {
            if (f != null && !f.isEmpty()) {
                out.add(new AllowanceClaims.EvidenceUpload(f.getOriginalFilename(), bytes(f)));
            }
        }
        return out;
    }

    /** A file as an attachment of its sniffed type; the browser is told not to guess another. */
    static ResponseEntity<byte[]> download(AllowanceClaims.EvidenceFile f) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(f.evidence().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(f.evidence().fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff").header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(f.content());
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file == null ? null : file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseEntity<byte[]> pdf(byte[] body, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + "\"").body(body);
    }
}
