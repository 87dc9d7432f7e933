package cn.liangxian.fund;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.LayoutModel;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fund's pages for finance staff and supervisors (the agency portal): statements on screen with Excel and PDF
 * downloads, the legacy maternity fund's clearing, budgets and their execution, district deficit settlements and
 * the risk indicators with their chart. Finance acts; supervisors read. A refusal is shown next to its form, or as
 * a page with its status.
 */
@Controller
@RequestMapping("/ui/agency/fund")
class FundPageController {

    static final MediaType XLSX = MediaType
            .parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A choice in a select. */
    record Option(String value, String label) {
    }

    private final FundStatements statements;
    private final LegacyFundClearing clearing;
    private final FundBudgets budgets;
    private final FundRisk risk;
    private final FundAccess access;
    private final ChartOfAccounts chart;
    private final ReportDocuments documents;
    private final ReportFiles files;
    private final MessageSource messages;

    FundPageController(FundStatements statements, LegacyFundClearing clearing, FundBudgets budgets, FundRisk risk,
            FundAccess access, ChartOfAccounts chart, ReportDocuments documents, ReportFiles files,
            MessageSource messages) {
        this.statements = statements;
        this.clearing = clearing;
        this.budgets = budgets;
        this.risk = risk;
        this.access = access;
        this.chart = chart;
        this.documents = documents;
        this.files = files;
        this.messages = messages;
    }

    // ------------------------------------------------------------------ home and statements

    @GetMapping
    String home(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            Model model) {
        String r = region(me, region);
        access.requireReader(me, r);
        base(me, r, model);
        model.addAttribute("book", Book.POOLED);
        model.addAttribute("period", YearMonth.now(FundLedger.ZONE).minusMonths(1).format(JdbcPostings.PERIOD));
        model.addAttribute("year", LocalDate.now(FundLedger.ZONE).getYear() - 1);
        return "fund/home";
    }

    @GetMapping("/statements/{kind}")
    String statement(@AuthenticationPrincipal LiangxianUser me, @PathVariable String kind,
            @RequestParam(required = false) String region, @RequestParam(required = false) String book,
            @RequestParam(required = false) String period, Model model, HttpServletResponse response) {
        String r = region(me, region);
        String b = book == null || book.isBlank() ? Book.POOLED : book.trim();
        String p = period == null || period.isBlank()
                ? YearMonth.now(FundLedger.ZONE).minusMonths(1).format(JdbcPostings.PERIOD) : period.trim();
        access.requireReader(me, r);
        base(me, r, model);
        model.addAttribute("kind", kind(kind));
        model.addAttribute("book", b);
        model.addAttribute("period", p);
        try {
            model.addAttribute("report", switch (kind(kind)) {
            case "trial-balance" -> statements.trialBalance(me, r, b, p);
            case "income-statement" -> statements.incomeStatement(me, r, b, p);
            default -> statements.balanceSheet(me, r, b, p);
            });
        } catch (ApiException e) {
            refuse(model, response, e, "statement");
        }
        return "fund/statement";
    }

    @GetMapping("/statements/{kind}/{format:xlsx|pdf}")
    ResponseEntity<byte[]> statementFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable String kind,
            @PathVariable String format, @RequestParam(required = false) String region,
            @RequestParam(required = false) String book, @RequestParam(required = false) String period) {
        String r = region(me, region);
        String b = book == null || book.isBlank() ? Book.POOLED : book.trim();
        Locale locale = LocaleContextHolder.getLocale();
        ReportDocument d = switch (kind(kind)) {
        case "trial-balance" -> documents.trialBalance(statements.trialBalance(me, r, b, period), locale);
        case "income-statement" -> documents.incomeStatement(statements.incomeStatement(me, r, b, period), locale);
        default -> documents.balanceSheet(statements.balanceSheet(me, r, b, period), locale);
        };
        return file(d, format);
    }

    // ------------------------------------------------------------------ clearing

    @GetMapping("/clearing")
    String clearing(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String book, Model model, HttpServletResponse response) {
        String r = region(me, region);
        renderClearing(me, r, book, model);
        return "fund/clearing";
    }

    @PostMapping("/clearing/{book}")
    String requestClearing(@AuthenticationPrincipal LiangxianUser me, @PathVariable String book,
            @RequestParam(required = false) String region, @RequestParam(required = false) String reason, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        String r = region(me, region);
        try {
            LegacyFundClearing.ClearingOutcome o = clearing.request(me, r, book, reason);
            flash.addFlashAttribute("notice", "fr.cl.notice." + o.status().name());
            flash.addFlashAttribute("noticeArg", o.approvalId() == null ? null : String.valueOf(o.approvalId()));
        } catch (ApiException e) {
            refuse(model, response, e, "clearing");
            model.addAttribute("langSwitchUrl", langSwitch(UriComponentsBuilder.fromPath("/ui/agency/fund/clearing")
                    .queryParam("region", r).queryParam("book", book).build().toUriString()));
            renderClearing(me, r, book, model);
            return "fund/clearing";
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/ui/agency/fund/clearing").queryParam("region", r)
                .queryParam("book", book).build().toUriString();
    }

    @GetMapping("/clearing/{book}/{format:xlsx|pdf}")
    ResponseEntity<byte[]> clearingFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable String book,
            @PathVariable String format, @RequestParam(required = false) String region) {
        String r = region(me, region);
        return file(documents.clearing(clearing.report(me, r, book), LocaleContextHolder.getLocale()), format);
    }

    private void renderClearing(LiangxianUser me, String r, String book, Model model) {
        access.requireReader(me, r);
        base(me, r, model);
        List<LegacyFundClearing.ClearingReport> all = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Book b : chart.books(r).values()) {
            if (b.fund() != FundKind.MATERNITY_LEGACY) {
                continue;
            }
            try {
                all.add(clearing.report(me, r, b.code()));
            } catch (ApiException e) {
                refused.add(b.code() + ": " + message(e));
            }
        }
        model.addAttribute("clearings", all);
        model.addAttribute("clearingProblems", refused);
        String selected = book == null || book.isBlank() ? all.stream().map(LegacyFundClearing.ClearingReport::bookCode)
                .findFirst().orElse(null) : book.trim();
        model.addAttribute("selectedBook", selected);
        all.stream().filter(c -> c.bookCode().equals(selected)).findFirst()
                .ifPresent(c -> model.addAttribute("report", c));
        model.addAttribute("mayAct", me.role() == Role.FINANCE);
    }

    // ------------------------------------------------------------------ budgets

    @GetMapping("/budget")
    String budget(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String year, @RequestParam(required = false) String district,
            @RequestParam(required = false) String month, Model model, HttpServletResponse response) {
        String r = region(me, region);
        renderBudget(me, r, year, district, month, model, response);
        return "fund/budget";
    }

    @PostMapping("/budget/items")
    String saveItem(@AuthenticationPrincipal LiangxianUser me, @RequestParam Map<String, String> form, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        String r = region(me, form.get("region"));
        String year = form.get("year");
        String district = FundReportsController.blank(form.get("district"));
        try {
            budgets.saveItem(me, r, FundReportsController.year(year), district,
                    new FundBudgets.ItemInput(form.get("account"), amount(form.get("account"), form.get("amount")),
                            form.get("principle"), form.get("policyBasis"), form.get("dataSource"),
                            form.get("calculationBasis"), form.get("changeReason")));
            flash.addFlashAttribute("notice", "fr.bu.notice.saved");
        } catch (ApiException e) {
            return budgetRefused(me, r, year, district, e, "item", model, response);
        }
        return redirectBudget(r, year, district);
    }

    @PostMapping("/budget/items/remove")
    String removeItem(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String year, @RequestParam(required = false) String district,
            @RequestParam(required = false) String account, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        String r = region(me, region);
        try {
            budgets.removeItem(me, r, FundReportsController.year(year), FundReportsController.blank(district), account);
            flash.addFlashAttribute("notice", "fr.bu.notice.removed");
        } catch (ApiException e) {
            return budgetRefused(me, r, year, district, e, "item", model, response);
        }
        return redirectBudget(r, year, district);
    }

    @PostMapping("/budget/submit")
    String submitBudget(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String year, @RequestParam(required = false) String district,
            @RequestParam(required = false) String reason, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        String r = region(me, region);
        try {
            FundBudgets.Budget b = budgets.submit(me, r, FundReportsController.year(year),
                    FundReportsController.blank(district), reason);
            flash.addFlashAttribute("notice", "fr.bu.notice." + b.status().name());
            flash.addFlashAttribute("noticeArg", b.approvalId() == null ? null : String.valueOf(b.approvalId()));
        } catch (ApiException e) {
            return budgetRefused(me, r, year, district, e, "submit", model, response);
        }
        return redirectBudget(r, year, district);
    }

    @GetMapping("/budget/execution/{format:xlsx|pdf}")
    ResponseEntity<byte[]> executionFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable String format,
            @RequestParam(required = false) String region, @RequestParam(required = false) String year,
            @RequestParam(required = false) String district, @RequestParam(required = false) String month) {
        String r = region(me, region);
        FundBudgets.Execution e = budgets.execution(me, r, FundReportsController.year(year),
                FundReportsController.blank(district), month);
        return file(documents.execution(e, LocaleContextHolder.getLocale()), format);
    }

    private String budgetRefused(LiangxianUser me, String r, String year, String district, ApiException e, String form,
            Model model, HttpServletResponse response) {
        refuse(model, response, e, form);
        model.addAttribute("langSwitchUrl", langSwitch(budgetPath(r, year, district)));
        int status = response.getStatus();
        try {
            renderBudget(me, r, year, district, null, model, response);
        } catch (ApiException again) {
            // the page's own refusal is shown by the advice
            throw again;
        }
        response.setStatus(status);
        return "fund/budget";
    }

    private void renderBudget(LiangxianUser me, String r, String year, String district, String month, Model model,
            HttpServletResponse response) {
        access.requireReader(me, r);
        base(me, r, model);
        int y = year == null || year.isBlank() ? LocalDate.now(FundLedger.ZONE).getYear()
                : FundReportsController.year(year);
        String d = FundReportsController.blank(district);
        model.addAttribute("year", y);
        model.addAttribute("district", d);
        model.addAttribute("month", month);
        List<FundBudgets.Budget> versions = budgets.versions(me, r, y, d);
        model.addAttribute("versions", versions);
        model.addAttribute("draft", versions.stream().filter(b -> b.status() == FundBudgets.Status.DRAFT
                || b.status() == FundBudgets.Status.PENDING).findFirst().orElse(null));
        try {
            model.addAttribute("execution", budgets.execution(me, r, y, d, month));
        } catch (ApiException e) {
            if (model.getAttribute("error") == null) {
                refuse(model, response, e, "execution");
            }
        }
        model.addAttribute("budgetAccounts", chart.accounts(r, Book.POOLED).stream()
                .filter(a -> a.accountClass() == AccountClass.INCOME || a.accountClass() == AccountClass.EXPENDITURE)
                .map(a -> new Option(a.code(), "\u3000".repeat(indent(a)) + a.code() + " "
                        + (zh() ? a.nameZh() : a.nameEn())))
                .toList());
        model.addAttribute("mayAct", me.role() == Role.FINANCE);
    }

    private static String redirectBudget(String r, String year, String district) {
        return "redirect:" + budgetPath(r, year, district);
    }

    private static String budgetPath(String r, String year, String district) {
        UriComponentsBuilder u = UriComponentsBuilder.fromPath("/ui/agency/fund/budget").queryParam("region", r)
                .queryParam("year", year);
        if (FundReportsController.blank(district) != null) {
            u.queryParam("district", district.trim());
        }
        return u.build().toUriString();
    }

    // ------------------------------------------------------------------ districts

    @GetMapping("/districts")
    String districts(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String year, Model model) {
        String r = region(me, region);
        renderDistricts(me, r, year, model);
        return "fund/districts";
    }

    @PostMapping("/districts/{district}/settle")
    String settle(@AuthenticationPrincipal LiangxianUser me, @PathVariable String district,
            @RequestParam(required = false) String region, @RequestParam(required = false) String year, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        String r = region(me, region);
        try {
            FundBudgets.DeficitSettlement s = budgets.settle(me, r, district, FundReportsController.year(year));
            flash.addFlashAttribute("notice", "fr.di.notice.settled");
            flash.addFlashAttribute("noticeArg", s.entryNo());
        } catch (ApiException e) {
            refuse(model, response, e, "settle-" + district);
            String path = UriComponentsBuilder.fromPath("/ui/agency/fund/districts").queryParam("region", r)
                    .queryParam("year", year).build().toUriString();
            model.addAttribute("langSwitchUrl", langSwitch(path));
            int status = response.getStatus();
            renderDistricts(me, r, year, model);
            response.setStatus(status);
            return "fund/districts";
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/ui/agency/fund/districts").queryParam("region", r)
                .queryParam("year", year).build().toUriString();
    }

    private void renderDistricts(LiangxianUser me, String r, String year, Model model) {
        access.requireReader(me, r);
        base(me, r, model);
        int y = year == null || year.isBlank() ? LocalDate.now(FundLedger.ZONE).getYear() - 1
                : FundReportsController.year(year);
        model.addAttribute("year", y);
        List<FundBudgets.DeficitSettlement> all = budgets.deficits(me, r, y);
        model.addAttribute("settlements", all);
        model.addAttribute("budgeted", all.stream()
                .filter(s -> s.status() != FundBudgets.SettlementStatus.NO_BUDGET).toList());
        model.addAttribute("unbudgeted", all.stream()
                .filter(s -> s.status() == FundBudgets.SettlementStatus.NO_BUDGET).count());
        model.addAttribute("mayAct", me.role() == Role.FINANCE);
    }

    // ------------------------------------------------------------------ risk

    @GetMapping("/risk")
    String risk(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String month, Model model, HttpServletResponse response) {
        String r = region(me, region);
        access.requireReader(me, r);
        base(me, r, model);
        String m = month == null || month.isBlank()
                ? YearMonth.now(FundLedger.ZONE).minusMonths(1).format(JdbcPostings.PERIOD) : month.trim();
        model.addAttribute("month", m);
        try {
            FundRisk.RiskReport report = risk.report(me, r, m, 12);
            model.addAttribute("report", report);
            model.addAttribute("last", report.months().get(report.months().size() - 1));
            model.addAttribute("chartData", chartData(report));
        } catch (ApiException e) {
            refuse(model, response, e, "risk");
        }
        return "fund/risk";
    }

    /** The chart's data as JSON for the page's script (no inline script: CSP allows only the site's own files). */
    private String chartData(FundRisk.RiskReport r) {
        List<String> months = r.months().stream().map(m -> m.month().toString()).toList();
        List<BigDecimal> mop = r.months().stream().map(FundRisk.MonthRisk::monthsOfPayment).toList();
        List<BigDecimal> income = r.months().stream().map(FundRisk.MonthRisk::income).toList();
        List<BigDecimal> expenditure = r.months().stream().map(FundRisk.MonthRisk::expenditure).toList();
        Map<String, BigDecimal> thresholds = new java.util.LinkedHashMap<>();
        r.thresholds().forEach(t -> thresholds.put(t.parameter(), t.value()));
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("months", months);
        data.put("monthsOfPayment", mop);
        data.put("income", income);
        data.put("expenditure", expenditure);
        data.put("alert", thresholds.get(FundRisk.MONTHS + ".alert"));
        data.put("warning", thresholds.get(FundRisk.MONTHS + ".warning"));
        data.put("excess", thresholds.get(FundRisk.MONTHS + ".excess"));
        Locale l = LocaleContextHolder.getLocale();
        data.put("labels", Map.of("monthsOfPayment", m("fr.ri.monthsOfPayment", l), "income", m("fr.ri.income", l),
                "expenditure", m("fr.ri.expenditure", l), "alert", m("fr.ri.level.ALERT", l), "warning",
                m("fr.ri.level.WARNING", l), "excess", m("fr.ri.level.EXCESS", l), "months", m("fr.ri.unitMonths", l),
                "yuan", m("fr.ri.unitYuan", l)));
        return JSON.writeValueAsString(data);
    }

    // ------------------------------------------------------------------ helpers

    private ResponseEntity<byte[]> file(ReportDocument d, String format) {
        boolean pdf = "pdf".equals(format);
        byte[] body = pdf ? files.pdf(d) : files.excel(d);
        String name = d.fileName().replaceAll("[^A-Za-z0-9._-]", "_") + (pdf ? ".pdf" : ".xlsx");
        return ResponseEntity.ok().contentType(pdf ? MediaType.APPLICATION_PDF : XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    private void base(LiangxianUser me, String region, Model model) {
        model.addAttribute("region", region);
        model.addAttribute("regionName", regionName(region));
        model.addAttribute("regions", me.regions().stream().sorted().filter(access::hasLedger)
                .map(r -> new Option(r, r + " " + regionName(r))).toList());
        model.addAttribute("books", chart.books(region).values().stream()
                .map(b -> new Option(b.code(), b.code() + " " + (zh() ? b.nameZh() : b.nameEn()))).toList());
        model.addAttribute("hasDistricts", chart.books(region).values().stream().anyMatch(b -> b.districtCode() != null));
        model.addAttribute("districtOptions", chart.books(region).values().stream().filter(b -> b.districtCode() != null)
                .map(b -> new Option(b.districtCode(), b.districtCode() + " " + (zh() ? b.nameZh() : b.nameEn())))
                .toList());
        model.addAttribute("zh", zh());
    }

    private String regionName(String code) {
        return access.regionName(code, zh());
    }

    /** The region asked for, or the user's first region with a ledger. */
    private String region(LiangxianUser me, String asked) {
        if (asked != null && !asked.isBlank()) {
            return asked.trim();
        }
        return me.regions().stream().sorted().filter(access::hasLedger).findFirst()
                .orElse(me.regions().stream().sorted().findFirst().orElse(""));
    }

    private static String kind(String kind) {
        if (!List.of("trial-balance", "income-statement", "balance-sheet").contains(kind)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        return kind;
    }

    private static BigDecimal amount(String account, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim().replace(",", ""));
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_BUDGET_AMOUNT_INVALID",
                    account == null ? "-" : account, text);
        }
    }

    private void refuse(Model model, HttpServletResponse response, ApiException e, String form) {
        model.addAttribute("error", message(e));
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorForm", form);
        response.setStatus(e.status().value());
    }

    private String message(ApiException e) {
        Object[] args = Arrays.stream(e.args()).map(String::valueOf).toArray();
        return messages.getMessage("error." + e.code(), args, e.code(), LocaleContextHolder.getLocale());
    }

    private String m(String key, Locale l) {
        return messages.getMessage(key, null, key, l);
    }

    private static String langSwitch(String path) {
        return UriComponentsBuilder.fromUriString(path).replaceQueryParam("lang", zh() ? "en" : "zh_CN").build()
                .toUriString();
    }

    private static int indent(Account a) {
        return Math.max(0, (a.code().length() - 4) / 2);
    }

    static boolean zh() {
        return ReportDocuments.zh(LocaleContextHolder.getLocale());
    }

    /** A refusal no form can show (another region, a role without access) as a page of its own, with its status. */
    @ControllerAdvice(assignableTypes = { FundPageController.class, PublicFundController.class })
    static class Advice {

        private final MessageSource messages;
        private final List<LayoutModel.MeProvider> banner;

        Advice(MessageSource messages, List<LayoutModel.MeProvider> banner) {
            this.messages = messages;
            this.banner = banner;
        }

        @ExceptionHandler(ApiException.class)
        ModelAndView refused(ApiException e, HttpServletRequest request) {
            ModelAndView mv = new ModelAndView("fund/problem");
            mv.setStatus(e.status());
            mv.addObject("zh", zh());
            mv.addObject("status", e.status().value());
            mv.addObject("errorCode", e.code());
            Object[] args = Arrays.stream(e.args()).map(String::valueOf).toArray();
            mv.addObject("error", messages.getMessage("error." + e.code(), args, e.code(),
                    LocaleContextHolder.getLocale()));
            Authentication a = SecurityContextHolder.getContext().getAuthentication();
            if (a != null && a.isAuthenticated()) {
                mv.addObject("me", banner.stream().map(p -> p.me(a.getPrincipal())).filter(Objects::nonNull)
                        .findFirst().orElse(null));
            }
            mv.addObject("langSwitchUrl", ServletUriComponentsBuilder.fromRequest(request)
                    .replaceQueryParam("lang", zh() ? "en" : "zh_CN").build().toUriString()
                    .replaceFirst("^[a-z]+://[^/]+", ""));
            return mv;
        }
    }
}
