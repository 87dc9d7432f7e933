package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The pages of settlement. Hospital portal ({@code /ui/hospital/...}): its encounters, settlements and clearing
 * statements. Agency ({@code /ui/agency/settlements/...}): settlement search and review, reconciliation
 * mismatches, the monthly clearing with deductions and statements, clearing between regions.
 */
@Controller
class SettlementPageController {

    private final SettlementViews views;
    private final InstitutionClearings clearings;
    private final Contracts contracts;
    private final cn.liangxian.web.RefusalPage refusals;

    SettlementPageController(SettlementViews views, InstitutionClearings clearings, Contracts contracts,
            cn.liangxian.web.RefusalPage refusals) {
        this.refusals = refusals;
        this.views = views;
        this.clearings = clearings;
        this.contracts = contracts;
    }

    // ---------------------------------------------------------------- hospital portal

    @GetMapping("/ui/hospital/encounters")
    String hospitalEncounters(@AuthenticationPrincipal LiangxianUser me, Model model) {
        model.addAttribute("institution", institution(me.institutionCode()));
        model.addAttribute("encounters", views.encounters(me, me.institutionCode(), 200));
        return "settlement/encounters";
    }

    @GetMapping("/ui/hospital/encounters/{mdtrtId}")
    String hospitalEncounter(@AuthenticationPrincipal LiangxianUser me, @PathVariable String mdtrtId, Model model) {
        model.addAttribute("encounter", views.encounter(me, mdtrtId));
        model.addAttribute("fees", views.encounterFees(me, mdtrtId));
        return "settlement/encounter";
    }

    @GetMapping("/ui/hospital/settlements")
    String hospitalSettlements(@AuthenticationPrincipal LiangxianUser me, Model model) {
        model.addAttribute("institution", institution(me.institutionCode()));
        model.addAttribute("settlements", views.hospitalSettlements(me, me.institutionCode(), 200));
        model.addAttribute("hospital", true);
        return "settlement/list";
    }

    @GetMapping("/ui/hospital/settlements/{setlId}")
    String hospitalSettlement(@AuthenticationPrincipal LiangxianUser me, @PathVariable String setlId, Model model) {
        model.addAttribute("detail", views.detail(me, setlId));
        model.addAttribute("hospital", true);
        return "settlement/detail";
    }

    @GetMapping("/ui/hospital/statements")
    String hospitalStatements(@AuthenticationPrincipal LiangxianUser me, Model model) {
        model.addAttribute("institution", institution(me.institutionCode()));
        model.addAttribute("statements", clearings.statements(me, me.institutionCode()));
        model.addAttribute("hospital", true);
        return "settlement/statements";
    }

    @GetMapping("/ui/hospital/statements/{id}")
    String hospitalStatement(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, Model model) {
        model.addAttribute("statement", clearings.statement(me, id));
        model.addAttribute("hospital", true);
        return "settlement/statement";
    }

    // ---------------------------------------------------------------- agency

    @GetMapping("/ui/agency/settlements")
    String search(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String institution, @RequestParam(required = false) String status,
            @RequestParam(required = false) String category, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String cross, Model model) {
        String r = region(me, region);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("region", r);
        model.addAttribute("institutionQ", institution == null ? "" : institution);
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("category", category == null ? "" : category);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("cross", cross == null ? "" : cross);
        model.addAttribute("categories", List.of(MaternityCategory.values()));
        try {
            model.addAttribute("settlements", views.search(me, new SettlementViews.Filter(r, institution, blank(status),
                    blank(category), date(from), date(to), cross == null || cross.isBlank() ? null : "yes".equals(cross))));
        } catch (ApiException e) {
            error(model, e);
            model.addAttribute("settlements", List.of());
        }
        return "settlement/search";
    }

    @GetMapping("/ui/agency/settlements/{setlId}")
    String detail(@AuthenticationPrincipal LiangxianUser me, @PathVariable String setlId, Model model) {
        model.addAttribute("detail", views.detail(me, setlId));
        model.addAttribute("hospital", false);
        return "settlement/detail";
    }

    @PostMapping("/ui/agency/settlements/{setlId}/review")
    String review(@AuthenticationPrincipal LiangxianUser me, @PathVariable String setlId, @RequestParam String note,
            RedirectAttributes redirect) {
        try {
            views.review(me, setlId, note);
            redirect.addFlashAttribute("notice", "st.notice.reviewed");
        } catch (ApiException e) {
            refusals.flash(redirect, e);
        }
        return "redirect:/ui/agency/settlements/" + setlId;
    }

    @GetMapping("/ui/agency/settlements/mismatches")
    String mismatches(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false, defaultValue = "open") String show, Model model) {
        String r = region(me, region);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("region", r);
        model.addAttribute("show", show);
        model.addAttribute("mismatches", views.mismatches(me, r, !"resolved".equals(show)));
        return "settlement/mismatches";
    }

    @PostMapping("/ui/agency/settlements/mismatches/{id}/resolve")
    String resolve(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, @RequestParam String region,
            @RequestParam String note, RedirectAttributes redirect) {
        try {
            views.resolve(me, id, note);
            redirect.addFlashAttribute("notice", "st.notice.resolved");
        } catch (ApiException e) {
            refusals.flash(redirect, e);
        }
        return "redirect:/ui/agency/settlements/mismatches?region=" + region;
    }

    @GetMapping("/ui/agency/settlements/clearing")
    String clearing(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String institution, @RequestParam(required = false) String period,
            Model model) {
        String r = region(me, region);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("region", r);
        YearMonth p = month(period, YearMonth.now().minusMonths(1));
        model.addAttribute("period", p.toString());
        model.addAttribute("institutionQ", institution == null ? "" : institution);
        model.addAttribute("interRegion", views.interRegion(me, r));
        if (institution != null && !institution.isBlank()) {
            String code = institution.strip().toUpperCase(Locale.ROOT);
            try {
                model.addAttribute("statements", clearings.statements(me, code));
                model.addAttribute("deductions", clearings.deductions(code, p));
                model.addAttribute("institution", institution(code));
            } catch (ApiException e) {
                error(model, e);
            }
        }
        return "settlement/clearing";
    }

    @PostMapping("/ui/agency/settlements/clearing/deductions")
    String deduct(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region, @RequestParam String institution,
            @RequestParam String period, @RequestParam String amount, @RequestParam String reason,
            RedirectAttributes redirect) {
        String code = institution.strip().toUpperCase(Locale.ROOT);
        try {
            clearings.deduct(me, code, month(period, null), money(amount), reason);
            redirect.addFlashAttribute("notice", "st.notice.deducted");
        } catch (ApiException e) {
            refusals.flash(redirect, e);
        }
        return "redirect:/ui/agency/settlements/clearing?region=" + region + "&institution=" + code + "&period=" + period;
    }

    @PostMapping("/ui/agency/settlements/clearing/run")
    String runClearing(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam String institution, @RequestParam String period, RedirectAttributes redirect) {
        String code = institution.strip().toUpperCase(Locale.ROOT);
        try {
            InstitutionClearings.Statement s = clearings.clear(me, code, month(period, null), LocalDate.now());
            redirect.addFlashAttribute("notice", "st.notice.cleared");
            return "redirect:/ui/agency/settlements/statements/" + s.id();
        } catch (ApiException e) {
            refusals.flash(redirect, e);
        }
        return "redirect:/ui/agency/settlements/clearing?region=" + region + "&institution=" + code + "&period=" + period;
    }

    @GetMapping("/ui/agency/settlements/statements/{id}")
    String statement(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, Model model) {
        model.addAttribute("statement", clearings.statement(me, id));
        model.addAttribute("hospital", false);
        return "settlement/statement";
    }

    // ---------------------------------------------------------------- helpers

    private Contracts.Institution institution(String code) {
        return contracts.institution(code).orElseThrow(() -> new ApiException(
                org.springframework.http.HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    private static String region(LiangxianUser me, String asked) {
        if (asked != null && me.regions().contains(asked)) {
            return asked;
        }
        return me.regions().stream().sorted().findFirst()
                .orElseThrow(() -> new ApiException(org.springframework.http.HttpStatus.FORBIDDEN, "FORBIDDEN"));
    }

    private void error(Model model, ApiException e) {
        model.addAttribute("error", message(e));
        model.addAttribute("errorCode", e.code());
    }

    private String message(ApiException e) {
        return refusals.message(e);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "SETTLEMENT_INVALID_DATE", s);
        }
    }

    private static YearMonth month(String s, YearMonth otherwise) {
        if (s == null || s.isBlank()) {
            if (otherwise == null) {
                throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "SETTLEMENT_INVALID_PERIOD", "");
            }
            return otherwise;
        }
        try {
            return YearMonth.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "SETTLEMENT_INVALID_PERIOD", s);
        }
    }

    private static BigDecimal money(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "SETTLEMENT_INVALID_AMOUNT");
        }
    }
}
