package cn.liangxian.fund;

import java.time.LocalDate;
import java.util.List;

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
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The fund's reports and their workflows over REST, region by region (finance and supervisors of the region read;
 * finance asks for clearings, drafts and submits budgets, settles district deficits): statements, the legacy
 * maternity fund's clearing, budgets and their execution, district deficit settlements, risk indicators.
 */
@RestController
@RequestMapping(path = "/api/v1/fund/{region}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "fund reports", description = "基金报表、清算、预算与风险 / fund reports, clearing, budgets and risk")
class FundReportsController {

    private final FundStatements statements;
    private final LegacyFundClearing clearing;
    private final FundBudgets budgets;
    private final FundRisk risk;
    private final FundAccess access;

    FundReportsController(FundStatements statements, LegacyFundClearing clearing, FundBudgets budgets, FundRisk risk,
            FundAccess access) {
        this.statements = statements;
        this.clearing = clearing;
        this.budgets = budgets;
        this.risk = risk;
        this.access = access;
    }

    // ------------------------------------------------------------------ statements

    @Operation(summary = "Trial balance of a book for a month (YYYYMM) or a year (YYYY)")
    @GetMapping("/statements/trial-balance")
    FundStatements.TrialBalanceReport trialBalance(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region, @RequestParam(required = false) String book,
            @RequestParam(required = false) String period) {
        return statements.trialBalance(me, region, book, period);
    }

    @Operation(summary = "Income and expenditure statement (收入支出表), maternity items on lines of their own")
    @GetMapping("/statements/income-statement")
    FundStatements.IncomeStatement incomeStatement(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region, @RequestParam(required = false) String book,
            @RequestParam(required = false) String period) {
        return statements.incomeStatement(me, region, book, period);
    }

    @Operation(summary = "Balance sheet (资产负债表) at the period's end, with the start of the year")
    @GetMapping("/statements/balance-sheet")
    FundStatements.BalanceSheet balanceSheet(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @RequestParam(required = false) String book, @RequestParam(required = false) String period) {
        return statements.balanceSheet(me, region, book, period);
    }

    // ------------------------------------------------------------------ clearing

    @Operation(summary = "The legacy maternity books of the region with their clearing reports (final or preview)")
    @GetMapping("/clearings")
    List<LegacyFundClearing.ClearingReport> clearings(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region) {
        return clearing.overview(me, region);
    }

    @Operation(summary = "The clearing report of one legacy book")
    @GetMapping("/clearings/{book}")
    LegacyFundClearing.ClearingReport clearing(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable String book) {
        return clearing.report(me, region, book);
    }

    record ReasonBody(String reason) {
    }

    @Operation(summary = "Clear a legacy book into the pooled fund (finance; four-eyes 'fund_clearing': 202 with the "
            + "request, 201 when cleared now, 200 when cleared before)")
    @PostMapping(path = "/clearings/{book}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LegacyFundClearing.ClearingOutcome> clear(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region, @PathVariable String book, @RequestBody ReasonBody b) {
        boolean before = clearing.report(me, region, book).status() == LegacyFundClearing.Status.CLEARED;
        LegacyFundClearing.ClearingOutcome o = clearing.request(me, region, book, b == null ? null : b.reason());
        HttpStatus status = o.status() == LegacyFundClearing.Status.PENDING ? HttpStatus.ACCEPTED
                : before ? HttpStatus.OK : HttpStatus.CREATED;
        return ResponseEntity.status(status).body(o);
    }

    @Operation(summary = "Which book and accounts pay a maternity payment on an accounting date (and for a service date)")
    @GetMapping("/maternity-paying-book")
    LegacyFundClearing.PayingBook payingBook(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @RequestParam(required = false) String date, @RequestParam(required = false) String serviceDate,
            @RequestParam(required = false) String district) {
        access.requireReader(me, region);
        return clearing.payingBook(region, blank(district), date(date), serviceDate == null ? null : date(serviceDate));
    }

    // ------------------------------------------------------------------ budgets

    @Operation(summary = "Every version of a budget of the region (or of a district), newest first")
    @GetMapping("/budgets/{year}")
    List<FundBudgets.Budget> budget(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable String year, @RequestParam(required = false) String district) {
        return budgets.versions(me, region, year(year), blank(district));
    }

    record BudgetBody(List<FundBudgets.ItemInput> items) {
    }

    @Operation(summary = "Write the draft of a budget with exactly these items (finance); each item needs its four "
            + "explanations (principle, policyBasis, dataSource, calculationBasis)")
    @PutMapping(path = "/budgets/{year}", consumes = MediaType.APPLICATION_JSON_VALUE)
    FundBudgets.Budget saveBudget(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable String year, @RequestParam(required = false) String district, @RequestBody BudgetBody b) {
        return budgets.saveDraft(me, region, year(year), blank(district), b == null ? null : b.items());
    }

    @Operation(summary = "Submit the draft for approval (four-eyes 'fund_budget')")
    @PostMapping(path = "/budgets/{year}/submit", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FundBudgets.Budget> submitBudget(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region, @PathVariable String year, @RequestParam(required = false) String district,
            @RequestBody ReasonBody b) {
        FundBudgets.Budget budget = budgets.submit(me, region, year(year), blank(district),
                b == null ? null : b.reason());
        return ResponseEntity.status(budget.status() == FundBudgets.Status.PENDING ? HttpStatus.ACCEPTED
                : HttpStatus.OK).body(budget);
    }

    @Operation(summary = "Budget execution: the budget in force against the ledger to the end of a month")
    @GetMapping("/budgets/{year}/execution")
    FundBudgets.Execution execution(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable String year, @RequestParam(required = false) String district,
            @RequestParam(required = false) String month) {
        return budgets.execution(me, region, year(year), blank(district), month);
    }

    @Operation(summary = "Year-end settlement of every district: budget, actual, deficit and its sharing (缺口分担)")
    @GetMapping("/districts/{year}/settlements")
    List<FundBudgets.DeficitSettlement> settlements(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region, @PathVariable String year) {
        return budgets.deficits(me, region, year(year));
    }

    @Operation(summary = "Post a district's share of its deficit for an ended year (finance)")
    @PostMapping("/districts/{district}/{year}/settle")
    FundBudgets.DeficitSettlement settle(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable String district, @PathVariable String year) {
        return budgets.settle(me, region, district, year(year));
    }

    // ------------------------------------------------------------------ risk

    @Operation(summary = "Risk indicators of the pooled fund for the months up to a month, with the warnings")
    @GetMapping("/risk")
    FundRisk.RiskReport risk(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @RequestParam(required = false) String month, @RequestParam(required = false) String months) {
        Integer n = null;
        if (months != null) {
            if (!months.matches("\\d{1,3}")) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_RISK_MONTHS_INVALID", months);
            }
            n = Integer.valueOf(months);
        }
        return risk.report(me, region, month, n);
    }

    // ------------------------------------------------------------------ helpers

    static int year(String text) {
        if (text == null || !text.trim().matches("\\d{4}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_YEAR_INVALID", text);
        }
        return Integer.parseInt(text.trim());
    }

    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
