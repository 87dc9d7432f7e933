package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;

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
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The agency's employer pages: the employers of a region (and registering one), and one employer with its
 * status history, a status change and its roster on a date (masked).
 */
@Controller
@RequestMapping("/ui/agency/employers")
class AgencyEmployerController {

    static final String LIST = "registry/employers";
    static final String EMPLOYER = "registry/employer";

    private final EmployerRegistry employers;
    private final Enrollments enrollments;
    private final PageSupport pages;

    AgencyEmployerController(EmployerRegistry employers, Enrollments enrollments, PageSupport pages) {
        this.employers = employers;
        this.enrollments = enrollments;
        this.pages = pages;
    }

    /** An employer in the list: its code, name, type and status today. */
    record Row(String uscc, String name, String type, String status) {
    }

    @GetMapping
    String list(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region, Model model,
            HttpServletResponse response) {
        String r = PageSupport.region(me, region);
        try {
            listModel(me, r, model);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "region");
        }
        return LIST;
    }

    @PostMapping
    String register(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String uscc, @RequestParam(required = false) String name,
            @RequestParam(required = false) String type, @RequestParam(required = false) String industry,
            @RequestParam(required = false) String address, @RequestParam(required = false) String activeFrom,
            Model model, HttpServletResponse response, RedirectAttributes flash) {
        String r = PageSupport.region(me, region);
        try {
            EmployerRegistry.EmployerType t = Bilingual.parse(EmployerRegistry.EmployerType.class, type)
                    .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "INVALID_EMPLOYER"));
            EmployerRegistry.Employer e = employers.register(me, new EmployerRegistry.NewEmployer(r, uscc, name, t,
                    blank(industry), blank(address), null, null, null, null, PageSupport.date(activeFrom)));
            flash.addFlashAttribute("notice", "reg.notice.employerRegistered");
            return "redirect:/ui/agency/employers/" + e.uscc();
        } catch (ApiException e) {
            pages.refuse(model, response, e, "register", "/ui/agency/employers?region=" + r);
            listModel(me, r, model);
            return LIST;
        }
    }

    private void listModel(LiangxianUser me, String region, Model model) {
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("region", region);
        model.addAttribute("types", Arrays.stream(EmployerRegistry.EmployerType.values())
                .map(t -> new PageSupport.Option(t.name(), PageSupport.text(t))).toList());
        model.addAttribute("employers", employers.list(me, region, LocalDate.now(), 0, 500).stream()
                .map(e -> new Row(e.uscc(), e.name(), PageSupport.text(e.type()),
                        e.status() == null ? "—" : PageSupport.text(e.status())))
                .toList());
    }

    @GetMapping("/{uscc}")
    String employer(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) String date, Model model, HttpServletResponse response) {
        LocalDate on = LocalDate.now();
        try {
            on = PageSupport.dateOr(date, on);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "roster");
        }
        return render(me, uscc, on, model);
    }

    @PostMapping("/{uscc}/status")
    String status(@AuthenticationPrincipal LiangxianUser me, @PathVariable String uscc,
            @RequestParam(required = false) String status, @RequestParam(required = false) String statusFrom,
            @RequestParam(required = false) String statusReason, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        String region = region(uscc);
        employers.visible(me, region, code(uscc));
        try {
            EmployerRegistry.Status s = Bilingual.parse(EmployerRegistry.Status.class, status).orElse(null);
            employers.changeStatus(me, region, code(uscc), s, PageSupport.date(statusFrom), statusReason);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "status", "/ui/agency/employers/" + code(uscc));
            return render(me, uscc, LocalDate.now(), model);
        }
        flash.addFlashAttribute("notice", "reg.notice.statusChanged");
        return "redirect:/ui/agency/employers/" + code(uscc);
    }

    private String render(LiangxianUser me, String uscc, LocalDate on, Model model) {
        String region = region(uscc);
        EmployerRegistry.Employer e = employers.visible(me, region, code(uscc));
        model.addAttribute("employer", e);
        model.addAttribute("history", PageSupport.history(e));
        model.addAttribute("regionName", pages.regionName(region));
        model.addAttribute("type", PageSupport.text(e.type()));
        model.addAttribute("statusToday", employers.statusOn(region, e.uscc(), LocalDate.now()).map(PageSupport::text)
                .orElse("—"));
        model.addAttribute("statuses", Arrays.stream(EmployerRegistry.Status.values())
                .map(s -> new PageSupport.Option(s.name(), PageSupport.text(s))).toList());
        model.addAttribute("date", on);
        model.addAttribute("roster", enrollments.roster(me, e.uscc(), on));
        return EMPLOYER;
    }

    private String region(String uscc) {
        return employers.regionOf(code(uscc)).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    private static String code(String uscc) {
        return uscc.trim().toUpperCase(Locale.ROOT);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
