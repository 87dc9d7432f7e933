package cn.liangxian.reimbursement;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.payment.BankFiles;
import cn.liangxian.security.LiangxianUser;

/**
 * Reimbursement payment batches over REST: a batch of a region's approved claims, its bank file, the bank's return
 * file. Batches are named by their number ({@code BX<region><day><seq>}); a batch of another region answers 404.
 */
@RestController
@RequestMapping(path = "/api/v1/reimbursement-batches", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "reimbursement batches", description = "零星报销支付批次 / manual reimbursement payment batches")
class ReimbursementBatchController {

    private final ReimbursementPayments payments;

    ReimbursementBatchController(ReimbursementPayments payments) {
        this.payments = payments;
    }

    @Operation(summary = "Put every approved claim of a region into a new payment batch (agency clerk or finance)")
    @PostMapping
    ResponseEntity<ReimbursementPayments.Batch> create(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam String region) {
        return ResponseEntity.status(HttpStatus.CREATED).body(payments.createBatch(me, region, LocalDate.now()));
    }

    @Operation(summary = "A region's payment batches, newest first, with their lines (names and accounts masked)")
    @GetMapping
    List<ReimbursementPayments.Batch> list(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return payments.batches(me, region);
    }

    @Operation(summary = "One payment batch with its lines")
    @GetMapping("/{batchNo}")
    ReimbursementPayments.Batch one(@AuthenticationPrincipal LiangxianUser me, @PathVariable String batchNo) {
        return payments.batch(me, batchNo);
    }

    @Operation(summary = "A batch's bank file (CSV, UTF-8: " + BankFiles.BANK_HEADER + "); full accounts, audited")
    @GetMapping(path = "/{batchNo}/bank-file", produces = "text/csv")
    ResponseEntity<byte[]> bankFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable String batchNo) {
        return csv(payments.bankFile(me, batchNo), batchNo);
    }

    @Operation(summary = "Import the bank's return file (multipart 'file'; CSV: " + BankFiles.RETURN_HEADER
            + "); checked whole, all or nothing; the same file again answers the first import and changes nothing")
    @PostMapping(path = "/returns", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ReimbursementPayments.ReturnResult> importReturn(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam String region, @RequestPart(name = "file", required = false) MultipartFile file) {
        ReimbursementPayments.ReturnResult r = payments.importReturn(me, region,
                file == null ? null : file.getOriginalFilename(),
                file == null ? null : ReimbursementController.bytes(file), LocalDate.now());
        return ResponseEntity.status(r.repeat() ? HttpStatus.OK : HttpStatus.CREATED).body(r);
    }

    static ResponseEntity<byte[]> csv(byte[] body, String batchNo) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"reimbursement-batch-" + batchNo + ".csv\"")
                .body(body);
    }
}
