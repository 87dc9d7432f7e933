package cn.liangxian.analytics;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import cn.liangxian.analytics.BenefitsUnchanged.Report;
import cn.liangxian.analytics.BenefitsUnchanged.Row;
import cn.liangxian.analytics.BenefitsUnchanged.Verdict;
import cn.liangxian.policy.Jurisdiction;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The "benefits unchanged" report on a page and as an Excel workbook: for agency staff of the region under
 * {@code /ui/agency/benefits-unchanged}, and for everyone (信息公开) under {@code /public/benefits-unchanged} — it
 * holds law and invented cases only, no person's data. One case's two computations side by side at
 * {@code .../case/{code}}.
 */
@Controller
class BenefitsUnchangedController {

    static final MediaType XLSX = MediaType
            .parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final String AGENCY = "/ui/agency/benefits-unchanged";
    static final String PUBLIC = "/public/benefits-unchanged";

    private final BenefitsUnchanged service;
    private final AccessPolicy access;

    BenefitsUnchangedController(BenefitsUnchanged service, AccessPolicy access) {
        this.service = service;
        this.access = access;
    }

    @GetMapping(AGENCY)
    String agency(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String after, @RequestParam(required = false) String show, Model model) {
        String r = agencyRegion(me, region);
        return page(r, after, show, AGENCY, regions(me), model);
    }

    @GetMapping(AGENCY + "/case/{code}")
    String agencyCase(@AuthenticationPrincipal LiangxianUser me, @PathVariable String code,
            @RequestParam(required = false) String region, @RequestParam(required = false) String after, Model model) {
        return casePage(agencyRegion(me, region), code, after, AGENCY, model);
    }

    @GetMapping(AGENCY + ".xlsx")
    ResponseEntity<byte[]> agencyExcel(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) String region, @RequestParam(required = false) String after) {
        return excel(agencyRegion(me, region), after);
    }

    @GetMapping(PUBLIC)
    String open(@RequestParam(required = false) String region, @RequestParam(required = false) String after,
            @RequestParam(required = false) String show, Model model) {
        List<Jurisdiction> all = service.poolingRegions();
        String r = region == null || region.isBlank() ? all.get(0).code() : region.trim();
        return page(r, after, show, PUBLIC, all, model);
    }

    @GetMapping(PUBLIC + "/case/{code}")
    String openCase(@PathVariable String code, @RequestParam(required = false) String region,
            @RequestParam(required = false) String after, Model model) {
        return casePage(region == null ? "" : region.trim(), code, after, PUBLIC, model);
    }

    @GetMapping(PUBLIC + ".xlsx")
    ResponseEntity<byte[]> openExcel(@RequestParam(required = false) String region,
            @RequestParam(required = false) String after) {
        return excel(region == null ? "" : region.trim(), after);
    }

    // ------------------------------------------------------------------ helpers

    private String page(String region, String after, String show, String base, List<Jurisdiction> regions,
            Model model) {
        Report report = service.report(region, date(after));
        boolean onlyDifferences = "differences".equals(show);
        List<Row> rows = onlyDifferences ? report.rows().stream().filter(r -> r.verdict() != Verdict.EQUAL).toList()
                : report.rows();
        model.addAttribute("report", report);
        model.addAttribute("measures", BenefitsUnchanged.Measure.values());
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            counts.put(v.name(), report.count(v));
        }
        model.addAttribute("counts", counts);
        model.addAttribute("rows", rows);
        model.addAttribute("onlyDifferences", onlyDifferences);
        model.addAttribute("regions", regions);
        model.addAttribute("base", base);
        model.addAttribute("afterParam", after == null || after.isBlank() ? null : report.after().toString());
        model.addAttribute("unverifiedBefore", report.rows().stream().filter(r -> usesUnverified(r.before())).count());
        return "analytics/benefits-unchanged";
    }

    private String casePage(String region, String code, String after, String base, Model model) {
        Report report = service.report(region, date(after));
        Row row = report.rows().stream().filter(r -> r.benefitCase().code().equals(code)).findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "BENEFITS_UNKNOWN_CASE", code));
        model.addAttribute("report", report);
        model.addAttribute("row", row);
        model.addAttribute("measures", BenefitsUnchanged.Measure.values());
        model.addAttribute("base", base);
        model.addAttribute("afterParam", after == null || after.isBlank() ? null : report.after().toString());
        model.addAttribute("causeKeys", row.causes().stream().map(BenefitsUnchanged.ParamChange::key).toList());
        return "analytics/benefits-case";
    }

    private ResponseEntity<byte[]> excel(String region, String after) {
        Report report = service.report(region, date(after));
        boolean zh = AnalyticsPageAdvice.zh();
        byte[] body = BenefitsWorkbook.write(report, zh);
        String name = (zh ? "生育待遇合并前后对照-" : "benefits-unchanged-") + report.regionCode() + "-" + report.after()
                + ".xlsx";
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    static boolean usesUnverified(BenefitsUnchanged.Outcome o) {
        return o.explanation().stream().anyMatch(s -> s.confidence() != null && s.confidence().isUnverified());
    }

    private List<Jurisdiction> regions(LiangxianUser me) {
        return service.poolingRegions().stream().filter(j -> me.regions().contains(j.code())).toList();
    }

    private String agencyRegion(LiangxianUser me, String region) {
        String r = region == null || region.isBlank()
                ? regions(me).stream().map(Jurisdiction::code).findFirst().orElse("") : region.trim();
        access.requireVisible(me, AccessPolicy.Owner.region(r));
        return r;
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BENEFITS_INVALID_DATE", s.trim());
        }
    }
}
