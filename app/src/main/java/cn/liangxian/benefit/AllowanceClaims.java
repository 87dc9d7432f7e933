package cn.liangxian.benefit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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
import cn.liangxian.collection.ContributionRecords;
import cn.liangxian.collection.WageBases;
import cn.liangxian.estimate.ExplanationLine;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.FundAccounts;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.policy.maternity.PayingFund;
import cn.liangxian.registry.BirthCertificates;
import cn.liangxian.registry.EmployerRegistry;
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
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maternity allowance claims (生育津贴申领) from filing to approval. A claim is filed by the employer's HR for her
 * employee (or by the woman herself where {@code allowance.claim.self_filing}, or by a clerk at the counter), with
 * the birth taken from a settlement's maternity event or entered with evidence files (a birth settled elsewhere: PDF,
 * PNG or JPEG scans, judged by their content, stored encrypted). Eligibility is judged on the date of
 * birth: maternity coverage, whether the fund pays an allowance at all, the birth service certificate where the
 * region checks it, contribution months, and arrears. The amount is the policy engine's estimate at the employer's
 * prior-year average monthly wage as declared in the collection's wage bases; the whole explanation is kept on the
 * claim. A claim that fails a condition is stored as refused with the reason, so the employer and the woman see why.
 * A reviewer approves it, or asks a second person where the amount reaches {@code approval.allowance.threshold};
 * approval owes the amount to the payee on the ledger (expenditure against 应付生育津贴), and {@link AllowancePayments}
 * pays it. The payee is the region's {@code allowance.payee} on the date of birth: {@code EMPLOYER} (the employer's
 * registered account) or {@code PERSON} (her own account, given by whoever files; stored encrypted with her name,
 * shown masked).
 */
@Service
public class AllowanceClaims {

    static final String APPROVAL_KIND = "allowance";
    static final Set<Role> REVIEWERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER);
    static final Set<Role> READERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER,
            Role.FINANCE, Role.SUPERVISOR);
    static final Set<Role> FILERS = EnumSet.of(Role.EMPLOYER_HR, Role.INSURED, Role.AGENCY_CLERK);
    static final String PAYABLE = "2202";
    /** At most this many evidence files on one claim. */
    static final int MAX_EVIDENCE_FILES = 10;
    static final String ACCOUNT_CONTEXT = "allowance_claim.payee_account";
    static final String PAYEE_NAME_CONTEXT = "allowance_claim.payee_name";
    static final String EVIDENCE_NAME_CONTEXT = "allowance_evidence.file_name";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where a claim stands. */
    public enum Status implements cn.liangxian.policy.Bilingual {
        REFUSED("不予受理", "Refused"), SUBMITTED("待复核", "Awaiting review"),
        PENDING_APPROVAL("待审批", "Awaiting approval"), APPROVED("已核定待支付", "Approved, awaiting payment"),
        REJECTED("未通过", "Rejected"), IN_BATCH("支付中", "Being paid"), PAID("已支付", "Paid"),
        PAYMENT_FAILED("支付失败", "Payment failed"), CANCELLED("已撤销", "Cancelled");

        private final String zh;
        private final String en;

        Status(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    /**
     * What a filer states. {@code settlementId} names a settlement's birth; otherwise the date and at least one evidence
     * file are required ({@code evidence} describes them). {@code payeeAccount} is her own account, needed where the
     * region pays the allowance to her ({@code allowance.payee = PERSON}) and ignored elsewhere.
     */
    public record Filing(Long personId, LocalDate eventDate, String category, Integer fetusCount, String settlementId,
            String evidence, String certificateNo, String payeeAccount) {
    }

    /** A file uploaded with a claim or later: as sent, its type to be judged by its content. */
    public record EvidenceUpload(String fileName, byte[] content) {
    }

    /** An evidence file of a claim, without its content. */
    public record Evidence(long id, long claimId, String fileName, String contentType, int sizeBytes, String sha256,
            String uploadedBy, String uploadedRole, OffsetDateTime uploadedAt) {
    }

    /** An evidence file with its content (decrypted). */
    public record EvidenceFile(Evidence evidence, byte[] content) {
    }

    /**
     * A claim as shown: the woman's name and number masked, the payee's account masked. {@code payeeName} is the name
     * the bank is given (her full name where she is paid directly) and is never shown: the JSON and the pages show
     * {@link #payeeNameShown()}.
     */
    public record Claim(long id, String regionCode, long personId, String personName, String personIdNumber,
            String employerUscc, String employerName, String filedBy, String filedRole, LocalDate eventDate,
            String category, int fetusCount, String birthSource, String birthRef, String evidence,
            String certificateNo, Status status, String refusalCode, String refusalReason, BigDecimal employerAvgWage,
            BigDecimal ownWage, BigDecimal wageDifference, String differenceRule, Integer leaveDays,
            Integer allowanceDays, BigDecimal dailyRate, BigDecimal amount, String payingFund, String payee,
            @JsonIgnore String payeeName, String payeeAccount, Long approvalId, Long approvedEntryId,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, List<ExplanationLine> explanation,
            List<Evidence> evidenceFiles) {

        /** Whether the allowance is paid into her own account rather than the employer's. */
        public boolean paidToHer() {
            return "PERSON".equals(payee);
        }

        /** The payee's name as shown: hers masked where she is paid directly, the employer's as registered. */
        @JsonProperty("payeeName")
        public String payeeNameShown() {
            return paidToHer() && payeeName != null ? Masking.name(payeeName) : payeeName;
        }

        public String statusZh() {
            return status.zh();
        }

        public String statusEn() {
            return status.en();
        }
    }

    /** One step of a claim's history. */
    public record Step(long id, long claimId, String action, String fromStatus, String toStatus, String actor,
            String note, OffsetDateTime at) {
    }

    /** The case as a clerk reads it: the claim, its history, the certificates and the payment lines. */
    public record Case(Claim claim, List<Step> history, List<BirthCertificates.CertificateView> certificates,
            List<AllowancePayments.Line> payments) {
    }

    /** The woman's view of her claims: each with its steps in order. */
    public record Timeline(Claim claim, List<Step> steps) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final PolicyBook policy;
    private final MaternityEstimator estimator;
    private final Enrollments enrollments;
    private final PersonDirectory persons;
    private final EmployerRegistry employers;
    private final MaternityEvents events;
    private final BirthCertificates certificates;
    private final ContributionRecords contributions;
    private final WageBases wageBases;
    private final FourEyes fourEyes;
    private final Postings postings;
    private final PersonalDataCipher cipher;
    private final int maxEvidenceBytes;

    AllowanceClaims(JdbcClient jdbc, AccessPolicy access, AuditTrail audit, PolicyBook policy,
            Enrollments enrollments, PersonDirectory persons, EmployerRegistry employers, MaternityEvents events,
            BirthCertificates certificates, ContributionRecords contributions, WageBases wageBases,
            FourEyes fourEyes, Postings postings, PersonalDataCipher cipher,
            @Value("${liangxian.allowance.max-evidence-bytes:10485760}") int maxEvidenceBytes) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.policy = policy;
        this.estimator = new MaternityEstimator(policy);
        this.enrollments = enrollments;
        this.persons = persons;
        this.employers = employers;
        this.events = events;
        this.certificates = certificates;
        this.contributions = contributions;
        this.wageBases = wageBases;
        this.fourEyes = fourEyes;
        this.postings = postings;
        this.cipher = cipher;
        this.maxEvidenceBytes = maxEvidenceBytes;
    }

    // ------------------------------------------------------------------ filing

    /** Files a claim without evidence files: a birth taken from a settlement. */
    @Transactional
    public Claim file(LiangxianUser by, Filing f) {
        return file(by, f, List.of());
    }

    /**
     * Files a claim with its evidence files. Bad input (missing facts, a birth in the future, a settlement that is not
     * hers, a birth settled elsewhere without an evidence file, a file that is not a PDF, PNG or JPEG by its content or
     * is too large, an employer without a wage declaration for the year) is refused and writes nothing; a claim that
     * fails an eligibility condition is stored as {@link Status#REFUSED} with the reason (and its files).
     */
    @Transactional
    public Claim file(LiangxianUser by, Filing f, List<EvidenceUpload> evidence) {
        access.requireRole(by, FILERS);
        if (f == null || f.personId() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_PERSON_REQUIRED");
        }
        long personId = f.personId();
        if (by.role() == Role.INSURED && !Long.valueOf(personId).equals(by.personId())) {
            throw notFound();
        }
        PersonDirectory.RevealedPerson person = persons.loadAll(List.of(personId)).stream().findFirst()
                .orElseThrow(AllowanceClaims::notFound);
        String region = person.regionCode();
        if (by.role().isAgency()) {
            access.requireVisible(by, AccessPolicy.Owner.region(region));
        }
        MaternityCategory category = category(f.category());
        int fetuses = f.fetusCount() == null ? 1 : f.fetusCount();
        if (fetuses < 1 || fetuses > 9 || (!category.isDelivery() && fetuses != 1)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_INVALID_FETUS_COUNT");
        }
        List<CheckedFile> files = checked(evidence, 0);
        // the birth: from a settlement's maternity event, or typed with evidence files
        LocalDate date;
        String birthSource;
        String birthRef;
        Long eventId = null;
        String settlement = blankToNull(f.settlementId());
        if (settlement != null) {
            MaternityEvents.Event e = events.find(region, "SETTLEMENT", settlement)
                    .filter(ev -> ev.personId() == personId)
                    .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ALLOWANCE_SETTLEMENT_UNKNOWN",
                            settlement));
            date = e.eventDate();
            birthSource = "SETTLEMENT";
            birthRef = settlement;
            eventId = e.id();
        } else {
            if (f.eventDate() == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
            }
            if (files.isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_EVIDENCE_REQUIRED");
            }
            date = f.eventDate();
            birthSource = "CLAIM_EVIDENCE";
            birthRef = null;
        }
        if (date.isAfter(LocalDate.now())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_DATE_IN_FUTURE");
        }
        Enrollments.MaternityCoverage coverage = enrollments.maternityCoverageOn(personId, date);
        if (by.role() == Role.EMPLOYER_HR && !(coverage.covered() && by.employerUscc().equals(coverage.employerUscc()))) {
            // not her employee on the day: as if the person did not exist for this employer
            throw notFound();
        }
        PolicyView view;
        try {
            view = policy.at(region, date);
            if (by.role() == Role.INSURED && !view.get("allowance.claim.self_filing").bool()) {
                throw new ApiException(HttpStatus.FORBIDDEN, "ALLOWANCE_SELF_FILING_NOT_ALLOWED");
            }
        } catch (PolicyException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ALLOWANCE_NO_RULES", region, date);
        }
        Integer open = jdbc.sql("""
                select count(*) from allowance_claim where region_code = ? and person_id = ? and event_date = ?
                   and status not in ('REFUSED', 'REJECTED', 'CANCELLED')""").params(region, personId, date)
                .query(Integer.class).single();
        if (open > 0) {
            throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_ALREADY_CLAIMED", date);
        }

        Explanation ex = new Explanation();
        Refusal refusal = eligibility(view, region, personId, date, coverage, f.certificateNo(), ex);
        String uscc = coverage.employerUscc();
        InsuredKind kind = switch (coverage.basis() == null ? "EMPLOYEE" : coverage.basis()) {
            case "FLEXIBLE" -> InsuredKind.FLEXIBLE;
            case "SPOUSE" -> InsuredKind.SPOUSE;
            default -> InsuredKind.EMPLOYEE;
        };
        BigDecimal avgWage = null;
        BigDecimal ownWage = null;
        if (uscc != null) {
            Optional<WageBases.EmployerWages> w = wageBases.employerWages(region, uscc, date.getYear());
            if (w.isPresent()) {
                avgWage = Amounts.round(view, w.get().total().divide(BigDecimal.valueOf(w.get().employees()),
                        MathContext.DECIMAL128));
                ex.step("wage", "employerAvgMonthlyWage", Amounts.fmt(avgWage) + " CNY",
                        "用人单位 " + uscc + " " + date.getYear() + " 年度缴费基数申报（各职工上年度月平均工资）：" + Amounts.fmt(
                                w.get().total()) + " ÷ " + w.get().employees() + " 人 = " + Amounts.fmt(avgWage)
                                + " / employer's declared prior-year monthly wages, total ÷ employees");
            }
            ownWage = wageBases.declaredWage(region, personId, uscc, date.getYear()).orElse(null);
        }
        MaternityEstimate estimate = null;
        if (refusal == null && coverage.covered()) {
            try {
                estimate = estimator.estimate(new MaternityFacts(region, date, category, fetuses, kind, BigDecimal.ZERO,
                        avgWage, null, null));
            } catch (PolicyException e) {
                if ("MISSING_EMPLOYER_AVG_WAGE".equals(e.code())) {
                    throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_EMPLOYER_WAGE_MISSING", uscc, date.getYear());
                }
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ALLOWANCE_NO_RULES", region, date);
            }
            List<ExplanationStep> steps = estimate.explanation();
            if (!estimate.allowance().payable()) {
                String why = steps.stream().filter(s -> "allowancePayable".equals(s.parameter())).map(ExplanationStep::note)
                        .findFirst().orElse("基金不支付生育津贴 / no allowance from the fund");
                refusal = new Refusal("ALLOWANCE_NOT_PAYABLE", why);
            } else if (estimate.allowance().amount().signum() == 0) {
                refusal = new Refusal("ALLOWANCE_NO_DAYS", "该事件无基金支付津贴的假期 / no allowance days for this event");
            }
        }
        List<ExplanationStep> all = new ArrayList<>(ex.steps());
        BigDecimal difference = null;
        String differenceRule = null;
        if (estimate != null) {
            // the maternity medical benefit is settlement's business, not the allowance's
            estimate.explanation().stream().filter(st -> !"medical".equals(st.rule())).forEach(all::add);
            if (refusal == null && ownWage != null) {
                Explanation dx = new Explanation();
                ResolvedParam divisor = view.get("allowance.divisor");
                BigDecimal wageForDays = Amounts.round(view, ownWage.multiply(BigDecimal.valueOf(
                        estimate.allowanceDays())).divide(BigDecimal.valueOf(divisor.integer()), MathContext.DECIMAL128));
                difference = wageForDays.subtract(estimate.allowance().amount());
                ResolvedParam rule = dx.use("wage-difference", view.get(difference.signum() >= 0 ? "allowance.below_wage"
                        : "allowance.above_wage"));
                differenceRule = rule.text();
                dx.step("wage-difference", "ownWageForAllowanceDays", Amounts.fmt(wageForDays),
                        "本人申报月工资 " + Amounts.fmt(ownWage) + " ÷ " + divisor.integer() + " × " + estimate.allowanceDays()
                                + " = " + Amounts.fmt(wageForDays) + " / her own declared wage for the allowance days");
                dx.step("wage-difference", "difference", Amounts.fmt(difference), Amounts.fmt(wageForDays) + " − "
                        + Amounts.fmt(estimate.allowance().amount()) + " = " + Amounts.fmt(difference)
                        + (difference.signum() > 0 ? "（津贴低于本人工资 / allowance below her wage）"
                                : difference.signum() < 0 ? "（津贴高于本人工资 / allowance above her wage）" : ""));
                all.addAll(dx.steps());
            }
        }
        if (refusal != null) {
            all.add(new ExplanationStep("decision", "refused", refusal.code(), null, null, refusal.reason()));
        }

        String payee = null;
        String payeeName = null;
        String payeeAccount = null;
        if (refusal == null) {
            ResolvedParam p = view.get("allowance.payee");
            all.add(new ExplanationStep("payment", p.key(), p.display(), p.reference(), p.confidence(),
                    p.definition().descriptionZh()));
            payee = p.text();
            if ("PERSON".equals(payee)) {
                // her own account, as the filer typed it (spaces and dashes as printed on a card are dropped)
                String account = f.payeeAccount() == null ? null : f.payeeAccount().replaceAll("[\\s-]", "");
                if (account == null || !account.matches("[0-9]{8,30}")) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_PAYEE_ACCOUNT_REQUIRED");
                }
                payeeName = person.name();
                payeeAccount = account;
            } else {
                EmployerRegistry.Employer e = employers.find(region, uscc)
                        .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_EMPLOYER_UNKNOWN", uscc));
                payeeName = e.name();
                payeeAccount = employers.bankAccountForPayment(region, uscc).orElseThrow(
                        () -> new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_EMPLOYER_ACCOUNT_MISSING", uscc));
            }
        }
        Status status = refusal == null ? Status.SUBMITTED : Status.REFUSED;
        long id = jdbc.sql("""
                insert into allowance_claim (region_code, person_id, employer_uscc, filed_by, filed_role, event_date,
                       category, fetus_count, birth_source, birth_ref, maternity_event_id, evidence, certificate_no, status,
                       refusal_code, refusal_reason, employer_avg_wage, own_wage, wage_difference, difference_rule,
                       leave_days, allowance_days, daily_rate, amount, paying_fund, payee, payee_name, payee_account,
                       explanation)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 'pending'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        ?, ?, ?::jsonb) returning id""")
                .params(region, personId, uscc, by.getUsername(), by.role().name(), date, category.name(), fetuses,
                        birthSource, birthRef, eventId, blankToNull(f.evidence()), blankToNull(f.certificateNo()),
                        status.name(), refusal == null ? null : refusal.code(), refusal == null ? null : refusal.reason(),
                        avgWage, ownWage, difference, differenceRule,
                        estimate == null ? null : estimate.leaveDays(), estimate == null ? null : estimate.allowanceDays(),
                        estimate == null ? null : estimate.allowance().daily(),
                        estimate == null || refusal != null ? null : estimate.allowance().amount(),
                        estimate == null ? null : estimate.payingFund().name(), payee,
                        "PERSON".equals(payee) ? cipher.encrypt(payeeName, PAYEE_NAME_CONTEXT) : payeeName,
                        payeeAccount == null ? null : cipher.encrypt(payeeAccount, ACCOUNT_CONTEXT),
                        JSON.writeValueAsString(all))
                .query(Long.class).single();
        if (birthRef == null) {
            // a birth settled elsewhere: the claim's evidence is the source the registry records
            MaternityEvents.Event e = events.record(region, personId, date, "CLAIM_EVIDENCE", "allowance-claim-" + id);
            jdbc.sql("update allowance_claim set birth_ref = ?, maternity_event_id = ? where id = ?")
                    .params("allowance-claim-" + id, e.id(), id).update();
        }
        step(id, "FILED", null, Status.SUBMITTED, by.getUsername(), blankToNull(f.evidence()));
        if (refusal != null) {
            step(id, "REFUSED", Status.SUBMITTED, Status.REFUSED, "system", refusal.reason());
        }
        audit.record(region, "ALLOWANCE_CLAIM_FILED", "allowance_claim", String.valueOf(id), null, status.name()
                + (refusal == null ? " " + estimate.allowance().amount() : " " + refusal.code()));
        for (CheckedFile file : files) {
            store(by, id, region, file);
        }
        return load(id);
    }

    private record Refusal(String code, String reason) {
    }

    /** The conditions on the date of birth other than the allowance itself; the first failed one refuses. */
    private Refusal eligibility(PolicyView view, String region, long personId, LocalDate date,
            Enrollments.MaternityCoverage coverage, String certificateNo, Explanation ex) {
        ex.step("eligibility", "coverage", coverage.covered() ? "参保 / covered (" + coverage.basis() + ")"
                : "未参保 / not covered", coverage.reasons().stream().map(r -> r.rule() + " " + r.value())
                        .reduce((a, b) -> a + "；" + b).orElse("") + "（生育日 / on " + date + "）");
        if (!coverage.covered()) {
            return new Refusal("ALLOWANCE_NOT_COVERED", "生育之日未参加生育保险 / not covered for maternity on the date of birth");
        }
        BirthCertificates.Requirement req = certificates.requiredOn(region, date);
        if (req.required()) {
            List<BirthCertificates.CertificateView> certs = certificates.forPerson(personId);
            String no = blankToNull(certificateNo);
            boolean found = certs.stream().anyMatch(c -> no == null || c.certNo().equals(no));
            ex.step("eligibility", "registry.birth_certificate.required", found ? "已核验 / checked" : "未查到 / not found",
                    "须核验卫生健康部门《生育服务证》/《再生育服务证》：" + req.reference() + (found ? "；查到 " + certs.size()
                            + " 份 / found" : "；未查到本人证件 / none on record"));
            if (!found) {
                return new Refusal("ALLOWANCE_CERTIFICATE_MISSING", "未查到卫生健康部门的生育服务证（" + req.reference()
                        + "） / no birth service certificate on record, which the region requires");
            }
        }
        ResolvedParam min = ex.use("eligibility", view.get("allowance.eligibility.min_contribution_months"));
        ContributionRecords.Months months = contributions.months(region, personId, date);
        ex.step("eligibility", "contributionMonths", String.valueOf(months.cumulative()),
                "截至 " + date + " 累计缴费 " + months.cumulative() + " 个月（连续 " + months.continuous() + " 个月），须不少于 "
                        + min.integer() + " 个月 / contribution months counted by the date of birth");
        if (months.cumulative() < min.integer()) {
            return new Refusal("ALLOWANCE_CONTRIBUTION_MONTHS", "累计缴费 " + months.cumulative() + " 个月，不足 "
                    + min.integer() + " 个月 / " + months.cumulative() + " contribution months, fewer than "
                    + min.integer());
        }
        ContributionRecords.BenefitStatus arrears = contributions.benefitStatus(region, personId, date);
        for (ExplanationStep s : arrears.reasons()) {
            ex.step("eligibility", s.parameter(), s.value(), (s.reference() == null ? "" : s.reference() + "；")
                    + (s.note() == null ? "" : s.note()) + (s.confidence() != null && s.confidence().isUnverified()
                            ? " [unverified 未核实]" : ""));
        }
        if (arrears.suspended()) {
            return new Refusal("ALLOWANCE_SUSPENDED_FOR_ARREARS", "用人单位欠缴，自 " + arrears.suspendedFrom()
                    + " 起暂停享受待遇（欠缴所属期 " + String.join(", ", arrears.periodsInArrears())
                    + "） / benefits suspended for arrears from " + arrears.suspendedFrom());
        }
        return null;
    }

    // ------------------------------------------------------------------ evidence files

    /** An upload that passed the checks: its name made safe, its type by content, its hash. */
    private record CheckedFile(String name, String contentType, byte[] content, String sha256) {
    }

    /** Checks every upload before anything is written: count, emptiness, size, type by content, repeats. */
    private List<CheckedFile> checked(List<EvidenceUpload> uploads, int already) {
        List<EvidenceUpload> given = uploads == null ? List.of()
                : uploads.stream().filter(u -> u != null && u.content() != null && u.content().length > 0).toList();
        if (already + given.size() > MAX_EVIDENCE_FILES) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_EVIDENCE_TOO_MANY", MAX_EVIDENCE_FILES);
        }
        List<CheckedFile> out = new ArrayList<>();
        for (EvidenceUpload u : given) {
            if (u.content().length > maxEvidenceBytes) {
                throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "ALLOWANCE_EVIDENCE_TOO_LARGE",
                        safeName(u.fileName()), maxEvidenceBytes / (1024 * 1024));
            }
            String type = Uploads.sniff(u.content()).orElseThrow(() -> new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "ALLOWANCE_EVIDENCE_TYPE", safeName(u.fileName())));
            String sha = AllowancePayments.sha256(u.content());
            if (out.stream().anyMatch(c -> c.sha256().equals(sha))) {
                throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_EVIDENCE_DUPLICATE", safeName(u.fileName()));
            }
            out.add(new CheckedFile(safeName(u.fileName()), type, u.content(), sha));
        }
        return out;
    }

    /** The file's own name without any folder, control characters or more than 120 characters. */
    static String safeName(String fileName) {
        String name = fileName == null ? "" : fileName.replaceAll("\\p{Cntrl}", "").strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty()) {
            name = "evidence";
        }
        return name.length() > 120 ? name.substring(name.length() - 120) : name;
    }

    private static String evidenceContext(long claimId) {
        return "allowance_evidence:" + claimId;
    }

    private Evidence store(LiangxianUser by, long claimId, String region, CheckedFile f) {
        Integer same = jdbc.sql("select count(*) from allowance_evidence where claim_id = ? and sha256 = ?")
                .params(claimId, f.sha256()).query(Integer.class).single();
        if (same > 0) {
            throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_EVIDENCE_DUPLICATE", f.name());
        }
        long id = jdbc.sql("""
                insert into allowance_evidence (claim_id, region_code, file_name_enc, content_type, size_bytes, sha256,
                       content_enc, uploaded_by, uploaded_role)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(claimId, region, cipher.encrypt(f.name(), EVIDENCE_NAME_CONTEXT), f.contentType(),
                        f.content().length, f.sha256(), cipher.encryptBytes(f.content(), evidenceContext(claimId)),
                        by.getUsername(), by.role().name())
                .query(Long.class).single();
        audit.record(region, "ALLOWANCE_EVIDENCE_ADDED", "allowance_claim", String.valueOf(claimId), null,
                "#" + id + " " + f.contentType() + " " + f.content().length + " bytes sha256 " + f.sha256());
        return evidenceOf(List.of(claimId)).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    /**
     * Adds an evidence file to a claim awaiting review: by its filer's side (the employer's HR, the woman herself) or
     * a clerk of the region. Checked as at filing; a file already on the claim is refused.
     */
    @Transactional
    public Evidence attachEvidence(LiangxianUser by, long claimId, String fileName, byte[] content) {
        access.requireRole(by, FILERS);
        Claim c = visible(by, claimId);
        requireStatus(c, Status.SUBMITTED);
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_EVIDENCE_EMPTY");
        }
        List<CheckedFile> files = checked(List.of(new EvidenceUpload(fileName, content)), c.evidenceFiles().size());
        return store(by, claimId, c.regionCode(), files.get(0));
    }

    /** The evidence files of a claim the viewer may see (without their content). */
    public List<Evidence> evidence(LiangxianUser viewer, long claimId) {
        return visible(viewer, claimId).evidenceFiles();
    }

    /**
     * One evidence file with its content, for whoever may see the claim; another claim's file answers 404. Each
     * reading is audited.
     */
    public EvidenceFile evidenceFile(LiangxianUser viewer, long claimId, long evidenceId) {
        Claim c = visible(viewer, claimId);
        Evidence e = c.evidenceFiles().stream().filter(x -> x.id() == evidenceId).findFirst()
                .orElseThrow(AllowanceClaims::notFound);
        byte[] stored = jdbc.sql("select content_enc from allowance_evidence where id = ? and claim_id = ?")
                .params(evidenceId, claimId).query(byte[].class).single();
        EvidenceFile f = new EvidenceFile(e, cipher.decryptBytes(stored, evidenceContext(claimId)));
        audit.record(c.regionCode(), "ALLOWANCE_EVIDENCE_READ", "allowance_claim", String.valueOf(claimId), null,
                "#" + evidenceId + " " + e.contentType() + " sha256 " + e.sha256());
        return f;
    }

    private List<Evidence> evidenceOf(List<Long> claimIds) {
        if (claimIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select id, claim_id, file_name_enc, content_type, size_bytes, sha256, uploaded_by, uploaded_role,
                       uploaded_at
                  from allowance_evidence where claim_id = any(?::bigint[]) order by claim_id, id""")
                .param("{" + String.join(",", claimIds.stream().map(String::valueOf).toList()) + "}")
                .query((rs, i) -> new Evidence(rs.getLong("id"), rs.getLong("claim_id"),
                        cipher.decrypt(rs.getString("file_name_enc"), EVIDENCE_NAME_CONTEXT), rs.getString("content_type"),
                        rs.getInt("size_bytes"), rs.getString("sha256"), rs.getString("uploaded_by"),
                        rs.getString("uploaded_role"), rs.getObject("uploaded_at", OffsetDateTime.class)))
                .list();
    }

    // ------------------------------------------------------------------ review and approval

    /** Reviews a submitted claim: approves it, or asks a second person where the amount reaches the threshold. */
    @Transactional
    public Claim review(LiangxianUser by, long id, String note) {
        access.requireRole(by, REVIEWERS);
        Claim c = visible(by, id);
        requireStatus(c, Status.SUBMITTED);
        requireBirthStands(c);
        if (fourEyes.requiresApproval(c.regionCode(), LocalDate.now(), APPROVAL_KIND, c.amount())) {
            ApprovalRequest r = fourEyes.request(by, c.regionCode(), APPROVAL_KIND,
                    "生育津贴申领 #" + id + " " + Amounts.fmt(c.amount()) + " 元", "{\"claimId\":" + id + "}", c.amount(),
                    note == null || note.isBlank() ? "复核通过 / reviewed" : note);
            move(c, Status.PENDING_APPROVAL, "REVIEWED", by.getUsername(), note);
            jdbc.sql("update allowance_claim set approval_id = ? where id = ?").params(r.id(), id).update();
        } else {
            move(c, Status.APPROVED, "REVIEWED_AND_APPROVED", by.getUsername(), note);
            owe(load(id));
        }
        return load(id);
    }

    /** A second person approves a claim awaiting approval (through the four-eyes request). */
    @Transactional
    public Claim approve(LiangxianUser by, long id, String reason) {
        Claim c = visible(by, id);
        requireStatus(c, Status.PENDING_APPROVAL);
        fourEyes.approve(by, c.approvalId(), reason);
        return load(id);
    }

    /** Rejects a claim under review or awaiting approval, with the reason. */
    @Transactional
    public Claim reject(LiangxianUser by, long id, String reason) {
        access.requireRole(by, REVIEWERS);
        Claim c = visible(by, id);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_REASON_REQUIRED");
        }
        if (c.status() == Status.PENDING_APPROVAL) {
            fourEyes.reject(by, c.approvalId(), reason);
            return load(id);
        }
        requireStatus(c, Status.SUBMITTED);
        move(c, Status.REJECTED, "REJECTED", by.getUsername(), reason);
        return load(id);
    }

    /** The four-eyes decision, from this service or the general approvals page, settles the claim. */
    @EventListener
    void onDecision(ApprovalDecided decided) {
        ApprovalRequest r = decided.request();
        if (!APPROVAL_KIND.equals(r.kind())) {
            return;
        }
        Optional<Long> id = jdbc.sql("select id from allowance_claim where approval_id = ?").param(r.id())
                .query(Long.class).optional();
        if (id.isEmpty()) {
            return;
        }
        Claim c = load(id.get());
        if (c.status() != Status.PENDING_APPROVAL) {
            return;
        }
        if (r.status() == ApprovalRequest.Status.APPROVED) {
            requireBirthStands(c); // refused: the approval rolls back with it
            move(c, Status.APPROVED, "APPROVED", r.checker(), r.checkerReason());
            owe(load(c.id()));
        } else if (r.status() == ApprovalRequest.Status.REJECTED) {
            move(c, Status.REJECTED, "REJECTED", r.checker(), r.checkerReason());
        }
    }

    /**
     * A claim naming a settled birth is approved only while that birth stands: when the settlement was reversed
     * after filing (its maternity event withdrawn), the clerk rejects the claim, and the birth can be claimed again
     * from a new settlement or with evidence.
     */
    private void requireBirthStands(Claim c) {
        if (birthWithdrawn(c)) {
            throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_BIRTH_WITHDRAWN", c.birthRef());
        }
    }

    /** Whether the claim names a settled birth whose settlement was reversed since (its maternity event withdrawn). */
    public boolean birthWithdrawn(Claim c) {
        return "SETTLEMENT".equals(c.birthSource()) && events.find(c.regionCode(), "SETTLEMENT", c.birthRef()).isEmpty();
    }

    /** Approval owes the amount: the fund's allowance expenditure against 应付生育津贴. */
    private void owe(Claim c) {
        boolean legacy = PayingFund.MATERNITY_FUND.name().equals(c.payingFund());
        LocalDate today = LocalDate.now();
        JournalEntry e = postings.post(new PostingRequest(c.regionCode(), book(c), SourceType.ALLOWANCE_CLAIM,
                "claim-" + c.id(), today, c.eventDate(), "生育津贴核定 #" + c.id(),
                List.of(PostingLine.debit(legacy ? FundAccounts.LEGACY_MATERNITY_ALLOWANCE
                        : FundAccounts.POOLED_MATERNITY_ALLOWANCE, c.amount()), PostingLine.credit(PAYABLE, c.amount()))));
        jdbc.sql("update allowance_claim set approved_entry_id = ? where id = ?").params(e.id(), c.id()).update();
    }

    static String book(Claim c) {
        return PayingFund.MATERNITY_FUND.name().equals(c.payingFund()) ? Book.MATERNITY : Book.POOLED;
    }

    // ------------------------------------------------------------------ reading

    /** One claim if the viewer may see it: agency readers of its region, its employer's HR, the woman. 404 otherwise. */
    public Claim visible(LiangxianUser viewer, long id) {
        Claim c = find(id).orElseThrow(AllowanceClaims::notFound);
        if (viewer.role().isAgency()) {
            access.requireRole(viewer, READERS);
        }
        access.requireVisible(viewer, new AccessPolicy.Owner(c.regionCode(), c.employerUscc(), c.personId(), null));
        return c;
    }

    /** The case with its history, the woman's certificates and the payment lines (agency readers). */
    public Case caseOf(LiangxianUser viewer, long id, List<AllowancePayments.Line> payments) {
        access.requireRole(viewer, READERS);
        Claim c = visible(viewer, id);
        return new Case(c, history(id), certificates.forPerson(c.personId()), payments);
    }

    /** The claims the viewer may see, newest first: an employer's own, the woman's own, or a region's by status. */
    public List<Claim> list(LiangxianUser viewer, String region, String status, LocalDate from, LocalDate to) {
        Status st = status == null || status.isBlank() ? null : parseStatus(status);
        String sql = "select * from allowance_claim where (?::text is null or status = ?::text)"
                + " and (?::date is null or event_date >= ?::date) and (?::date is null or event_date <= ?::date) and ";
        List<Object> params = new ArrayList<>(List.of());
        String s = st == null ? null : st.name();
        params.add(s);
        params.add(s);
        params.add(from);
        params.add(from);
        params.add(to);
        params.add(to);
        switch (viewer.role().binding()) {
            case EMPLOYER -> {
                sql += "employer_uscc = ?";
                params.add(viewer.employerUscc());
            }
            case PERSON -> {
                sql += "person_id = ?";
                params.add(viewer.personId());
            }
            case REGIONS -> {
                access.requireRole(viewer, READERS);
                if (region != null && !region.isBlank()) {
                    access.requireVisible(viewer, AccessPolicy.Owner.region(region));
                    sql += "region_code = ?";
                    params.add(region);
                } else {
                    sql += "region_code = any(?::char(6)[])";
                    params.add("{" + String.join(",", viewer.regions()) + "}");
                }
            }
            default -> throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
        List<Row> rows = jdbc.sql(sql + " order by id desc limit 500").params(params).query(AllowanceClaims::row).list();
        return present(rows);
    }

    /** The woman's claims as timelines, for her own page ({@code /ui/me}): herself only. */
    public List<Timeline> timelineFor(LiangxianUser viewer, long personId) {
        access.requireVisible(viewer, new AccessPolicy.Owner(null, null, personId, null));
        return timelineFor(personId);
    }

    /** The same without an access check, for pages that checked it. */
    public List<Timeline> timelineFor(long personId) {
        List<Row> rows = jdbc.sql("select * from allowance_claim where person_id = ? order by id desc").param(personId)
                .query(AllowanceClaims::row).list();
        return present(rows).stream().map(c -> new Timeline(c, history(c.id()))).toList();
    }

    public List<Step> history(long claimId) {
        return jdbc.sql("select * from allowance_claim_step where claim_id = ? order by id").param(claimId)
                .query((rs, i) -> new Step(rs.getLong("id"), rs.getLong("claim_id"), rs.getString("action"),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("actor"), rs.getString("note"),
                        rs.getObject("at", OffsetDateTime.class)))
                .list();
    }

    /** The payee's full account for the bank file (finance only reads it through {@link AllowancePayments}). */
    String revealAccount(String stored) {
        return stored == null ? null : cipher.decrypt(stored, ACCOUNT_CONTEXT);
    }

    /** The payee names as shown (hers masked, an employer's as registered) of the given claims, by claim id. */
    public java.util.Map<Long, String> payeeNamesShown(java.util.Collection<Long> claimIds) {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        if (claimIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select id, payee, payee_name from allowance_claim where id = any(?::bigint[])")
                .param("{" + String.join(",", claimIds.stream().map(String::valueOf).toList()) + "}")
                .query((rs, i) -> {
                    out.put(rs.getLong("id"), payeeNameShown(rs.getString("payee"), rs.getString("payee_name")));
                    return null;
                }).list();
        return out;
    }

    /** A stored payee name as shown: hers masked, an employer's as registered. */
    String payeeNameShown(String payee, String stored) {
        String name = payeeName(payee, stored);
        return "PERSON".equals(payee) && name != null ? Masking.name(name) : name;
    }

    /**
     * The stored payee name in the clear: hers is stored encrypted, an employer's as registered (finance reads hers
     * only through {@link AllowancePayments}'s bank file).
     */
    String payeeName(String payee, String stored) {
        return "PERSON".equals(payee) && stored != null ? cipher.decrypt(stored, PAYEE_NAME_CONTEXT) : stored;
    }

    Optional<Claim> find(long id) {
        return jdbc.sql("select * from allowance_claim where id = ?").param(id).query(AllowanceClaims::row).optional()
                .map(r -> present(List.of(r)).get(0));
    }

    Claim load(long id) {
        return find(id).orElseThrow(AllowanceClaims::notFound);
    }

    // ------------------------------------------------------------------ shared with payments

    /** Moves a claim from its current status (checked again under the update) and records the step. */
    void move(Claim c, Status to, String action, String actor, String note) {
        int n = jdbc.sql("""
                update allowance_claim set status = ?, updated_at = now(), version = version + 1
                 where id = ? and status = ?""").params(to.name(), c.id(), c.status().name()).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_WRONG_STATUS", c.status().name());
        }
        step(c.id(), action, c.status(), to, actor, note);
        audit.record(c.regionCode(), "ALLOWANCE_CLAIM_" + action, "allowance_claim", String.valueOf(c.id()),
                c.status().name(), to.name() + (note == null || note.isBlank() ? "" : ": " + note.strip()));
    }

    void step(long claimId, String action, Status from, Status to, String actor, String note) {
        jdbc.sql("""
                insert into allowance_claim_step (claim_id, action, from_status, to_status, actor, note)
                values (?, ?, ?, ?, ?, ?)""")
                .params(claimId, action, from == null ? null : from.name(), to.name(), actor,
                        note == null || note.isBlank() ? null : note.strip())
                .update();
    }

    static void requireStatus(Claim c, Status... allowed) {
        for (Status s : allowed) {
            if (c.status() == s) {
                return;
            }
        }
        throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_WRONG_STATUS", c.status().name());
    }

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
    }

    // ------------------------------------------------------------------ mapping

    private record Row(long id, String regionCode, long personId, String employerUscc, String filedBy, String filedRole,
            LocalDate eventDate, String category, int fetusCount, String birthSource, String birthRef, String evidence,
            String certificateNo, Status status, String refusalCode, String refusalReason, BigDecimal employerAvgWage,
            BigDecimal ownWage, BigDecimal wageDifference, String differenceRule, Integer leaveDays,
            Integer allowanceDays, BigDecimal dailyRate, BigDecimal amount, String payingFund, String payee,
            String payeeName, String payeeAccount, Long approvalId, Long approvedEntryId, OffsetDateTime createdAt,
            OffsetDateTime updatedAt, String explanation) {
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("region_code"), rs.getLong("person_id"),
                rs.getString("employer_uscc"), rs.getString("filed_by"), rs.getString("filed_role"),
                rs.getDate("event_date").toLocalDate(), rs.getString("category"), rs.getInt("fetus_count"),
                rs.getString("birth_source"), rs.getString("birth_ref"), rs.getString("evidence"),
                rs.getString("certificate_no"), Status.valueOf(rs.getString("status")), rs.getString("refusal_code"),
                rs.getString("refusal_reason"), rs.getBigDecimal("employer_avg_wage"), rs.getBigDecimal("own_wage"),
                rs.getBigDecimal("wage_difference"), rs.getString("difference_rule"),
                rs.getObject("leave_days", Integer.class), rs.getObject("allowance_days", Integer.class),
                rs.getBigDecimal("daily_rate"), rs.getBigDecimal("amount"), rs.getString("paying_fund"),
                rs.getString("payee"), rs.getString("payee_name"), rs.getString("payee_account"),
                rs.getObject("approval_id", Long.class), rs.getObject("approved_entry_id", Long.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("explanation"));
    }

    private List<Claim> present(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, PersonDirectory.RevealedPerson> people = new java.util.HashMap<>();
        persons.loadAll(rows.stream().map(Row::personId).distinct().toList()).forEach(p -> people.put(p.id(), p));
        java.util.Map<String, java.util.Map<String, String>> names = new java.util.HashMap<>();
        java.util.Map<Long, List<Evidence>> files = new java.util.HashMap<>();
        evidenceOf(rows.stream().map(Row::id).toList())
                .forEach(e -> files.computeIfAbsent(e.claimId(), k -> new ArrayList<>()).add(e));
        List<Claim> out = new ArrayList<>();
        for (Row r : rows) {
            PersonDirectory.RevealedPerson p = people.get(r.personId());
            String employerName = r.employerUscc() == null ? null
                    : names.computeIfAbsent(r.regionCode(), k -> new java.util.HashMap<>())
                            .computeIfAbsent(r.employerUscc(), u -> employers.names(r.regionCode(), List.of(u)).get(u));
            List<ExplanationStep> steps = JSON.readValue(r.explanation(), new TypeReference<List<ExplanationStep>>() {
            });
            List<ExplanationLine> lines = steps.stream().map(s -> new ExplanationLine(s.rule(), s.parameter(), s.value(),
                    s.reference(), s.confidence() == null ? null : s.confidence().label(), s.note())).toList();
            String account = r.payeeAccount() == null ? null : Masking.bankAccount(revealAccount(r.payeeAccount()));
            out.add(new Claim(r.id(), r.regionCode(), r.personId(), p == null ? null : Masking.name(p.name()),
                    p == null ? null : Masking.idNumber(p.idNumber()), r.employerUscc(), employerName, r.filedBy(),
                    r.filedRole(), r.eventDate(), r.category(), r.fetusCount(), r.birthSource(), r.birthRef(),
                    r.evidence(), r.certificateNo(), r.status(), r.refusalCode(), r.refusalReason(), r.employerAvgWage(),
                    r.ownWage(), r.wageDifference(), r.differenceRule(), r.leaveDays(), r.allowanceDays(), r.dailyRate(),
                    r.amount(), r.payingFund(), r.payee(), payeeName(r.payee(), r.payeeName()), account, r.approvalId(),
                    r.approvedEntryId(), r.createdAt(), r.updatedAt(), lines,
                    List.copyOf(files.getOrDefault(r.id(), List.of()))));
        }
        return out;
    }

    static MaternityCategory category(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_INVALID_CATEGORY", "");
        }
        try {
            MaternityCategory c = MaternityCategory.valueOf(text.strip().toUpperCase(Locale.ROOT));
            if (c == MaternityCategory.PRENATAL_CARE) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_INVALID_CATEGORY", text);
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_INVALID_CATEGORY", text);
        }
    }

    static Status parseStatus(String text) {
        try {
            return Status.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_INVALID_STATUS", text);
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
