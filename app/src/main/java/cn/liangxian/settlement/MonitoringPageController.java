package cn.liangxian.settlement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The clerks' smart-monitoring page ({@code /ui/agency/settlements/alerts}: open or closed alerts of a region with
 * filters, closing one with a note, a batch run over a period) and the institution page's action that measures its
 * agreement indicators from settlements.
 */
@Controller
class MonitoringPageController {

    private final SettlementMonitoring monitoring;
    private final SettlementIndicators indicators;
    private final Contracts contracts;
    private final MessageSource messages;
    private final cn.liangxian.web.RefusalPage refusals;

    MonitoringPageController(SettlementMonitoring monitoring, SettlementIndicators indicators, Contracts contracts,
            MessageSource messages, cn.liangxian.web.RefusalPage refusals) {
        this.refusals = refusals;
        this.monitoring = monitoring;
        this.indicators = indicators;
        this.contracts = contracts;
        this.messages = messages;
    }

    @GetMapping("/ui/agency/settlements/alerts")
    String alerts(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String institution, @RequestParam(required = false) String rule,
            @RequestParam(required = false, defaultValue = "open") String show, Model model) {
        String r = region(me, region);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("region", r);
        model.addAttribute("institutionQ", institution == null ? "" : institution);
        model.addAttribute("rule", rule == null ? "" : rule);
        model.addAttribute("show", show);
        model.addAttribute("rules", List.of(SettlementMonitoring.Rule.values()));
        model.addAttribute("institutions", contracts.institutionsOf(r));
        model.addAttribute("zh", !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage()));
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        model.addAttribute("scanFrom", today.withDayOfMonth(1).minusMonths(1).toString());
        model.addAttribute("scanTo", today.toString());
        try {
            model.addAttribute("alerts", monitoring.alerts(me, new SettlementMonitoring.Filter(r, institution, rule,
                    !"closed".equals(show))));
        } catch (ApiException e) {
            if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            model.addAttribute("error", message(e));
            model.addAttribute("errorCode", e.code());
            model.addAttribute("alerts", List.of());
        }
        return "settlement/alerts";
    }

    @PostMapping("/ui/agency/settlements/alerts/{id}/close")
    String close(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, @RequestParam String region,
            @RequestParam(required = false) String institution, @RequestParam(required = false) String rule,
            @RequestParam(required = false) String note, RedirectAttributes redirect) {
        try {
            monitoring.close(me, id, note);
            redirect.addFlashAttribute("notice", "mon.notice.closed");
        } catch (ApiException e) {
            if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            refusals.flash(redirect, e);
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/ui/agency/settlements/alerts").queryParam("region", region)
                .queryParam("institution", institution == null ? "" : institution)
                .queryParam("rule", rule == null ? "" : rule).encode().build().toUriString();
    }

    @PostMapping("/ui/agency/settlements/alerts/scan")
    String scan(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region, @RequestParam String from,
            @RequestParam String to, RedirectAttributes redirect) {
        try {
            SettlementMonitoring.ScanResult r = monitoring.scan(me, region, date(from), date(to),
                    LocalDate.now(NhsaGateway.ZONE));
            redirect.addFlashAttribute("notice", "mon.notice.scanned");
            redirect.addFlashAttribute("noticeArgs", new Object[] { r.settlementsChecked(), r.monthsChecked(),
                    r.raised().values().stream().mapToInt(Integer::intValue).sum() });
        } catch (ApiException e) {
            if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            refusals.flash(redirect, e);
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/ui/agency/settlements/alerts").queryParam("region", region)
                .encode().build().toUriString();
    }

    /** The institution page's button: its indicators for a month or a year, measured from settlements. */
    @PostMapping("/ui/agency/institutions/{code}/indicators/from-settlements")
    String measure(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam(required = false) String period, RedirectAttributes redirect) {
        String c = code.strip().toUpperCase(Locale.ROOT);
        try {
            SettlementIndicators.Result r = indicators.measure(me, c, period, LocalDate.now(NhsaGateway.ZONE));
            SettlementIndicators.Figures f = r.figures();
            redirect.addFlashAttribute("notice", r.recorded().isEmpty() ? "mon.notice.nothingMeasured"
                    : "mon.notice.measured");
            redirect.addFlashAttribute("noticeArg", messages.getMessage("mon.measured.figures", new Object[] {
                    f.period().text(), f.deliveries(), f.caesareans(), f.priorDeliveries() }, LocaleContextHolder.getLocale()));
        } catch (ApiException e) {
            if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            refusals.flash(redirect, e);
            redirect.addFlashAttribute("errorForm", "compute");
        }
        return "redirect:/ui/agency/institutions/" + c + "#indicators";
    }

    private static String region(LiangxianUser me, String asked) {
        if (asked != null && me.regions().contains(asked)) {
            return asked;
        }
        return me.regions().stream().sorted().findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN"));
    }

    private String message(ApiException e) {
        return refusals.message(e);
    }

    private static LocalDate date(String s) {
        try {
            return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SETTLEMENT_INVALID_DATE", s);
        }
    }
}
