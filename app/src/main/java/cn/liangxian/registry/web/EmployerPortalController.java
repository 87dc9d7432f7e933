package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;

/**
 * The employer's portal: its own data and status, its roster on a date (masked), adding an employee (增员:
 * 310 and 510 together) and removing one (减员), and one employee's coverage with this employer. The HR
 * user is bound to one employer; the services refuse anyone else's people.
 */
@Controller
@RequestMapping("/ui/employer")
class EmployerPortalController {

    static final String VIEW = "portal/employer";
    static final String PERSON = "registry/employer-person";

    private final EmployerRegistry employers;
    private final Enrollments enrollments;
    private final PersonDirectory persons;
    private final PageSupport pages;

    EmployerPortalController(EmployerRegistry employers, Enrollments enrollments, PersonDirectory persons,
            PageSupport pages) {
        this.employers = employers;
        this.enrollments = enrollments;
        this.persons = persons;
        this.pages = pages;
    }

    @GetMapping
    String portal(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String date, Model model,
            HttpServletResponse response) {
        LocalDate on = LocalDate.now();
        try {
            on = PageSupport.dateOr(date, on);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "roster");
        }
        return render(me, on, model);
    }

    @PostMapping("/employees")
    String add(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String certType,
            @RequestParam(required = false) String certNumber, @RequestParam(required = false) String name,
            @RequestParam(required = false) String sex, @RequestParam(required = false) String phone,
            @RequestParam(required = false) String startDate, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        try {
            enrollments.enrollEmployee(me, new Enrollments.Enrollee(null, PageSupport.certType(certType), certNumber,
                    name, sex, phone), me.employerUscc(), PageSupport.date(startDate), null,
                    Enrollments.Source.ENROLLMENT);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "add", "/ui/employer");
            return render(me, LocalDate.now(), model);
        }
        flash.addFlashAttribute("notice", "reg.notice.added");
        return "redirect:/ui/employer";
    }

    @PostMapping("/employees/{personId}/end")
    String remove(@AuthenticationPrincipal LiangxianUser me, @PathVariable long personId,
            @RequestParam(required = false) String lastDay, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String date, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        persons.requireVisible(me, personId);
        LocalDate on = LocalDate.now();
        try {
            on = PageSupport.dateOr(date, on);
            enrollments.endEmployee(me, personId, me.employerUscc(), PageSupport.date(lastDay), reason);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "end-" + personId, "/ui/employer?date=" + on);
            return render(me, on, model);
        }
        flash.addFlashAttribute("notice", "reg.notice.removed");
        return "redirect:/ui/employer";
    }

    @GetMapping("/persons/{id}")
    String person(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, Model model) {
        PersonDirectory.MaskedPerson p = persons.masked(me, id);
        Enrollments.Timeline timeline = enrollments.timeline(me, id);
        model.addAttribute("person", p);
        model.addAttribute("certType", PageSupport.text(CertType.valueOf(p.certType())));
        model.addAttribute("periods", timeline.periods());
        return PERSON;
    }

    private String render(LiangxianUser me, LocalDate on, Model model) {
        model.addAttribute("date", on);
        model.addAttribute("certTypes", PageSupport.certTypes());
        Optional<String> region = employers.regionOf(me.employerUscc());
        if (region.isEmpty()) {
            model.addAttribute("employer", null);
            model.addAttribute("roster", List.of());
            return VIEW;
        }
        EmployerRegistry.Employer e = employers.visible(me, region.get(), me.employerUscc());
        model.addAttribute("employer", e);
        model.addAttribute("history", PageSupport.history(e));
        model.addAttribute("regionName", pages.regionName(e.regionCode()));
        model.addAttribute("type", PageSupport.text(e.type()));
        model.addAttribute("statusToday", employers.statusOn(e.regionCode(), e.uscc(), LocalDate.now())
                .map(PageSupport::text).orElse("—"));
        model.addAttribute("roster", enrollments.roster(me, e.uscc(), on));
        return VIEW;
    }
}
