package cn.liangxian.reimbursement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.approval.ApprovalDecided;
import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.audit.AuditTrail;
import cn.liangxian.institution.CatalogItem;
import cn.liangxian.institution.Catalogs;
import cn.liangxian.institution.ItemClass;
import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Confidence;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.policy.maternity.MedicalEstimate;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.MaternityEvents;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.Uploads;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manual reimbursements (零星报销) from submission to payment. Who does what: the insured person claims for herself,
 * her employer's HR for its employee, a clerk for anyone of the region (submit); a clerk or reviewer matches the
 * fee lines to the catalog and has the benefit computed (review), or rejects the claim; an approver of the region
 * approves or rejects through the four-eyes queue when the region's threshold asks for it; a clerk or finance pays
 * it through a bank batch ({@link ReimbursementPayments}). Each party sees only its own claims (another party's claim
 * answers 404). Every step is audited.
 */
@Service
public class Reimbursements {

    /** The four-eyes kind of a reimbursement payment; its threshold is {@code approval.manual_payment.threshold}. */
    public static final String APPROVAL_KIND = "manual_payment";
    /** The maternity event source of a reimbursement (recorded when it first goes into a payment batch). */
    public static final String EVENT_SOURCE = "REIMBURSEMENT";
    static final String BANK_CONTEXT = "reimbursement.bank_account";
    /** The maternity event source of a hospital's direct settlement: a delivery settled so is not reimbursed again. */
    static final String SETTLED_AT_HOSPITAL = "SETTLEMENT";
    static final Set<Role> SUBMITTERS = EnumSet.of(Role.INSURED, Role.EMPLOYER_HR, Role.AGENCY_CLERK);
    static final Set<Role> REVIEWERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER);
    static final Set<Role> PAYERS = EnumSet.of(Role.AGENCY_CLERK, Role.FINANCE);
    static final Set<String> DOCUMENT_TYPES = Set.of("application/pdf", "image/png", "image/jpeg");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where a claim stands. */
    public enum Status {
        /** Filed, with its invoices and fee lines; waits for the clerk's review. */
        SUBMITTED,
        /** Reviewed and computed; waits for an approver. */
        PENDING_APPROVAL,
        /** Approved; waits for the next payment batch. */
        APPROVED,
        /** In a payment batch sent to the bank; owed on the ledger until the bank's return file answers. */
        IN_BATCH,
        /** The bank could not pay it (the reason is on its batch line); still owed: retried in a later batch or cancelled. */
        PAYMENT_FAILED,
        /** Paid to the insured person's bank account and cleared in the ledger (or approved with nothing to pay). */
        PAID,
        /** Refused by the clerk or the approver, with the reason. */
        REJECTED,
        /** A failed payment given up, with the reason: the ledger entry reversed, the maternity event withdrawn. */
        CANCELLED
    }

    /** Why the insured paid in cash. */
    public enum CashReason {
        OUT_OF_NETWORK, OUT_OF_REGION, EMERGENCY, OTHER
    }

    /** A fee line as claimed. */
    public record FeeLine(String itemCode, String itemName, BigDecimal quantity, BigDecimal amount) {
    }

    /** A claim as filed. */
    public record NewReimbursement(Long personId, String category, Integer fetusCount, LocalDate serviceDate,
            String institutionName, String cashReason, String bankName, String bankAccount, List<FeeLine> lines) {
    }

    /** The clerk's decision on one fee line: a catalog code (blank: the line's own code), or a rejection reason. */
    public record LineReview(int lineNo, String catalogCode, String rejectReason) {
    }

    /** A fee line as claimed and as reviewed. */
    public record Line(int lineNo, String itemCode, String itemName, BigDecimal quantity, BigDecimal amount,
            String decision, String catalogCode, String catalogName, String itemClass, BigDecimal selfPayShare,
            BigDecimal priceCap, BigDecimal allowedAmount, BigDecimal coveredAmount, String rejectReason) {
    }

    /** An uploaded invoice or proof (without its content). */
    public record Document(long id, String fileName, String contentType, int sizeBytes, String sha256,
            String uploadedBy, Instant uploadedAt) {
    }

    /** A stored document with its content. */
    public record DocumentFile(Document document, byte[] content) {
    }

    /**
     * A line of a payment batch that carried a claim (the payee's name and account masked) and the bank's answer:
     * {@code SENT}, {@code PAID} (with the entry that cleared the payable) or {@code FAILED} with the bank's reason.
     */
    public record Payment(String batchNo, int lineNo, String number, String payeeName, String payeeAccount,
            BigDecimal amount, String status, String reason, Long paidEntryId, Instant returnedAt) {
    }

    /**
     * A claim as shown (the bank account masked, the person's name masked). {@code entryId} is the entry that owes the
     * benefit (posted when the claim first goes into a batch); {@code cancelEntryId} its reversal; {@code payments}
     * the batch lines that carried it.
     */
    public record Reimbursement(String number, String regionCode, long personId, String personName,
            String personIdNumber, String submittedBy, String submittedRole, String employerUscc,
            MaternityCategory category, int fetusCount, LocalDate serviceDate, String institutionName,
            CashReason cashReason, String bankName, String bankAccount, Status status, BigDecimal claimedTotal,
            BigDecimal coveredCost, BigDecimal benefit, String insuredKind, List<ExplanationStep> explanation,
            String reviewedBy, Instant reviewedAt, Long approvalId, String decidedBy, Instant decidedAt,
            String rejectReason, String paidBy, Instant paidAt, Long entryId, Long maternityEventId,
            String cancelledBy, Instant cancelledAt, String cancelReason, Long cancelEntryId,
            Instant createdAt, List<Line> lines, List<Document> documents, List<Payment> payments) {

        /** Status shown to people: a claim closed with a benefit of zero was not "paid", it had nothing payable. */
        public String shownStatus() {
            return status == Status.PAID && benefit != null && benefit.signum() == 0 ? NOTHING_PAYABLE : status.name();
        }
    }

    /** {@link Reimbursement#shownStatus()} of a claim approved with a benefit of zero, closed without a payment. */
    public static final String NOTHING_PAYABLE = "CLOSED_NOTHING_PAYABLE";

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final PersonDirectory persons;
    private final cn.liangxian.registry.EmployerRegistry employers;
    private final Enrollments enrollments;
    private final MaternityEvents events;
    private final Catalogs catalogs;
    private final FourEyes fourEyes;
    private final AuditTrail audit;
    private final PolicyBook policy;
    private final PersonalDataCipher cipher;
    private final MaternityEstimator estimator;
    private final int maxUploadBytes;

    Reimbursements(JdbcClient jdbc, AccessPolicy access, PersonDirectory persons,
            cn.liangxian.registry.EmployerRegistry employers, Enrollments enrollments,
            MaternityEvents events, Catalogs catalogs, FourEyes fourEyes, AuditTrail audit,
            PolicyBook policy, PersonalDataCipher cipher,
            @Value("${liangxian.reimbursement.max-upload-bytes:10485760}") int maxUploadBytes) {
        this.jdbc = jdbc;
        this.access = access;
        this.persons = persons;
        this.employers = employers;
        this.enrollments = enrollments;
        this.events = events;
        this.catalogs = catalogs;
        this.fourEyes = fourEyes;
        this.audit = audit;
        this.policy = policy;
        this.cipher = cipher;
        this.estimator = new MaternityEstimator(policy);
        this.maxUploadBytes = maxUploadBytes;
    }

    // ------------------------------------------------------------------ submit

    /** Files a claim with its fee lines; the documents follow with {@link #attach}. */
    @Transactional
    public Reimbursement submit(LiangxianUser by, NewReimbursement r, LocalDate today) {
        access.requireRole(by, SUBMITTERS);
        if (r == null || r.personId() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INCOMPLETE", "personId");
        }
        long personId = r.personId();
        if (by.role() == Role.INSURED && !Long.valueOf(personId).equals(by.personId())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        persons.requireVisible(by, personId);
        PersonDirectory.MaskedPerson person = persons.masked(by, personId);
        String region = person.regionCode();
        MaternityCategory category = MaternityCategory.parse(required(r.category(), "category"))
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_UNKNOWN_CATEGORY",
                        r.category()));
        int fetuses = r.fetusCount() == null ? 1 : r.fetusCount();
        if (fetuses < 1 || fetuses > 9 || (!category.isDelivery() && fetuses != 1)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_FETUS_COUNT", fetuses);
        }
        LocalDate date = r.serviceDate();
        if (date == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INCOMPLETE", "serviceDate");
        }
        if (date.isAfter(today)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_FUTURE_DATE", date.toString());
        }
        LocalDate merger = enrollments.mergerDate(region, date);
        if (date.isBefore(merger)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "REIMBURSEMENT_BEFORE_MERGER", date.toString(),
                    merger.toString());
        }
        String institution = text(r.institutionName(), "institutionName", 2, 200);
        CashReason reason;
        try {
            reason = CashReason.valueOf(required(r.cashReason(), "cashReason").trim());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_UNKNOWN_CASH_REASON", r.cashReason());
        }
        String bankName = text(r.bankName(), "bankName", 2, 100);
        String account = required(r.bankAccount(), "bankAccount").replace(" ", "");
        if (!account.matches("[0-9]{8,30}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_BANK_ACCOUNT");
        }
        List<FeeLine> lines = validLines(r.lines());
        BigDecimal total = lines.stream().map(FeeLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
        String employer = by.role() == Role.EMPLOYER_HR ? by.employerUscc() : null;
        long id = jdbc.sql("""
                insert into reimbursement (region_code, person_id, submitted_by, submitted_role, employer_uscc, category,
                    fetus_count, service_date, institution_name, cash_reason, bank_name, bank_account_enc,
                    bank_account_masked, claimed_total)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(region, personId, by.getUsername(), by.role().name(), employer, category.name(), fetuses, date,
                        institution, reason.name(), bankName, cipher.encrypt(account, BANK_CONTEXT),
                        Masking.bankAccount(account), total)
                .query(Long.class).single();
        insertLines(region, id, lines);
        String number = number(region, id);
        audit.record(region, "REIMBURSEMENT_SUBMITTED", "reimbursement", number, null,
                category.name() + " " + date + " claimed " + total.toPlainString() + " by " + by.role().name());
        return load(region, id);
    }

    /** A file as uploaded with a claim. */
    public record Upload(String fileName, byte[] content) {
    }

    /** Files a claim together with its invoices (at least one), all or nothing: the way the pages file claims. */
    @Transactional
    public Reimbursement submit(LiangxianUser by, NewReimbursement r, List<Upload> documents, LocalDate today) {
        List<Upload> docs = documents == null ? List.of()
                : documents.stream().filter(u -> u.content() != null && u.content().length > 0).toList();
        if (docs.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_DOCUMENT_EMPTY");
        }
        Reimbursement filed = submit(by, r, today);
        for (Upload u : docs) {
            attach(by, filed.number(), u.fileName(), u.content());
        }
        return load(filed.regionCode(), id(filed.number()));
    }

    /**
     * The person an employer's HR or a clerk names by ID number: looked up in the employer's (or the clerk's first)
     * region; an employer finds only its own employees (or former ones), anyone else answers 404.
     */
    public long personByIdNumber(LiangxianUser by, String idNumber, String region) {
        String r = switch (by.role().binding()) {
        case EMPLOYER -> employers.regionOf(by.employerUscc()).orElse("");
        case REGIONS -> region == null || region.isBlank() ? by.regions().stream().sorted().findFirst().orElse("")
                : region;
        default -> throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        };
        long id = persons.findByIdNumber(r, idNumber == null ? "" : idNumber.strip().toUpperCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "REIMBURSEMENT_PERSON_UNKNOWN"));
        persons.requireVisible(by, id);
        return id;
    }

    /** Replaces the fee lines of a claim not yet reviewed (a corrected fee list). */
    @Transactional
    public Reimbursement replaceLines(LiangxianUser by, String number, List<FeeLine> lines) {
        Reimbursement r = visible(by, number);
        access.requireRole(by, SUBMITTERS);
        requireStatus(r, Status.SUBMITTED);
        List<FeeLine> valid = validLines(lines);
        long id = id(number);
        jdbc.sql("delete from reimbursement_line where region_code = ? and reimbursement_id = ?")
                .params(r.regionCode(), id).update();
        insertLines(r.regionCode(), id, valid);
        BigDecimal total = valid.stream().map(FeeLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        jdbc.sql("update reimbursement set claimed_total = ?, version = version + 1 where region_code = ? and id = ?")
                .params(total, r.regionCode(), id).update();
        audit.record(r.regionCode(), "REIMBURSEMENT_LINES_REPLACED", "reimbursement", number,
                r.claimedTotal().toPlainString(), total.toPlainString());
        return load(r.regionCode(), id);
    }

    /** Stores an invoice or proof (PDF, PNG or JPEG by its content, at most the configured size). */
    @Transactional
    public Document attach(LiangxianUser by, String number, String fileName, byte[] content) {
        Reimbursement r = visible(by, number);
        access.requireRole(by, SUBMITTERS);
        requireStatus(r, Status.SUBMITTED);
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_DOCUMENT_EMPTY");
        }
        if (content.length > maxUploadBytes) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "REIMBURSEMENT_DOCUMENT_TOO_LARGE",
                    maxUploadBytes / (1024 * 1024));
        }
        String type = Uploads.sniff(content).orElseThrow(() -> new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "REIMBURSEMENT_DOCUMENT_TYPE"));
        String name = fileName == null || fileName.isBlank() ? "document" : fileName.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        if (name.length() > 120) {
            name = name.substring(name.length() - 120);
        }
        String sha = sha256(content);
        long claimId = id(number);
        long docId = jdbc.sql("""
                insert into reimbursement_document (region_code, reimbursement_id, file_name_enc, content_type,
                    size_bytes, sha256, content_enc, uploaded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(r.regionCode(), claimId, cipher.encrypt(name, DOCUMENT_NAME_CONTEXT), type, content.length, sha,
                        cipher.encryptBytes(content, documentContext(r.regionCode(), claimId)), by.getUsername())
                .query(Long.class).single();
        audit.record(r.regionCode(), "REIMBURSEMENT_DOCUMENT_ADDED", "reimbursement", number, null,
                type + " " + content.length + " bytes sha256 " + sha);
        return documents(r.regionCode(), id(number)).stream().filter(d -> d.id() == docId).findFirst().orElseThrow();
    }

    /** A document's content, for whoever may see the claim; each reading is audited. */
    public DocumentFile document(LiangxianUser by, String number, long documentId) {
        Reimbursement r = visible(by, number);
        long claimId = id(number);
        DocumentFile f = jdbc.sql("select * from reimbursement_document where region_code = ? and reimbursement_id = ? and id = ?")
                .params(r.regionCode(), claimId, documentId)
                .query((rs, i) -> new DocumentFile(document(rs), content(rs))).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        audit.record(r.regionCode(), "REIMBURSEMENT_DOCUMENT_READ", "reimbursement", number, null,
                "#" + documentId + " " + f.document().contentType() + " sha256 " + f.document().sha256());
        return f;
    }

    /** The context an invoice's content is encrypted under: its claim, so it cannot be moved to another. */
    static String documentContext(String region, long claimId) {
        return "reimbursement_document:" + region + ":" + claimId;
    }

    static final String DOCUMENT_NAME_CONTEXT = "reimbursement_document.file_name";

    /** A stored document's content: sealed, or (a row from before sealing) in the clear. */
    private byte[] content(ResultSet rs) throws SQLException {
        byte[] sealed = rs.getBytes("content_enc");
        return sealed == null ? rs.getBytes("content")
                : cipher.decryptBytes(sealed, documentContext(rs.getString("region_code"), rs.getLong("reimbursement_id")));
    }

    // ------------------------------------------------------------------ review

    /**
     * The clerk's review: every fee line matched to the catalog as it stands on the service date (丙 excluded, 乙
     * less its self-pay share, a price cap applied to the quantity) or rejected with a reason; the benefit computed
     * by the policy engine on the covered cost; then to an approver (or approved at once below the region's
     * four-eyes threshold). The person must be covered for maternity medical costs on the service date, and a delivery
     * the registry knows as settled directly at a hospital on that date is not paid twice.
     */
    @Transactional
    public Reimbursement review(LiangxianUser by, String number, List<LineReview> decisions) {
        Reimbursement r = visible(by, number);
        access.requireRole(by, REVIEWERS);
        requireStatus(r, Status.SUBMITTED);
        if (r.documents().isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_NO_DOCUMENTS");
        }
        Map<Integer, LineReview> byLine = new LinkedHashMap<>();
        for (LineReview d : decisions == null ? List.<LineReview>of() : decisions) {
            byLine.put(d.lineNo(), d);
        }
        for (Line l : r.lines()) {
            if (!byLine.containsKey(l.lineNo())) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_LINE_UNDECIDED", l.lineNo());
            }
        }
        Enrollments.MaternityCoverage cover = enrollments.maternityCoverageOn(r.personId(), r.serviceDate());
        if (!cover.covered() || !cover.medicalCovered()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "REIMBURSEMENT_NOT_COVERED",
                    r.serviceDate().toString());
        }
        if (r.category().isDelivery()) {
            events.ofPerson(by, r.personId()).stream()
                    .filter(e -> SETTLED_AT_HOSPITAL.equals(e.source()) && e.eventDate().equals(r.serviceDate()))
                    .findFirst().ifPresent(e -> {
                        throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_ALREADY_SETTLED",
                                r.serviceDate().toString(), e.sourceRef());
                    });
        }
        InsuredKind kind = InsuredKind.valueOf(cover.basis());
        PolicyView view = policy.at(r.regionCode(), r.serviceDate());
        List<ExplanationStep> steps = new ArrayList<>();
        BigDecimal covered = BigDecimal.ZERO;
        long id = id(number);
        for (Line l : r.lines()) {
            LineReview d = byLine.get(l.lineNo());
            Line reviewed = reviewLine(r.regionCode(), r.serviceDate(), view, l, d);
            covered = covered.add(reviewed.coveredAmount());
            steps.add(lineStep(reviewed));
            jdbc.sql("""
                    update reimbursement_line set decision = ?, catalog_code = ?, catalog_name = ?, item_class = ?,
                        self_pay_share = ?, price_cap = ?, allowed_amount = ?, covered_amount = ?, reject_reason = ?
                    where region_code = ? and reimbursement_id = ? and line_no = ?""")
                    .params(reviewed.decision(), reviewed.catalogCode(), reviewed.catalogName(), reviewed.itemClass(),
                            reviewed.selfPayShare(), reviewed.priceCap(), reviewed.allowedAmount(),
                            reviewed.coveredAmount(), reviewed.rejectReason(), r.regionCode(), id, l.lineNo())
                    .update();
        }
        covered = covered.setScale(2, RoundingMode.UNNECESSARY);
        steps.add(new ExplanationStep("reimbursement", "coveredCost", Amounts.fmt(covered), null, null,
                "目录内可报费用合计 / covered cost: Σ 各行可报金额 = " + Amounts.fmt(covered) + "（申报 / claimed "
                        + Amounts.fmt(r.claimedTotal()) + "）"));
        MedicalEstimate est;
        try {
            est = estimator.estimateMedical(new MaternityFacts(r.regionCode(), r.serviceDate(), r.category(),
                    r.fetusCount(), kind, covered, null, null, null));
        } catch (PolicyException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "REIMBURSEMENT_POLICY_REFUSED", e.messageZh(),
                    e.messageEn());
        }
        steps.addAll(est.explanation());
        BigDecimal benefit = est.medicalBenefit();
        boolean fourEyes = this.fourEyes.requiresApproval(r.regionCode(), r.serviceDate(), APPROVAL_KIND, benefit);
        Status next = fourEyes ? Status.PENDING_APPROVAL : Status.APPROVED;
        Long approvalId = null;
        if (fourEyes) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("feature", "reimbursement");
            payload.put("number", number);
            ApprovalRequest req = this.fourEyes.request(by, r.regionCode(), APPROVAL_KIND,
                    "零星报销 / manual reimbursement " + number + ": " + Amounts.fmt(benefit),
                    JSON.writeValueAsString(payload), benefit, "复核完成，基金支付 " + Amounts.fmt(benefit));
            approvalId = req.id();
        }
        int n = jdbc.sql("""
                update reimbursement set status = ?, covered_cost = ?, benefit = ?, insured_kind = ?, explanation = ?::jsonb,
                    reviewed_by = ?, reviewed_at = now(), approval_id = ?,
                    decided_by = case when ? then null else ? end, decided_at = case when ? then null else now() end,
                    version = version + 1
                where region_code = ? and id = ? and status = 'SUBMITTED'""")
                .params(next.name(), covered, benefit, kind.name(), JSON.writeValueAsString(steps), by.getUsername(),
                        approvalId, fourEyes, by.getUsername(), fourEyes, r.regionCode(), id)
                .update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_WRONG_STATUS", r.status().name());
        }
        audit.record(r.regionCode(), "REIMBURSEMENT_REVIEWED", "reimbursement", number, Status.SUBMITTED.name(),
                next.name() + " covered " + Amounts.fmt(covered) + " benefit " + Amounts.fmt(benefit));
        closeIfNothingToPay(r.regionCode(), id, by.getUsername());
        return load(r.regionCode(), id);
    }

    private Line reviewLine(String region, LocalDate date, PolicyView view, Line l, LineReview d) {
        if (d.rejectReason() != null && !d.rejectReason().isBlank()) {
            return new Line(l.lineNo(), l.itemCode(), l.itemName(), l.quantity(), l.amount(), "REJECTED", null, null,
                    null, null, null, Amounts.ZERO, Amounts.ZERO, d.rejectReason().strip());
        }
        String code = d.catalogCode() == null || d.catalogCode().isBlank() ? l.itemCode() : d.catalogCode().strip();
        if (code == null || code.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_LINE_UNDECIDED", l.lineNo());
        }
        CatalogItem item = catalogs.item(region, code, date).orElseThrow(() -> new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "REIMBURSEMENT_CATALOG_UNKNOWN", l.lineNo(), code, date.toString()));
        BigDecimal allowed = l.amount();
        if (item.priceCap() != null) {
            BigDecimal cap = Amounts.round(view, item.priceCap().multiply(l.quantity()));
            allowed = allowed.min(cap);
        }
        if (item.itemClass() == ItemClass.C) {
            return new Line(l.lineNo(), l.itemCode(), l.itemName(), l.quantity(), l.amount(), "EXCLUDED", item.code(),
                    item.name(), "C", item.selfPayShare(), item.priceCap(), allowed, Amounts.ZERO, null);
        }
        BigDecimal coveredAmount = Amounts.round(view, allowed.multiply(BigDecimal.ONE.subtract(item.selfPayShare())));
        String decision = coveredAmount.compareTo(l.amount()) == 0 ? "COVERED" : "PARTLY";
        return new Line(l.lineNo(), l.itemCode(), l.itemName(), l.quantity(), l.amount(), decision, item.code(),
                item.name(), item.itemClass().name(), item.selfPayShare(), item.priceCap(), allowed, coveredAmount, null);
    }

    private static ExplanationStep lineStep(Line l) {
        String what = "line " + l.lineNo();
        if ("REJECTED".equals(l.decision())) {
            return new ExplanationStep("catalog", what, "0.00", null, null,
                    l.itemName() + " " + Amounts.fmt(l.amount()) + "：不予报销 / rejected — " + l.rejectReason());
        }
        String cap = l.priceCap() == null ? ""
                : "；限价 / price cap " + Amounts.fmt(l.priceCap()) + " × " + l.quantity().stripTrailingZeros().toPlainString()
                        + " → " + Amounts.fmt(l.allowedAmount());
        String arithmetic = "C".equals(l.itemClass()) ? "丙类不予支付 / class C not covered"
                : Amounts.fmt(l.allowedAmount()) + " × (1 − " + l.selfPayShare().stripTrailingZeros().toPlainString()
                        + ") = " + Amounts.fmt(l.coveredAmount());
        return new ExplanationStep("catalog", what, Amounts.fmt(l.coveredAmount()),
                "目录 / catalog " + l.catalogCode() + " " + l.catalogName() + "（" + l.itemClass() + "）", Confidence.SOURCED,
                l.itemName() + " " + Amounts.fmt(l.amount()) + cap + "；" + arithmetic);
    }

    /** Refuses a claim that is not yet paid (the clerk before review, or after it before payment), with the reason. */
    @Transactional
    public Reimbursement reject(LiangxianUser by, String number, String reason) {
        Reimbursement r = visible(by, number);
        access.requireRole(by, REVIEWERS);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_REASON_REQUIRED");
        }
        requireStatus(r, Status.SUBMITTED);
        decide(r.regionCode(), id(number), Status.SUBMITTED, Status.REJECTED, by.getUsername(), reason.strip());
        return load(r.regionCode(), id(number));
    }

    @EventListener
    void on(ApprovalDecided decided) {
        ApprovalRequest a = decided.request();
        if (!APPROVAL_KIND.equals(a.kind())) {
            return;
        }
        Map<String, Object> p = JSON.readValue(a.payload(), new TypeReference<Map<String, Object>>() {
        });
        if (!"reimbursement".equals(p.get("feature"))) {
            return;
        }
        String number = String.valueOf(p.get("number"));
        boolean approved = a.status() == ApprovalRequest.Status.APPROVED;
        decide(region(number), id(number), Status.PENDING_APPROVAL, approved ? Status.APPROVED : Status.REJECTED,
                a.checker(), approved ? null : a.checkerReason());
        if (approved) {
            closeIfNothingToPay(region(number), id(number), a.checker());
        }
    }

    private void decide(String region, long id, Status from, Status to, String by, String reason) {
        int n = jdbc.sql("""
                update reimbursement set status = ?, decided_by = ?, decided_at = now(), reject_reason = ?,
                    version = version + 1
                where region_code = ? and id = ? and status = ?""")
                .params(to.name(), by, reason, region, id, from.name()).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_WRONG_STATUS", from.name());
        }
        audit.record(new AuditTrail.Actor(by, null, region), "REIMBURSEMENT_" + to.name(), "reimbursement",
                number(region, id), from.name(), to.name() + (reason == null ? "" : ": " + reason));
    }

    // ------------------------------------------------------------------ nothing to pay

    /**
     * A claim approved with a benefit of zero (every line refused or excluded) has nothing to send to the bank: it is
     * closed as paid at once, without a ledger entry; the maternity event is recorded as for any claim paid.
     */
    private void closeIfNothingToPay(String region, long id, String by) {
        Reimbursement r = load(region, id);
        if (r.status() != Status.APPROVED || r.benefit().signum() != 0) {
            return;
        }
        MaternityEvents.Event ev = events.record(region, r.personId(), r.serviceDate(), EVENT_SOURCE, r.number());
        int n = jdbc.sql("""
                update reimbursement set status = 'PAID', paid_by = ?, paid_at = now(), maternity_event_id = ?,
                    version = version + 1
                where region_code = ? and id = ? and status = 'APPROVED'""")
                .params(by, ev.id(), region, id).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_WRONG_STATUS", r.status().name());
        }
        audit.record(new AuditTrail.Actor(by, null, region), "REIMBURSEMENT_PAID", "reimbursement", r.number(),
                Status.APPROVED.name(), "nothing to pay: benefit " + Amounts.fmt(r.benefit()));
    }

    // ------------------------------------------------------------------ read

    /** A claim, for whoever may see it: agency staff of its region, the person herself, the employer that filed it. */
    public Reimbursement visible(LiangxianUser by, String number) {
        Reimbursement r = find(number).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(by, new AccessPolicy.Owner(r.regionCode(), r.employerUscc(), r.personId(), null));
        return r;
    }

    /** Whether the user may see the claim. */
    public boolean canSee(LiangxianUser by, Reimbursement r) {
        return access.canSee(by, new AccessPolicy.Owner(r.regionCode(), r.employerUscc(), r.personId(), null));
    }

    Optional<Reimbursement> find(String number) {
        if (number == null || !number.matches("[0-9]{6}-R[0-9]{1,18}")) {
            return Optional.empty();
        }
        return exists(region(number), id(number)) ? Optional.of(load(region(number), id(number))) : Optional.empty();
    }

    /** Claims the user may see: agency staff by region (and status), the insured her own, an employer those it filed. */
    public List<Reimbursement> list(LiangxianUser by, String region, Status status) {
        List<Key> keys;
        String statusName = status == null ? null : status.name();
        switch (by.role().binding()) {
        case REGIONS -> {
            if (region == null || region.isBlank()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INCOMPLETE", "region");
            }
            if (!by.regions().contains(region)) {
                throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
            }
            keys = ids("region_code = ? and (?::text is null or status = ?)", region, statusName, statusName);
        }
        case PERSON -> keys = ids("person_id = ?", by.personId());
        case EMPLOYER -> keys = ids("employer_uscc = ?", by.employerUscc());
        default -> throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
        return keys.stream().map(k -> load(k.region(), k.id())).toList();
    }

    /** A person's claims, newest service date first (for her own pages and notices; the caller checks access). */
    public List<Reimbursement> ofPerson(long personId) {
        return ids("person_id = ?", personId).stream().map(k -> load(k.region(), k.id())).toList();
    }

    /** A claim's key: its region and id. */
    private record Key(String region, long id) {
    }

    private List<Key> ids(String where, Object... params) {
        return jdbc.sql("select region_code, id from reimbursement where " + where + " order by service_date desc, id desc")
                .params(params).query((rs, i) -> new Key(rs.getString(1), rs.getLong(2))).list();
    }

    private boolean exists(String region, long id) {
        return jdbc.sql("select exists (select 1 from reimbursement where region_code = ? and id = ?)")
                .params(region, id).query(Boolean.class).single();
    }

    Reimbursement load(String region, long id) {
        List<Line> lines = jdbc.sql("select * from reimbursement_line where region_code = ? and reimbursement_id = ? order by line_no")
                .params(region, id).query(Reimbursements::line).list();
        List<Document> docs = documents(region, id);
        List<Payment> payments = jdbc.sql("""
                select l.*, b.batch_no from reimbursement_batch_line l
                  join reimbursement_batch b on b.region_code = l.region_code and b.id = l.batch_id
                 where l.region_code = ? and l.reimbursement_id = ? order by l.batch_id, l.line_no""")
                .params(region, id).query((rs, i) -> payment(rs)).list();
        return jdbc.sql("select * from reimbursement where region_code = ? and id = ?").params(region, id)
                .query((rs, i) -> reimbursement(rs, lines, docs, payments)).single();
    }

    /** A batch line as shown; the row of {@code reimbursement_batch_line} joined with its batch's {@code batch_no}. */
    static Payment payment(ResultSet rs) throws SQLException {
        return new Payment(rs.getString("batch_no"), rs.getInt("line_no"),
                number(rs.getString("region_code"), rs.getLong("reimbursement_id")), rs.getString("payee_name_masked"),
                rs.getString("payee_account_masked"), rs.getBigDecimal("amount"), rs.getString("status"),
                rs.getString("reason"), rs.getObject("paid_entry_id", Long.class), instant(rs, "returned_at"));
    }

    private Reimbursement reimbursement(ResultSet rs, List<Line> lines, List<Document> docs, List<Payment> payments)
            throws SQLException {
        long personId = rs.getLong("person_id");
        PersonDirectory.MaskedPerson p = PersonDirectory.masked(persons.loadAll(List.of(personId)).get(0));
        String json = rs.getString("explanation");
        List<ExplanationStep> steps = json == null ? List.of()
                : JSON.readValue(json, new TypeReference<List<ExplanationStep>>() {
                });
        long approval = rs.getLong("approval_id");
        long entry = rs.getLong("entry_id");
        long event = rs.getLong("maternity_event_id");
        return new Reimbursement(number(rs.getString("region_code"), rs.getLong("id")), rs.getString("region_code"),
                personId, p.name(), p.idNumber(), rs.getString("submitted_by"), rs.getString("submitted_role"),
                rs.getString("employer_uscc"), MaternityCategory.valueOf(rs.getString("category")),
                rs.getInt("fetus_count"), rs.getObject("service_date", LocalDate.class), rs.getString("institution_name"),
                CashReason.valueOf(rs.getString("cash_reason")), rs.getString("bank_name"),
                rs.getString("bank_account_masked"), Status.valueOf(rs.getString("status")),
                rs.getBigDecimal("claimed_total"), rs.getBigDecimal("covered_cost"), rs.getBigDecimal("benefit"),
                rs.getString("insured_kind"), steps, rs.getString("reviewed_by"), instant(rs, "reviewed_at"),
                approval == 0 ? null : approval, rs.getString("decided_by"), instant(rs, "decided_at"),
                rs.getString("reject_reason"), rs.getString("paid_by"), instant(rs, "paid_at"),
                entry == 0 ? null : entry, event == 0 ? null : event, rs.getString("cancelled_by"),
                instant(rs, "cancelled_at"), rs.getString("cancel_reason"), rs.getObject("cancel_entry_id", Long.class),
                instant(rs, "created_at"), lines, docs, payments);
    }

    private List<Document> documents(String region, long id) {
        return jdbc.sql("""
                select id, file_name, file_name_enc, content_type, size_bytes, sha256, uploaded_by, uploaded_at
                from reimbursement_document where region_code = ? and reimbursement_id = ? order by id""")
                .params(region, id).query((rs, i) -> document(rs)).list();
    }

    private Document document(ResultSet rs) throws SQLException {
        String sealedName = rs.getString("file_name_enc");
        String name = sealedName == null ? rs.getString("file_name") : cipher.decrypt(sealedName, DOCUMENT_NAME_CONTEXT);
        return new Document(rs.getLong("id"), name, rs.getString("content_type"),
                rs.getInt("size_bytes"), rs.getString("sha256"), rs.getString("uploaded_by"), instant(rs, "uploaded_at"));
    }

    private static Line line(ResultSet rs, int i) throws SQLException {
        return new Line(rs.getInt("line_no"), rs.getString("item_code"), rs.getString("item_name"),
                rs.getBigDecimal("quantity"), rs.getBigDecimal("amount"), rs.getString("decision"),
                rs.getString("catalog_code"), rs.getString("catalog_name"), rs.getString("item_class"),
                rs.getBigDecimal("self_pay_share"), rs.getBigDecimal("price_cap"), rs.getBigDecimal("allowed_amount"),
                rs.getBigDecimal("covered_amount"), rs.getString("reject_reason"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    // ------------------------------------------------------------------ helpers

    static String number(String region, long id) {
        return region + "-R" + String.format("%06d", id);
    }

    static String region(String number) {
        return number.substring(0, 6);
    }

    static long id(String number) {
        return Long.parseLong(number.substring(8));
    }

    private void insertLines(String region, long id, List<FeeLine> lines) {
        int no = 1;
        for (FeeLine l : lines) {
            jdbc.sql("""
                    insert into reimbursement_line (region_code, reimbursement_id, line_no, item_code, item_name, quantity,
                        amount) values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(region, id, no++, l.itemCode(), l.itemName(), l.quantity(), l.amount()).update();
        }
    }

    private static List<FeeLine> validLines(List<FeeLine> lines) {
        if (lines == null || lines.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_NO_LINES");
        }
        if (lines.size() > FeeLists.MAX_LINES) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_TOO_MANY_LINES", FeeLists.MAX_LINES);
        }
        List<FeeLine> out = new ArrayList<>();
        int no = 1;
        for (FeeLine l : lines) {
            if (l == null || l.itemName() == null || l.itemName().isBlank() || l.itemName().strip().length() > 200) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_LINE", no, "itemName");
            }
            if (l.quantity() == null || l.quantity().signum() <= 0 || l.quantity().stripTrailingZeros().scale() > 3
                    || l.quantity().compareTo(new BigDecimal("100000")) >= 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_LINE", no, "quantity");
            }
            if (l.amount() == null || l.amount().signum() <= 0 || l.amount().stripTrailingZeros().scale() > 2
                    || l.amount().compareTo(new BigDecimal("10000000")) >= 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_LINE", no, "amount");
            }
            String code = l.itemCode() == null || l.itemCode().isBlank() ? null : l.itemCode().strip();
            if (code != null && !code.matches("[A-Za-z0-9._-]{1,40}")) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_LINE", no, "itemCode");
            }
            out.add(new FeeLine(code, l.itemName().strip(), l.quantity(), l.amount().setScale(2)));
            no++;
        }
        return out;
    }

    static void requireStatus(Reimbursement r, Status wanted) {
        if (r.status() != wanted) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_WRONG_STATUS", r.status().name());
        }
    }

    private static String required(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INCOMPLETE", field);
        }
        return s;
    }

    private static String text(String s, String field, int min, int max) {
        String t = required(s, field).strip();
        if (t.length() < min || t.length() > max) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_TEXT", field, min, max);
        }
        return t;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
