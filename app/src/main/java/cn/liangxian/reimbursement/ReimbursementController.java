package cn.liangxian.reimbursement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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
import org.springframework.web.bind.annotation.PutMapping;
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
 * Manual reimbursements over REST. Claims are named by their number ({@code <region>-R<id>}); a claim of another
 * party answers 404. State-changing calls accept an {@code Idempotency-Key} header: a repeat gets the first answer
 * and changes nothing. Errors are problem+json with a stable code.
 */
@RestController
@RequestMapping(path = "/api/v1/reimbursements", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "reimbursements", description = "零星报销 / manual reimbursement")
class ReimbursementController {

    /** The reviewer's decisions on the fee lines. */
    record ReviewRequest(List<Reimbursements.LineReview> lines) {
    }

    /** A reason (rejection, cancellation). */
    record ReasonRequest(String reason) {
    }

    /** A note (retry). */
    record NoteRequest(String note) {
    }

    private final Reimbursements reimbursements;
    private final ReimbursementPayments payments;

    ReimbursementController(Reimbursements reimbursements, ReimbursementPayments payments) {
        this.reimbursements = reimbursements;
        this.payments = payments;
    }

    @Operation(summary = "File a claim with its fee lines (insured for herself, employer HR for its employee, clerk)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Reimbursements.Reimbursement> submit(@AuthenticationPrincipal LiangxianUser me,
            @RequestBody Reimbursements.NewReimbursement body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(reimbursements.submit(me, body, LocalDate.now()));
    }

    @Operation(summary = "Claims visible to the caller: agency by region (and status), insured her own, employer its own")
    @GetMapping
    List<Reimbursements.Reimbursement> list(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) String region, @RequestParam(required = false) String status) {
        return reimbursements.list(me, region, status(status));
    }

    @Operation(summary = "One claim with its lines, documents and explanation")
    @GetMapping("/{number}")
    Reimbursements.Reimbursement get(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number) {
        return reimbursements.visible(me, number);
    }

    @Operation(summary = "Add an invoice or proof (multipart 'file': PDF, PNG or JPEG, judged by content)")
    @PostMapping(path = "/{number}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Reimbursements.Document> attach(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String number, @RequestPart(name = "file", required = false) MultipartFile file) {
        if (file == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_DOCUMENT_EMPTY");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(reimbursements.attach(me, number, file.getOriginalFilename(), bytes(file)));
    }

    @Operation(summary = "Download a document of a claim")
    @GetMapping(path = "/{number}/documents/{id}", produces = MediaType.ALL_VALUE)
    ResponseEntity<byte[]> document(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @PathVariable long id) {
        return file(reimbursements.document(me, number, id));
    }

    @Operation(summary = "Replace the fee lines with an Excel fee list (multipart 'file'; 项目编码, 项目名称, 数量, 金额)")
    @PutMapping(path = "/{number}/lines", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Reimbursements.Reimbursement feeList(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestPart(name = "file", required = false) MultipartFile file) {
        if (file == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_FEE_LIST_NOT_EXCEL");
        }
        return reimbursements.replaceLines(me, number, FeeLists.read(bytes(file)));
    }

    @Operation(summary = "Review: every fee line matched to a catalog code or rejected with a reason; computes the benefit")
    @PostMapping(path = "/{number}/review", consumes = MediaType.APPLICATION_JSON_VALUE)
    Reimbursements.Reimbursement review(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestBody ReviewRequest body) {
        return reimbursements.review(me, number, body == null ? null : body.lines());
    }

    @Operation(summary = "Reject a claim not yet reviewed, with the reason")
    @PostMapping(path = "/{number}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    Reimbursements.Reimbursement reject(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestBody ReasonRequest body) {
        return reimbursements.reject(me, number, body == null ? null : body.reason());
    }

    @Operation(summary = "Put a failed payment into the next batch again (agency clerk or finance); the benefit stays owed")
    @PostMapping("/{number}/retry")
    Reimbursements.Reimbursement retry(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestBody(required = false) NoteRequest body) {
        return payments.retry(me, number, body == null ? null : body.note());
    }

    @Operation(summary = "Cancel a failed payment with the reason: the ledger entry is reversed, the maternity event withdrawn")
    @PostMapping("/{number}/cancel")
    Reimbursements.Reimbursement cancel(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestBody(required = false) ReasonRequest body) {
        return payments.cancel(me, number, body == null ? null : body.reason(), LocalDate.now());
    }

    static Reimbursements.Status status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Reimbursements.Status.valueOf(s.trim());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_UNKNOWN_STATUS", s.trim());
        }
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseEntity<byte[]> file(Reimbursements.DocumentFile f) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(f.document().contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(f.document().fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff").body(f.content());
    }
}
