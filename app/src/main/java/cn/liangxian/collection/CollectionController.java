package cn.liangxian.collection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
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
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * Unified collection over REST: average wages, wage-base declarations (JSON or a file), assessment runs and their
 * export for the tax bureau, bills, payments from the tax bureau and the exception queue, arrears and late fees,
 * contribution months, the collection rate and the rate simulator. Errors are problem+json with stable codes.
 */
@RestController
@RequestMapping(path = "/api/v1/collection", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "collection", description = "统一征缴 / unified collection")
class CollectionController {

    record AvgWageRequest(String region, Integer statYear, BigDecimal monthlyWage, String source, String reason) {
    }

    record DeclarationRequest(Integer year, List<WageBases.Line> lines) {
    }

    record FlexibleDeclarationRequest(Integer year, BigDecimal monthlyWage) {
    }

    record RunRequest(String region, String period) {
    }

    record NoteRequest(String note) {
    }

    record AssignRequest(String period, String payer, String note) {
    }

    record SimulationRequest(String region, String period, BigDecimal employerRate, LocalDate asOf) {
    }

    record CheckRequest(String region, Integer year) {
    }

    private final AvgWages avgWages;
    private final WageBases wageBases;
    private final AssessmentJob job;
    private final Assessments assessments;
    private final Bills bills;
    private final TaxExchange tax;
    private final ContributionRecords records;
    private final RateSimulator simulator;
    private final WageBaseChecks checks;

    CollectionController(AvgWages avgWages, WageBases wageBases, AssessmentJob job, Assessments assessments,
            Bills bills, TaxExchange tax, ContributionRecords records, RateSimulator simulator, WageBaseChecks checks) {
        this.avgWages = avgWages;
        this.wageBases = wageBases;
        this.job = job;
        this.assessments = assessments;
        this.bills = bills;
        this.tax = tax;
        this.records = records;
        this.simulator = simulator;
        this.checks = checks;
    }

    // ------------------------------------------------------------------ average wages

    @Operation(summary = "The regional average wages the agency entered (with their source and approval)")
    @GetMapping("/avg-wages")
    List<AvgWages.AvgWage> avgWages(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return avgWages.list(me, region);
    }

    @Operation(summary = "Enter a statistical year's average monthly wage with its source; a second person approves it")
    @PostMapping(path = "/avg-wages", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AvgWages.AvgWage> enterAvgWage(@AuthenticationPrincipal LiangxianUser me,
            @RequestBody AvgWageRequest r) {
        AvgWages.AvgWage a = avgWages.enter(me, r.region(), r.statYear(), r.monthlyWage(), r.source(), r.reason());
        return ResponseEntity.status("PENDING".equals(a.status()) ? HttpStatus.ACCEPTED : HttpStatus.CREATED).body(a);
    }

    // ------------------------------------------------------------------ declarations

    @Operation(summary = "Declare an employer's wage bases for a contribution year (JSON lines); all or nothing")
    @PostMapping(path = "/employers/{uscc}/declarations", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WageBases.Declaration> declare(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestBody DeclarationRequest r) {
        return ResponseEntity.status(HttpStatus.CREATED).body(wageBases.declare(me, uscc, r.year(), r.lines()));
    }

    @Operation(summary = "Declare an employer's wage bases from a file (xlsx or UTF-8 CSV: certNumber/证件号码, name/姓名, monthlyWage/月工资)")
    @PostMapping(path = "/employers/{uscc}/declarations/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<WageBases.Declaration> upload(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) Integer year, @RequestPart(name = "file", required = false) MultipartFile file) {
        return ResponseEntity.status(HttpStatus.CREATED).body(wageBases.upload(me, uscc, year,
                file == null ? null : file.getOriginalFilename(), bytes(file)));
    }

    @Operation(summary = "An employer's declarations")
    @GetMapping("/employers/{uscc}/declarations")
    List<WageBases.Declaration> declarations(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) Integer year) {
        return wageBases.declarations(me, uscc, year);
    }

    @Operation(summary = "One declaration with every base clamped and explained (masked)")
    @GetMapping("/declarations/{region}/{id}")
    WageBases.Declaration declaration(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable long id) {
        return wageBases.declaration(me, region, id);
    }

    @Operation(summary = "A flexible worker declares her own monthly wage for a year (herself or a clerk)")
    @PostMapping(path = "/persons/{id}/declarations", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WageBases.Declaration> declareFlexible(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable long id, @RequestBody FlexibleDeclarationRequest r) {
        return ResponseEntity.status(HttpStatus.CREATED).body(wageBases.declareFlexible(me, id, r.year(), r.monthlyWage()));
    }

    @Operation(summary = "Flag employers with enrollees in the year but no wage-base declaration (EMPLOYER_WITHOUT_WAGE_BASE)")
    @PostMapping(path = "/wage-base-checks", consumes = MediaType.APPLICATION_JSON_VALUE)
    WageBaseChecks.Outcome check(@AuthenticationPrincipal LiangxianUser me, @RequestBody CheckRequest r) {
        return checks.check(me, r.region(), r.year());
    }

    // ------------------------------------------------------------------ assessment runs

    @Operation(summary = "Start (or resume) the monthly assessment of a region and period; it runs in the background")
    @PostMapping(path = "/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AssessmentJob.Run> startRun(@AuthenticationPrincipal LiangxianUser me, @RequestBody RunRequest r) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(job.startInBackground(me, r.region(), r.period()));
    }

    @Operation(summary = "A region's runs, newest first")
    @GetMapping("/runs")
    List<AssessmentJob.Run> runs(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return job.runs(me, region, 100);
    }

    @Operation(summary = "One run with its progress")
    @GetMapping("/runs/{region}/{id}")
    AssessmentJob.Run run(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long id) {
        return job.run(me, region, id);
    }

    @Operation(summary = "A finished run's assessments for the tax bureau, CSV (documented columns, full certificate numbers; audited)")
    @GetMapping(path = "/runs/{region}/{id}/export.csv", produces = "text/csv")
    void exportCsv(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long id,
            jakarta.servlet.http.HttpServletResponse response) throws IOException {
        export(me, region, id, false, response);
    }

    @Operation(summary = "The same export as Excel")
    @GetMapping(path = "/runs/{region}/{id}/export.xlsx",
            produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    void exportXlsx(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long id,
            jakarta.servlet.http.HttpServletResponse response) throws IOException {
        export(me, region, id, true, response);
    }

    /** Written straight to the response (checks first, so that a refusal is a problem and not a broken download). */
    private void export(LiangxianUser me, String region, long id, boolean excel,
            jakarta.servlet.http.HttpServletResponse response) throws IOException {
        tax.checkExport(me, region, id);
        String name = "assessment-" + region + "-" + id + (excel ? ".xlsx" : ".csv");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.setContentType(excel ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv;charset=UTF-8");
        tax.export(me, region, id, excel, response.getOutputStream());
        response.flushBuffer();
    }

    // ------------------------------------------------------------------ assessments and bills

    @Operation(summary = "A person's assessments (every version) with explanations")
    @GetMapping("/persons/{id}/assessments")
    List<Assessments.Version> personAssessments(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String period) {
        return assessments.ofPerson(me, id, period);
    }

    @Operation(summary = "Contribution months as of a date (cumulative and continuous), for eligibility")
    @GetMapping("/persons/{id}/contribution-months")
    ContributionRecords.Months months(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return records.months(me, id, asOf == null ? CollectionSupport.today() : asOf);
    }

    @Operation(summary = "Whether arrears suspend the person's benefits on a date")
    @GetMapping("/persons/{id}/benefit-status")
    ContributionRecords.BenefitStatus benefitStatus(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return records.benefitStatus(me, id, date == null ? CollectionSupport.today() : date);
    }

    @Operation(summary = "A payer's bills (an employer's USCC, or P<person id>; an employer's HR may leave it out)")
    @GetMapping("/bills")
    List<Bills.Bill> bills(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String payer,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return bills.ofPayer(me, payer(me, payer), asOf == null ? CollectionSupport.today() : asOf);
    }

    @Operation(summary = "One bill as of a date")
    @GetMapping("/bills/{payer}/{period}")
    Bills.Bill bill(@AuthenticationPrincipal LiangxianUser me, @PathVariable String payer, @PathVariable String period,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return bills.bill(me, payer, period, asOf == null ? CollectionSupport.today() : asOf);
    }

    @Operation(summary = "The people on a bill (masked)")
    @GetMapping("/bills/{payer}/{period}/lines")
    List<Assessments.BillLine> billLines(@AuthenticationPrincipal LiangxianUser me, @PathVariable String payer,
            @PathVariable String period) {
        return assessments.billLines(me, bills.regionOfPayer(payer), payer, period);
    }

    @Operation(summary = "A bill's late fee up to a date, with its explanation")
    @GetMapping("/bills/{payer}/{period}/late-fee")
    Bills.LateFee lateFee(@AuthenticationPrincipal LiangxianUser me, @PathVariable String payer,
            @PathVariable String period,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return bills.lateFee(me, payer, period, asOf == null ? CollectionSupport.today() : asOf);
    }

    @Operation(summary = "Bills in arrears on a date with their late fees")
    @GetMapping("/arrears")
    List<Bills.Bill> arrears(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return bills.arrears(me, region, asOf == null ? CollectionSupport.today() : asOf, 5000);
    }

    @Operation(summary = "Collection rate by period (paid by a date ÷ due)")
    @GetMapping("/rates")
    List<Bills.Rate> rates(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam String from, @RequestParam String to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return bills.rates(me, region, from, to, asOf == null ? CollectionSupport.today() : asOf);
    }

    // ------------------------------------------------------------------ payments

    @Operation(summary = "Import the tax bureau's payment file (xlsx or CSV: serial_no, period, payer_kind, payer_id, amount, late_fee, paid_on)")
    @PostMapping(path = "/payments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<TaxExchange.ImportResult> importPayments(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) String region,
            @RequestPart(name = "file", required = false) MultipartFile file) {
        TaxExchange.ImportResult r = tax.importPayments(me, region, file == null ? null : file.getOriginalFilename(),
                bytes(file));
        return ResponseEntity.status(r.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(r);
    }

    @Operation(summary = "A region's payment files")
    @GetMapping("/payments")
    List<TaxExchange.ImportResult> payments(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return tax.files(me, region, 100);
    }

    @Operation(summary = "The exception queue: payment lines under, over or unknown that no clerk dealt with yet")
    @GetMapping("/exceptions")
    List<TaxExchange.PaymentLine> exceptions(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region) {
        return tax.exceptions(me, region);
    }

    @Operation(summary = "Acknowledge an exception with a note")
    @PostMapping(path = "/exceptions/{region}/{fileId}/{lineNo}/acknowledge", consumes = MediaType.APPLICATION_JSON_VALUE)
    TaxExchange.PaymentLine acknowledge(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable long fileId, @PathVariable int lineNo, @RequestBody NoteRequest r) {
        return tax.acknowledge(me, region, fileId, lineNo, r.note());
    }

    @Operation(summary = "Assign an unknown payment (held in 2101) to a payer's bill of a period")
    @PostMapping(path = "/exceptions/{region}/{fileId}/{lineNo}/assign", consumes = MediaType.APPLICATION_JSON_VALUE)
    TaxExchange.PaymentLine assign(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable long fileId, @PathVariable int lineNo, @RequestBody AssignRequest r) {
        return tax.assign(me, region, fileId, lineNo, r.period(), r.payer(), r.note());
    }

    // ------------------------------------------------------------------ rules and simulation

    @Operation(summary = "The contribution rules a new run of the period would use, with their sources")
    @GetMapping("/rules")
    List<cn.liangxian.policy.ExplanationStep> rules(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam String region, @RequestParam String period) {
        return assessments.rules(me, region, period);
    }

    @Operation(summary = "Simulate a proposed merged employer rate: income and months of payment")
    @PostMapping(path = "/simulations", consumes = MediaType.APPLICATION_JSON_VALUE)
    RateSimulator.Simulation simulate(@AuthenticationPrincipal LiangxianUser me, @RequestBody SimulationRequest r) {
        return simulator.simulate(me, r.region(), r.period(), r.employerRate(),
                r.asOf() == null ? CollectionSupport.today() : r.asOf());
    }

    private static String payer(LiangxianUser me, String payer) {
        if (payer != null && !payer.isBlank()) {
            return payer.strip().toUpperCase(java.util.Locale.ROOT);
        }
        if (me.role() == Role.EMPLOYER_HR) {
            return me.employerUscc();
        }
        if (me.role() == Role.INSURED) {
            return CollectionSupport.personPayer(me.personId());
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_PAYER_REQUIRED");
    }

    private static byte[] bytes(MultipartFile file) {
        if (file == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_FILE_EMPTY");
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
