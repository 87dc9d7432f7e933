package cn.liangxian.institution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The agency's institution pages: a region's contracted institutions (and registering one); one institution with
 * its agreement versions, the terms, clauses and limits of a version, measured indicators against their limits,
 * and the forms for a new version and a measured value.
 */
@Controller
@RequestMapping("/ui/agency/institutions")
class AgencyInstitutionPages {

    static final String LIST = "institution/institutions";
    static final String DETAIL = "institution/institution";

    private final Institutions institutions;
    private final Agreements agreements;
    private final InstitutionPageSupport pages;

    AgencyInstitutionPages(Institutions institutions, Agreements agreements, InstitutionPageSupport pages) {
        this.institutions = institutions;
        this.agreements = agreements;
        this.pages = pages;
    }

    /** A line of the list: the institution and its agreement today. */
    record Row(String code, String name, String level, String type, String agreement, boolean active) {
    }

    @GetMapping
    String list(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region, Model model,
            HttpServletResponse response) {
        String r = InstitutionPageSupport.region(me, region);
        try {
            listModel(me, r, model);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "region", null);
            model.addAttribute("regions", pages.regions(me));
            model.addAttribute("region", r);
            baseOptions(model);
        }
        return LIST;
    }

    @PostMapping
    String register(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String code, @RequestParam(required = false) String name,
            @RequestParam(required = false) String level, @RequestParam(required = false) String type,
            @RequestParam(required = false) String bankName, @RequestParam(required = false) String bankAccount,
            Model model, HttpServletResponse response, RedirectAttributes flash) {
        String r = InstitutionPageSupport.region(me, region);
        try {
            Institution i = institutions.register(r, new NewInstitution(code, name,
                    InstitutionLevel.parse(level).orElse(null), InstitutionType.parse(type).orElse(null), bankName,
                    bankAccount));
            flash.addFlashAttribute("notice", "inst.notice.registered");
            return "redirect:/ui/agency/institutions/" + i.code();
        } catch (ApiException e) {
            pages.refuse(model, response, e, "register", "/ui/agency/institutions?region=" + r);
            listModel(me, r, model);
            return LIST;
        }
    }

    private void listModel(LiangxianUser me, String region, Model model) {
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("region", region);
        baseOptions(model);
        LocalDate today = LocalDate.now();
        model.addAttribute("institutions", institutions.list(me, region).stream().map(i -> new Row(i.code(), i.name(),
                InstitutionPageSupport.text(i.levelValue()), InstitutionPageSupport.text(i.typeValue()),
                agreements.inForce(i.code(), today).map(AgencyInstitutionPages::versionText).orElse(null), i.active()))
                .toList());
    }

    /** "第 2 版，2023-01-01 至 2026-12-31" / "Version 2, 2023-01-01 to 2026-12-31" (or "from …" when open). */
    static String versionText(Agreement a) {
        boolean zh = InstitutionPageSupport.zh();
        if (a.lastDay() == null) {
            return zh ? "第 " + a.version() + " 版，自 " + a.validFrom() + " 起" : "Version " + a.version() + ", from " + a.validFrom();
        }
        return zh ? "第 " + a.version() + " 版，" + a.validFrom() + " 至 " + a.lastDay()
                : "Version " + a.version() + ", " + a.validFrom() + " to " + a.lastDay();
    }

    private static void baseOptions(Model model) {
        model.addAttribute("levels", InstitutionPageSupport.options(InstitutionLevel.class));
        model.addAttribute("types", InstitutionPageSupport.options(InstitutionType.class));
    }

    /** A category's terms as shown: method, the agreement's quota or the policy standard that applies. */
    record TermLine(String category, String method, String quota, String policyStandard, boolean own) {
    }

    /** A version in the list. */
    record VersionLine(int version, LocalDate validFrom, LocalDate lastDay, boolean inForce, boolean shown) {
    }

    /** A limit as shown. */
    record LimitLine(String indicator, String limit) {
    }

    /** A measured value as shown. */
    record MeasureLine(String indicator, String period, String value, String limit, Boolean within, String source) {
        static MeasureLine of(Measurement m) {
            return new MeasureLine(InstitutionPageSupport.text(m.indicator()), m.periodFrom() + " — " + m.periodTo(),
                    InstitutionPageSupport.pct(m.value()), InstitutionPageSupport.pct(m.limit()), m.withinLimit(),
                    m.source());
        }
    }

    /** A category row of the new-version form. */
    record CategoryInput(String category, String label, String defaultMethod) {
    }

    @GetMapping("/{code}")
    String detail(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam(required = false) Integer version, Model model) {
        return render(me, code, version, model);
    }

    @PostMapping("/{code}/agreements")
    String newVersion(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam Map<String, String> form, Model model, HttpServletResponse response, RedirectAttributes flash) {
        Institution i = institutions.visible(me, code);
        try {
            Map<MaternityCategory, MedicalPaymentMethod> methods = new EnumMap<>(MaternityCategory.class);
            Map<MaternityCategory, BigDecimal> quotas = new EnumMap<>(MaternityCategory.class);
            for (MaternityCategory c : MaternityCategory.values()) {
                Bilingual.parse(MedicalPaymentMethod.class, form.get("method." + c.name())).ifPresent(m -> methods.put(c, m));
                BigDecimal q = InstitutionPageSupport.amount(form.get("quota." + c.name()), "INVALID_QUOTA", c.zh(), c.en());
                if (q != null) {
                    quotas.put(c, q);
                }
            }
            Map<String, BigDecimal> limits = new LinkedHashMap<>();
            for (Indicator ind : Indicator.values()) {
                BigDecimal l = InstitutionPageSupport.percent(form.get("limit." + ind.name()), "INVALID_INDICATOR_LIMIT");
                if (l != null) {
                    limits.put(ind.name(), l);
                }
            }
            List<String> clauses = form.getOrDefault("clauses", "").lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            Agreement a = agreements.create(i.code(), new NewAgreement(InstitutionPageSupport.date(form.get("validFrom")),
                    InstitutionPageSupport.optionalDate(form.get("termEnd")), methods, quotas, clauses, limits));
            flash.addFlashAttribute("notice", "inst.notice.versionAdded");
            flash.addFlashAttribute("noticeArg", a.version());
            return "redirect:/ui/agency/institutions/" + i.code() + "?version=" + a.version();
        } catch (ApiException e) {
            pages.refuse(model, response, e, "version", "/ui/agency/institutions/" + i.code());
            return render(me, code, null, model);
        }
    }

    @PostMapping("/{code}/status")
    String status(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam(required = false) String active, @RequestParam(required = false) String reason, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        Institution i = institutions.visible(me, code);
        try {
            institutions.setActive(i.code(), "true".equals(active), reason);
            flash.addFlashAttribute("notice", "true".equals(active) ? "inst.notice.restored" : "inst.notice.suspended");
            return "redirect:/ui/agency/institutions/" + i.code();
        } catch (ApiException e) {
            pages.refuse(model, response, e, "status", "/ui/agency/institutions/" + i.code());
            return render(me, code, null, model);
        }
    }

    @PostMapping("/{code}/indicators")
    String measure(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam(required = false) String indicator, @RequestParam(required = false) String periodFrom,
            @RequestParam(required = false) String periodTo, @RequestParam(required = false) String value,
            @RequestParam(required = false) String source, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        Institution i = institutions.visible(me, code);
        try {
            Indicator ind = Indicator.parse(indicator)
                    .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_INDICATOR", String.valueOf(indicator)));
            BigDecimal v = InstitutionPageSupport.percent(value, "INVALID_MEASUREMENT");
            if (v == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_MEASUREMENT");
            }
            agreements.recordMeasurement(i.code(), ind, InstitutionPageSupport.date(periodFrom), InstitutionPageSupport.date(periodTo), v, source);
            flash.addFlashAttribute("notice", "inst.notice.measured");
            return "redirect:/ui/agency/institutions/" + i.code() + "#indicators";
        } catch (ApiException e) {
            pages.refuse(model, response, e, "measure", "/ui/agency/institutions/" + i.code());
            return render(me, code, null, model);
        }
    }

    private String render(LiangxianUser me, String code, Integer version, Model model) {
        Institution i = institutions.visible(me, code);
        LocalDate today = LocalDate.now();
        List<Agreement> versions = agreements.versions(i.code());
        Agreement current = versions.stream().filter(a -> a.inForceOn(today)).findFirst().orElse(null);
        Agreement shown = version == null ? (current != null ? current : versions.isEmpty() ? null : versions.get(versions.size() - 1))
                : versions.stream().filter(a -> a.version() == version).findFirst()
                        .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        model.addAttribute("inst", i);
        model.addAttribute("regionName", pages.regionName(i.regionCode()));
        model.addAttribute("level", InstitutionPageSupport.text(i.levelValue()));
        model.addAttribute("type", InstitutionPageSupport.text(i.typeValue()));
        model.addAttribute("current", current);
        model.addAttribute("shown", shown);
        model.addAttribute("versions", versions.stream().map(a -> new VersionLine(a.version(), a.validFrom(), a.lastDay(),
                a == current, a == shown)).toList());
        if (shown != null) {
            model.addAttribute("terms", terms(shown));
            model.addAttribute("limits", shown.indicatorLimits().entrySet().stream()
                    .map(e -> new LimitLine(Indicator.parse(e.getKey()).map(InstitutionPageSupport::text).orElse(e.getKey()),
                            InstitutionPageSupport.pct(e.getValue())))
                    .toList());
        }
        List<Measurement> measured = agreements.measurements(i.code());
        model.addAttribute("measurements", measured.stream().map(MeasureLine::of).toList());
        model.addAttribute("chartData", chart(measured));
        List<CategoryInput> inputs = new ArrayList<>();
        Map<MaternityCategory, CategoryTerms> defaults = agreements.defaults(i.regionCode(), today);
        for (MaternityCategory c : MaternityCategory.values()) {
            inputs.add(new CategoryInput(c.name(), InstitutionPageSupport.text(c), InstitutionPageSupport.text(defaults.get(c).method())));
        }
        model.addAttribute("categories", inputs);
        model.addAttribute("methods", InstitutionPageSupport.options(MedicalPaymentMethod.class));
        model.addAttribute("indicators", InstitutionPageSupport.options(Indicator.class));
        model.addAttribute("defaultLimits", agreements.defaultLimits(i.regionCode(), today).entrySet().stream()
                .map(e -> new LimitLine(e.getKey(), InstitutionPageSupport.pct(e.getValue()))).toList());
        model.addAttribute("clausesText", shown == null ? "" : String.join("\n", shown.maternityClauses()));
        model.addAttribute("nextFrom", versions.isEmpty() ? today.withDayOfMonth(1)
                : versions.get(versions.size() - 1).validFrom().plusYears(1));
        return DETAIL;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    /**
     * The indicator chart's data: periods (by their last day, oldest first), and per indicator the measured values
     * and the limits in force, as percentages (null where a period has none). Null when nothing is measured.
     */
    static String chart(List<Measurement> measured) {
        if (measured.isEmpty()) {
            return null;
        }
        List<String> periods = measured.stream().map(m -> m.periodFrom() + "~" + m.periodTo()).distinct()
                .sorted(java.util.Comparator.comparing((String p) -> p.substring(p.indexOf('~') + 1))
                        .thenComparing(p -> p))
                .toList();
        List<Map<String, Object>> series = new ArrayList<>();
        for (Indicator ind : Indicator.values()) {
            List<Measurement> mine = measured.stream().filter(m -> m.indicator() == ind).toList();
            if (mine.isEmpty()) {
                continue;
            }
            List<BigDecimal> values = new ArrayList<>();
            List<BigDecimal> limits = new ArrayList<>();
            for (String p : periods) {
                Measurement m = mine.stream().filter(x -> p.equals(x.periodFrom() + "~" + x.periodTo())).findFirst()
                        .orElse(null);
                values.add(m == null ? null : m.value().movePointRight(2).stripTrailingZeros());
                limits.add(m == null || m.limit() == null ? null : m.limit().movePointRight(2).stripTrailingZeros());
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", InstitutionPageSupport.text(ind));
            s.put("limitName", InstitutionPageSupport.text(ind) + (InstitutionPageSupport.zh() ? "上限" : " limit"));
            s.put("values", values);
            s.put("limits", limits);
            series.add(s);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("periods", periods.stream().map(p -> p.replace("~", " — ")).toList());
        data.put("series", series);
        return JSON.writeValueAsString(data);
    }

    private List<TermLine> terms(Agreement a) {
        return terms(agreements, a);
    }

    /** The terms of a version as shown; a per-unit standard says it is per unit. */
    static List<TermLine> terms(Agreements agreements, Agreement a) {
        List<TermLine> out = new ArrayList<>();
        for (CategoryTerms t : a.terms().values()) {
            String standard = t.method() == MedicalPaymentMethod.ACTUAL_COST ? null
                    : agreements.policyStandard(a.regionCode(), a.validFrom(), t.category())
                            .map(InstitutionPageSupport::money).orElse(null);
            if (standard != null && t.method() == MedicalPaymentMethod.PER_UNIT) {
                standard = standard + (InstitutionPageSupport.zh() ? " / 单元" : " per unit");
            }
            out.add(new TermLine(InstitutionPageSupport.text(t.category()), InstitutionPageSupport.text(t.method()),
                    InstitutionPageSupport.money(t.quota()), standard, t.quota() != null));
        }
        return out;
    }
}
