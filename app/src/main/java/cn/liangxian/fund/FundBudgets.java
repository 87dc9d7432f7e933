package cn.liangxian.fund;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.approval.ApprovalDecided;
import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Annual budgets of the pooled fund (基金预算) by item, each item explained as the Changzhou implementing opinion
 * asks (常政办发〔2019〕111号 二(二): 编制原则、政策依据、数据来源、测算依据, and the reason of the change): drafted by
 * finance, approved through four-eyes ({@code fund_budget}), executed against the ledger (budget vs actual). A
 * budget is the region's, or one district's (重庆 总额预算: a district's expenditure budget, measured by the entries
 * that carry the district); at the year's end a district whose expenditure exceeded its budget shares the deficit
 * with the city by the parameters {@code fund.deficit_share.city} and {@code .district} (缺口分担), and the
 * district's share is posted as a settlement entry.
 */
@Service
public class FundBudgets {

    static final String KIND = "fund_budget";
    static final int MAX_TEXT = 2000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where a budget version stands. */
    public enum Status {
        DRAFT, PENDING, APPROVED, REJECTED
    }

    /** An item as asked for: an account of the pooled book, the amount and its explanations. */
    public record ItemInput(String accountCode, BigDecimal amount, String principle, String policyBasis,
            String dataSource, String calculationBasis, String changeReason) {
    }

    /** A budget item with the account's names. */
    public record Item(String accountCode, String nameZh, String nameEn, AccountClass accountClass, BigDecimal amount,
            String principle, String policyBasis, String dataSource, String calculationBasis, String changeReason) {
    }

    /** One version of a budget of a region (district null) or of one district. */
    public record Budget(long id, String regionCode, int year, String districtCode, int version, Status status,
            Long approvalId, String createdBy, Instant createdAt, Instant submittedAt, Instant decidedAt,
            List<Item> items, BigDecimal totalIncome, BigDecimal totalExpenditure) {
    }

    /** Budget against the ledger for one item: executed = actual ÷ budget (percent, two decimals). */
    public record ExecutionLine(String accountCode, String nameZh, String nameEn, AccountClass accountClass,
            BigDecimal budget, BigDecimal actual, BigDecimal executedPercent, BigDecimal remaining) {
    }

    /** 预算执行情况: the budget in force against the ledger's actual figures from the year's start to {@code asOf}. */
    public record Execution(String regionCode, int year, String districtCode, LocalDate asOf, Budget budget,
            List<ExecutionLine> lines, BigDecimal incomeBudget, BigDecimal incomeActual, BigDecimal expenditureBudget,
            BigDecimal expenditureActual) {
    }

    /** One step of the deficit arithmetic, with the parameter and reference it uses, if any. */
    public record Step(String zh, String en, String parameter, String value, String reference, boolean unverified) {
    }

    /** Where a district's year-end settlement stands. */
    public enum SettlementStatus {
        /** No approved budget for the district and year. */
        NO_BUDGET,
        /** Expenditure within the budget: nothing to share. */
        NO_DEFICIT,
        /** A deficit waiting to be settled. */
        DEFICIT,
        /** The district's share is posted. */
        SETTLED
    }

    /** 年终清算：a district's budget, actual expenditure, deficit and its sharing, with the arithmetic. */
    public record DeficitSettlement(String regionCode, String districtCode, String districtNameZh,
            String districtNameEn, int year, SettlementStatus status, Integer budgetVersion, BigDecimal budget,
            BigDecimal actual, BigDecimal deficit, BigDecimal cityShareRate, BigDecimal districtShareRate,
            BigDecimal cityShare, BigDecimal districtShare, List<Step> steps, String entryNo) {
    }

    private final JdbcClient jdbc;
    private final JdbcPostings postings;
    private final LedgerFigures figures;
    private final ChartOfAccounts chart;
    private final FundPolicy policy;
    private final FundAccess access;
    private final FourEyes fourEyes;
    private final AuditTrail audit;

    FundBudgets(JdbcClient jdbc, JdbcPostings postings, LedgerFigures figures, FundPolicy policy, FundAccess access,
            FourEyes fourEyes, AuditTrail audit) {
        this.jdbc = jdbc;
        this.postings = postings;
        this.figures = figures;
        this.chart = figures.chart();
        this.policy = policy;
        this.access = access;
        this.fourEyes = fourEyes;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ drafting and approval

    /**
     * Writes the draft of a budget (a new version when none is open) with exactly these items. Refused with a
     * stable code and nothing written when an item is incomplete: an account that is not an income or expenditure
     * account of the pooled book, an amount that is not a non-negative sum in yuan, an explanation missing, an
     * account twice or under another item of the same budget.
     */
    public Budget saveDraft(LiangxianUser maker, String region, int year, String district, List<ItemInput> items) {
        access.requireFinance(maker, region);
        String scope = scope(region, district);
        requireYear(year);
        List<ItemInput> valid = validate(region, items);
        return postings.transactions().execute(s -> {
            lockBudget(region, year, scope);
            Optional<Budget> open = open(region, year, scope);
            if (open.isPresent() && open.get().status() == Status.PENDING) {
                throw new ApiException(HttpStatus.CONFLICT, "FUND_BUDGET_PENDING", String.valueOf(year),
                        String.valueOf(open.get().approvalId()));
            }
            long id;
            if (open.isPresent()) {
                id = open.get().id();
                jdbc.sql("delete from fund_budget_item where region_code = ? and budget_id = ?").params(region, id)
                        .update();
            } else {
                int version = jdbc.sql("""
                        select coalesce(max(version), 0) + 1 from fund_budget where region_code = ? and year = ?
                           and scope = ?""").params(region, year, scope).query(Integer.class).single();
                id = jdbc.sql("""
                        insert into fund_budget (region_code, year, scope, version, status, created_by)
                        values (?, ?, ?, ?, 'DRAFT', ?) returning id""")
                        .params(region, year, scope, version, maker.getUsername()).query(Long.class).single();
            }
            for (ItemInput i : valid) {
                jdbc.sql("""
                        insert into fund_budget_item (region_code, budget_id, account_code, amount, principle,
                                                      policy_basis, data_source, calculation_basis, change_reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(region, id, i.accountCode(), i.amount(), i.principle(), i.policyBasis(),
                                i.dataSource(), i.calculationBasis(), i.changeReason())
                        .update();
            }
            return load(region, id);
        });
    }

    /** Adds an item to the draft (or replaces the draft's item of the same account), keeping the others. */
    public Budget saveItem(LiangxianUser maker, String region, int year, String district, ItemInput item) {
        access.requireFinance(maker, region);
        String scope = scope(region, district);
        List<ItemInput> items = new ArrayList<>();
        open(region, year, scope).filter(b -> b.status() == Status.DRAFT).ifPresent(b -> b.items().stream()
                .filter(i -> item == null || !i.accountCode().equals(item.accountCode() == null ? null
                        : item.accountCode().trim()))
                .forEach(i -> items.add(new ItemInput(i.accountCode(), i.amount(), i.principle(), i.policyBasis(),
                        i.dataSource(), i.calculationBasis(), i.changeReason()))));
        items.add(item);
        return saveDraft(maker, region, year, district, items);
    }

    /** Removes an item from the draft. */
    public Budget removeItem(LiangxianUser maker, String region, int year, String district, String account) {
        access.requireFinance(maker, region);
        String scope = scope(region, district);
        Budget draft = open(region, year, scope).filter(b -> b.status() == Status.DRAFT)
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "FUND_BUDGET_NO_DRAFT", String.valueOf(year)));
        List<ItemInput> items = draft.items().stream().filter(i -> !i.accountCode().equals(account))
                .map(i -> new ItemInput(i.accountCode(), i.amount(), i.principle(), i.policyBasis(), i.dataSource(),
                        i.calculationBasis(), i.changeReason()))
                .toList();
        return saveDraft(maker, region, year, district, items);
    }

    /**
     * Submits the draft for approval (four-eyes {@code fund_budget}); where the region's threshold needs no second
     * person it is approved at once.
     */
    public Budget submit(LiangxianUser maker, String region, int year, String district, String reason) {
        access.requireFinance(maker, region);
        String scope = scope(region, district);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_REASON_REQUIRED");
        }
        Budget draft = open(region, year, scope).orElseThrow(
                () -> new ApiException(HttpStatus.CONFLICT, "FUND_BUDGET_NO_DRAFT", String.valueOf(year)));
        if (draft.status() == Status.PENDING) {
            throw new ApiException(HttpStatus.CONFLICT, "FUND_BUDGET_PENDING", String.valueOf(year),
                    String.valueOf(draft.approvalId()));
        }
        if (draft.items().isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_BUDGET_EMPTY", String.valueOf(year));
        }
        BigDecimal total = draft.totalExpenditure().max(draft.totalIncome());
        LocalDate on = LocalDate.of(year, 1, 1);
        if (!policy.requiresApproval(region, on, KIND, total)) {
            jdbc.sql("""
                    update fund_budget set status = 'APPROVED', submitted_at = now(), decided_at = now()
                     where region_code = ? and id = ?""").params(region, draft.id()).update();
            audit.record(region, "FUND_BUDGET_APPROVED", "fund_budget", String.valueOf(draft.id()), "DRAFT",
                    "APPROVED without a second person (below the threshold)");
            return load(region, draft.id());
        }
        String what = year + (draft.districtCode() == null ? "" : " " + draft.districtCode());
        ApprovalRequest r = fourEyes.request(maker, region, KIND,
                "基金年度预算 " + what + "（第 " + draft.version() + " 版，收入 " + draft.totalIncome().toPlainString()
                        + " 元，支出 " + draft.totalExpenditure().toPlainString() + " 元）/ fund budget " + what
                        + " (version " + draft.version() + ", income CNY " + draft.totalIncome().toPlainString()
                        + ", expenditure CNY " + draft.totalExpenditure().toPlainString() + ")",
                JSON.writeValueAsString(Map.of("fundBudgetId", draft.id())), total, reason);
        jdbc.sql("""
                update fund_budget set status = 'PENDING', approval_id = ?, submitted_at = now()
                 where region_code = ? and id = ? and status = 'DRAFT'""").params(r.id(), region, draft.id()).update();
        return load(region, draft.id());
    }

    /** Approves or rejects a budget when an approver decides its request. */
    @EventListener
    void on(ApprovalDecided decided) {
        ApprovalRequest r = decided.request();
        if (!KIND.equals(r.kind())) {
            return;
        }
        JsonNode p = JSON.readTree(r.payload());
        if (p.get("fundBudgetId") == null) {
            return;
        }
        String status = r.status() == ApprovalRequest.Status.APPROVED ? "APPROVED" : "REJECTED";
        int n = jdbc.sql("""
                update fund_budget set status = ?, decided_at = now()
                 where region_code = ? and id = ? and status = 'PENDING' and approval_id = ?""")
                .params(status, r.regionCode(), p.get("fundBudgetId").asLong(), r.id()).update();
        if (n == 1) {
            audit.record(r.regionCode(), "FUND_BUDGET_" + status, "fund_budget", p.get("fundBudgetId").asString(),
                    "PENDING", status + " (approval " + r.id() + ")");
        }
    }

    // ------------------------------------------------------------------ reading

    /** Every version of a budget, newest first. */
    public List<Budget> versions(LiangxianUser viewer, String region, int year, String district) {
        access.requireReader(viewer, region);
        String scope = scope(region, district);
        return jdbc.sql("select id from fund_budget where region_code = ? and year = ? and scope = ? order by version desc")
                .params(region, year, scope).query(Long.class).list().stream().map(id -> load(region, id)).toList();
    }

    /** The approved budget in force (its latest approved version). */
    Optional<Budget> inForce(String region, int year, String scope) {
        return jdbc.sql("""
                select id from fund_budget where region_code = ? and year = ? and scope = ? and status = 'APPROVED'
                 order by version desc limit 1""").params(region, year, scope).query(Long.class).optional()
                .map(id -> load(region, id));
    }

    /**
     * The budget in force against the ledger from the year's start to the end of {@code month} (default: the year's
     * end); for a district budget, only the entries of that district.
     */
    public Execution execution(LiangxianUser viewer, String region, int year, String district, String month) {
        access.requireReader(viewer, region);
        String scope = scope(region, district);
        requireYear(year);
        LocalDate asOf = LocalDate.of(year, 12, 31);
        if (month != null && !month.isBlank()) {
            YearMonth m = FundLedger.period(month);
            if (m.getYear() != year) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_REPORT_PERIOD_INVALID", month);
            }
            asOf = m.atEndOfMonth();
        }
        Optional<Budget> budget = inForce(region, year, scope);
        List<ExecutionLine> lines = new ArrayList<>();
        BigDecimal[] t = FundStatements.zeros(4);
        if (budget.isPresent()) {
            Map<String, LedgerFigures.Figures> f = figures.figures(region, Book.POOLED, LocalDate.of(year, 1, 1), asOf,
                    district(scope));
            for (Item i : budget.get().items()) {
                BigDecimal actual = f.get(i.accountCode()).movement();
                lines.add(new ExecutionLine(i.accountCode(), i.nameZh(), i.nameEn(), i.accountClass(), i.amount(),
                        actual, percent(actual, i.amount()), i.amount().subtract(actual)));
                int k = i.accountClass() == AccountClass.INCOME ? 0 : 2;
                t[k] = t[k].add(i.amount());
                t[k + 1] = t[k + 1].add(actual);
            }
        }
        return new Execution(region, year, district(scope), asOf, budget.orElse(null), lines, t[0], t[1], t[2], t[3]);
    }

    // ------------------------------------------------------------------ district deficits

    /** Every district of the region with its year-end settlement for {@code year}. */
    public List<DeficitSettlement> deficits(LiangxianUser viewer, String region, int year) {
        access.requireReader(viewer, region);
        requireYear(year);
        return districts(region).stream().map(b -> settlement(region, b, year)).toList();
    }

    /**
     * Posts a district's share of its deficit for an ended year (finance): 借 110103 应收区县缺口分担款，贷 4002 财政补贴收入,
     * dated the year's last day (or in the first open month), carrying the district; the city's share stays with
     * the municipal pooled fund. Idempotent on the district and year.
     */
    public DeficitSettlement settle(LiangxianUser maker, String region, String district, int year) {
        access.requireFinance(maker, region);
        requireYear(year);
        Book b = districtBook(region, district);
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        if (!LocalDate.now(FundLedger.ZONE).isAfter(yearEnd)) {
            throw new ApiException(HttpStatus.CONFLICT, "FUND_YEAR_NOT_ENDED", String.valueOf(year));
        }
        return postings.transactions().execute(s -> {
            DeficitSettlement d = settlement(region, b, year);
            switch (d.status()) {
            case NO_BUDGET -> throw new ApiException(HttpStatus.CONFLICT, "FUND_BUDGET_NONE", String.valueOf(year),
                    district);
            case NO_DEFICIT -> throw new ApiException(HttpStatus.CONFLICT, "FUND_NO_DEFICIT", district,
                    String.valueOf(year));
            case SETTLED -> {
                return d;
            }
            case DEFICIT -> {
                // posted below
            }
            }
            if (d.districtShare().signum() == 0) {
                return d;
            }
            String amount = d.districtShare().toPlainString();
            JournalEntry e = postings.post(new PostingRequest(region, Book.POOLED, SourceType.FUND_TRANSACTION,
                    deficitSource(region, district, year), yearEnd, yearEnd,
                    "区县缺口分担 " + district + " " + year + "：缺口 " + d.deficit().toPlainString() + " 元 × "
                            + d.districtShareRate().toPlainString() + " = " + amount + " 元（区县承担）",
                    List.of(PostingLine.debit(FundAccounts.DISTRICT_RECEIVABLE, d.districtShare()),
                            PostingLine.credit(FundAccounts.FISCAL_SUBSIDY, d.districtShare())),
                    district));
            audit.record(region, "FUND_DEFICIT_SETTLED", "fund_entry", String.valueOf(e.id()), null,
                    district + " " + year + ": district share " + amount + ", city share "
                            + d.cityShare().toPlainString());
            return new DeficitSettlement(d.regionCode(), d.districtCode(), d.districtNameZh(), d.districtNameEn(),
                    year, SettlementStatus.SETTLED, d.budgetVersion(), d.budget(), d.actual(), d.deficit(),
                    d.cityShareRate(), d.districtShareRate(), d.cityShare(), d.districtShare(), d.steps(), e.entryNo());
        });
    }

    /** The settlement of a district for a year, as it stands (nothing is written). */
    DeficitSettlement settlement(String region, Book districtBook, int year) {
        String district = districtBook.districtCode();
        String nameZh = chart.districtName(region, district);
        String nameEn = nameZh;
        Optional<Budget> budget = inForce(region, year, district);
        Optional<JournalEntry> posted = postings.findBySource(region, SourceType.FUND_TRANSACTION,
                deficitSource(region, district, year));
        if (budget.isEmpty()) {
            return new DeficitSettlement(region, district, nameZh, nameEn, year, SettlementStatus.NO_BUDGET, null, null,
                    null, null, null, null, null, null, List.of(), posted.map(JournalEntry::entryNo).orElse(null));
        }
        LocalDate from = LocalDate.of(year, 1, 1);
        LocalDate to = LocalDate.of(year, 12, 31);
        Map<String, LedgerFigures.Figures> f = figures.figures(region, Book.POOLED, from, to, district);
        BigDecimal planned = BigDecimal.ZERO.setScale(2);
        BigDecimal actual = BigDecimal.ZERO.setScale(2);
        List<String> items = new ArrayList<>();
        for (Item i : budget.get().items()) {
            if (i.accountClass() != AccountClass.EXPENDITURE) {
                continue;
            }
            planned = planned.add(i.amount());
            actual = actual.add(f.get(i.accountCode()).movement());
            items.add(i.accountCode() + " " + i.nameZh());
        }
        List<Step> steps = new ArrayList<>();
        int v = budget.get().version();
        steps.add(new Step("总额预算（" + district + " " + nameZh + "，" + year + " 年，第 " + v + " 版，支出项目 "
                + String.join("、", items) + "）合计 " + planned.toPlainString() + " 元",
                "Global budget (" + district + ", " + year + ", version " + v + ", expenditure items "
                        + String.join(", ", items) + "): " + planned.toPlainString(),
                null, null, null, false));
        steps.add(new Step("实际支出（统筹基金账簿中记为本区县的分录，" + from + " 至 " + to + "）" + actual.toPlainString() + " 元",
                "Actual expenditure (pooled book entries of the district, " + from + " to " + to + "): "
                        + actual.toPlainString(),
                null, null, null, false));
        BigDecimal deficit = actual.subtract(planned);
        if (deficit.signum() <= 0) {
            steps.add(new Step("实际支出未超过预算，无缺口", "Expenditure within the budget: no deficit", null, null, null,
                    false));
            return new DeficitSettlement(region, district, nameZh, nameEn, year, SettlementStatus.NO_DEFICIT, v,
                    planned, actual, BigDecimal.ZERO.setScale(2), null, null, null, null, steps,
                    posted.map(JournalEntry::entryNo).orElse(null));
        }
        steps.add(new Step("缺口 = " + actual.toPlainString() + " − " + planned.toPlainString() + " = "
                + deficit.toPlainString() + " 元", "Deficit = " + actual.toPlainString() + " − " + planned.toPlainString()
                        + " = " + deficit.toPlainString(),
                null, null, null, false));
        ResolvedParam cityRate = policy.get(region, to, "fund.deficit_share.city");
        ResolvedParam districtRate = policy.get(region, to, "fund.deficit_share.district");
        if (cityRate.decimal().add(districtRate.decimal()).compareTo(BigDecimal.ONE) != 0
                || cityRate.decimal().signum() < 0 || districtRate.decimal().signum() < 0) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_DEFICIT_SHARES_INVALID",
                    cityRate.decimal().toPlainString(), districtRate.decimal().toPlainString());
        }
        BigDecimal districtShare = policy.round(region, to, deficit.multiply(districtRate.decimal()));
        BigDecimal cityShare = deficit.subtract(districtShare);
        steps.add(new Step("区县分担 = " + deficit.toPlainString() + " × " + districtRate.decimal().toPlainString() + " = "
                + districtShare.toPlainString() + " 元（计至分）",
                "District's share = " + deficit.toPlainString() + " × " + districtRate.decimal().toPlainString() + " = "
                        + districtShare.toPlainString() + " (to the fen)",
                districtRate.key(), districtRate.display(), districtRate.reference(),
                districtRate.confidence().isUnverified()));
        steps.add(new Step("市级分担 = " + deficit.toPlainString() + " − " + districtShare.toPlainString() + " = "
                + cityShare.toPlainString() + " 元（比例 " + cityRate.decimal().toPlainString() + "，由市级统筹基金承担）",
                "City's share = " + deficit.toPlainString() + " − " + districtShare.toPlainString() + " = "
                        + cityShare.toPlainString() + " (rate " + cityRate.decimal().toPlainString()
                        + ", borne by the municipal pooled fund)",
                cityRate.key(), cityRate.display(), cityRate.reference(), cityRate.confidence().isUnverified()));
        steps.add(new Step("记账：借 110103 应收区县缺口分担款，贷 4002 财政补贴收入 " + districtShare.toPlainString() + " 元",
                "Entry: debit 110103 receivable from the district, credit 4002 fiscal subsidy income "
                        + districtShare.toPlainString(),
                null, null, null, false));
        return new DeficitSettlement(region, district, nameZh, nameEn, year,
                posted.isPresent() ? SettlementStatus.SETTLED : SettlementStatus.DEFICIT, v, planned, actual, deficit,
                cityRate.decimal(), districtRate.decimal(), cityShare, districtShare, steps,
                posted.map(JournalEntry::entryNo).orElse(null));
    }

    // ------------------------------------------------------------------ helpers

    /** The district books of the region (one per district). */
    List<Book> districts(String region) {
        return chart.books(region).values().stream().filter(b -> b.districtCode() != null).toList();
    }

    static String deficitSource(String region, String district, int year) {
        return "DEFICIT/" + region + "/" + district + "/" + year;
    }

    private Book districtBook(String region, String district) {
        return districts(region).stream().filter(b -> b.districtCode().equals(district)).findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_UNKNOWN_DISTRICT", district,
                        region));
    }

    /** '' for the region, the district code for a district (which must be one of the region's). */
    private String scope(String region, String district) {
        if (district == null || district.isBlank()) {
            return "";
        }
        return districtBook(region, district.trim()).districtCode();
    }

    private static String district(String scope) {
        return scope.isEmpty() ? null : scope;
    }

    private static void requireYear(int year) {
        if (year < 1990 || year > 2200) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_YEAR_INVALID", String.valueOf(year));
        }
    }

    private List<ItemInput> validate(String region, List<ItemInput> items) {
        if (items == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_ITEM_INCOMPLETE", "-", "项目 items");
        }
        List<ItemInput> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (ItemInput i : items) {
            if (i == null || i.accountCode() == null || i.accountCode().isBlank()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_ITEM_INCOMPLETE", "-", "科目 account");
            }
            String code = i.accountCode().trim();
            Account a = chart.account(region, Book.POOLED, code).orElseThrow(
                    () -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_UNKNOWN_ACCOUNT", code,
                            Book.POOLED, region));
            if (a.accountClass() != AccountClass.INCOME && a.accountClass() != AccountClass.EXPENDITURE) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_BUDGET_ACCOUNT_CLASS", code);
            }
            BigDecimal amount = i.amount();
            if (amount == null || amount.signum() < 0 || amount.stripTrailingZeros().scale() > 2
                    || amount.compareTo(JdbcPostings.MAX_AMOUNT) > 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_AMOUNT_INVALID", code,
                        amount == null ? "-" : amount.toPlainString());
            }
            String[] texts = { text(code, "principle", i.principle(), true), text(code, "policyBasis",
                    i.policyBasis(), true), text(code, "dataSource", i.dataSource(), true),
                    text(code, "calculationBasis", i.calculationBasis(), true),
                    text(code, "changeReason", i.changeReason(), false) };
            if (!codes.add(code)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_BUDGET_DUPLICATE_ITEM", code);
            }
            out.add(new ItemInput(code, amount.setScale(2), texts[0], texts[1], texts[2], texts[3], texts[4]));
        }
        for (String c : codes) {
            for (String other : codes) {
                if (!c.equals(other) && other.startsWith(c)) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_BUDGET_NESTED_ITEM", other, c);
                }
            }
        }
        return out;
    }

    /** The explanations of an item as both languages name them (the refusal names the one missing). */
    static final Map<String, String> FIELDS = Map.of("principle", "编制原则 principle", "policyBasis",
            "政策依据 policy basis", "dataSource", "数据来源 data source", "calculationBasis", "测算依据 calculation basis",
            "changeReason", "增减变化原因 reason of the change");

    private static String text(String code, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_ITEM_INCOMPLETE", code, FIELDS.get(field));
            }
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_TEXT_TOO_LONG", code, FIELDS.get(field),
                    String.valueOf(MAX_TEXT));
        }
        return value.trim();
    }

    private void lockBudget(String region, int year, String scope) {
        jdbc.sql("select pg_advisory_xact_lock(?, ?)").params(JdbcPostings.LOCK_SPACE + 1,
                (region + "/" + year + "/" + scope).hashCode()).query().singleValue();
    }

    private Optional<Budget> open(String region, int year, String scope) {
        return jdbc.sql("""
                select id from fund_budget where region_code = ? and year = ? and scope = ?
                   and status in ('DRAFT', 'PENDING')""").params(region, year, scope).query(Long.class).optional()
                .map(id -> load(region, id));
    }

    private Budget load(String region, long id) {
        record Head(long id, int year, String scope, int version, Status status, Long approval, String by,
                OffsetDateTime at, OffsetDateTime submitted, OffsetDateTime decided) {
        }
        Head h = jdbc.sql("select * from fund_budget where region_code = ? and id = ?").params(region, id)
                .query((rs, n) -> new Head(rs.getLong("id"), rs.getInt("year"), rs.getString("scope"),
                        rs.getInt("version"), Status.valueOf(rs.getString("status")),
                        (Long) rs.getObject("approval_id"), rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("submitted_at", OffsetDateTime.class),
                        rs.getObject("decided_at", OffsetDateTime.class)))
                .single();
        List<Item> items = jdbc.sql("""
                select * from fund_budget_item where region_code = ? and budget_id = ? order by account_code""")
                .params(region, id).query((rs, n) -> {
                    Account a = chart.account(region, Book.POOLED, rs.getString("account_code")).orElseThrow();
                    return new Item(a.code(), a.nameZh(), a.nameEn(), a.accountClass(), rs.getBigDecimal("amount"),
                            rs.getString("principle"), rs.getString("policy_basis"), rs.getString("data_source"),
                            rs.getString("calculation_basis"), rs.getString("change_reason"));
                }).list();
        BigDecimal income = items.stream().filter(i -> i.accountClass() == AccountClass.INCOME).map(Item::amount)
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal expenditure = items.stream().filter(i -> i.accountClass() == AccountClass.EXPENDITURE)
                .map(Item::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return new Budget(h.id(), region, h.year(), district(h.scope()), h.version(), h.status(), h.approval(), h.by(),
                h.at().toInstant(), h.submitted() == null ? null : h.submitted().toInstant(),
                h.decided() == null ? null : h.decided().toInstant(), items, income, expenditure);
    }

    /** actual ÷ budget in percent, two decimals (half up); none for a zero budget. */
    static BigDecimal percent(BigDecimal actual, BigDecimal budget) {
        if (budget.signum() == 0) {
            return null;
        }
        return actual.multiply(BigDecimal.valueOf(100)).divide(budget, 2, RoundingMode.HALF_UP);
    }
}
