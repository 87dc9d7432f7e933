package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

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
 * The agency clerk's registry pages for people: the registry home, the search (full certificate number or
 * exact name within one of her regions), registering a person, and the person page with her coverage
 * timeline, the as-of maternity coverage and the enrollment actions (enroll, end, transfer, flexible worker,
 * spouse). Everything shown is masked; the services check that the person is in the clerk's regions.
 */
@Controller
@RequestMapping("/ui/agency")
class AgencyPersonController {

    static final String HOME = "registry/home";
    static final String SEARCH = "registry/search";
    static final String NEW_PERSON = "registry/person-new";
    static final String PERSON = "registry/person";

    private final PersonDirectory persons;
    private final EmployerRegistry employers;
    private final Enrollments enrollments;
    private final PageSupport pages;

    AgencyPersonController(PersonDirectory persons, EmployerRegistry employers, Enrollments enrollments,
            PageSupport pages) {
        this.persons = persons;
        this.employers = employers;
        this.enrollments = enrollments;
        this.pages = pages;
    }

    @GetMapping("/registry")
    String home(@AuthenticationPrincipal LiangxianUser me, Model model) {
        model.addAttribute("regions", pages.regions(me));
        return HOME;
    }

    // ------------------------------------------------------------------ search and registration

    @GetMapping("/persons")
    String searchForm(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            Model model) {
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("region", PageSupport.region(me, region));
        model.addAttribute("q", "");
        return SEARCH;
    }

    /**
     * The search is posted, so a certificate number never appears in a URL (browser history, access logs,
     * referrers); the answer lists people masked.
     */
    @PostMapping("/persons/search")
    String search(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String q, Model model, HttpServletResponse response) {
        String r = PageSupport.region(me, region);
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("region", r);
        model.addAttribute("q", q == null ? "" : q.strip());
        try {
            model.addAttribute("results", persons.search(me, r, q));
        } catch (ApiException e) {
            pages.refuse(model, response, e, "search", "/ui/agency/persons?region=" + r);
        }
        return SEARCH;
    }

    @GetMapping("/persons/new")
    String newPerson(@AuthenticationPrincipal LiangxianUser me, Model model) {
        newPersonModel(me, model);
        return NEW_PERSON;
    }

    @PostMapping("/persons")
    String register(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String certType, @RequestParam(required = false) String certNumber,
            @RequestParam(required = false) String name, @RequestParam(required = false) String sex,
            @RequestParam(required = false) String phone, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        try {
            long id = persons.register(me, new PersonDirectory.NewPerson(PageSupport.region(me, region),
                    PageSupport.certType(certType), certNumber, name, sex, null, phone), LocalDate.now());
            flash.addFlashAttribute("notice", "reg.notice.registered");
            return "redirect:/ui/agency/persons/" + id;
        } catch (ApiException e) {
            pages.refuse(model, response, e, "register", "/ui/agency/persons/new");
            if ("DUPLICATE_PERSON".equals(e.code()) && e.args().length > 0) {
                model.addAttribute("duplicateId", e.args()[0]);
            }
            newPersonModel(me, model);
            return NEW_PERSON;
        }
    }

    private void newPersonModel(LiangxianUser me, Model model) {
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("certTypes", PageSupport.certTypes());
    }

    // ------------------------------------------------------------------ the person page

    /** A line of why she is, or is not, maternity-covered, in the page's language. */
    record ReasonLine(String rule, String value, String reference, String confidence) {
    }

    @GetMapping("/persons/{id}")
    String person(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String asOf, Model model, HttpServletResponse response) {
        LocalDate date = LocalDate.now();
        try {
            date = PageSupport.dateOr(asOf, date);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "asof");
        }
        return render(me, id, date, model);
    }

    @PostMapping("/persons/{id}/enroll")
    String enroll(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String uscc, @RequestParam(required = false) String startDate,
            Model model, HttpServletResponse response, RedirectAttributes flash) {
        return act(me, id, "enroll", "reg.notice.enrolled", model, response, flash,
                () -> enrollments.enrollEmployee(me, Enrollments.Enrollee.of(id), PageSupport.uscc(uscc),
                        PageSupport.date(startDate), null, Enrollments.Source.ENROLLMENT));
    }

    @PostMapping("/persons/{id}/end")
    String end(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String endUscc, @RequestParam(required = false) String lastDay,
            @RequestParam(required = false) String endReason, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        return act(me, id, "end", "reg.notice.ended", model, response, flash,
                () -> enrollments.endEmployee(me, id, endUscc, PageSupport.date(lastDay), endReason));
    }

    @PostMapping("/persons/{id}/transfer")
    String transfer(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String toUscc, @RequestParam(required = false) String transferDate,
            @RequestParam(required = false) String transferReason, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        return act(me, id, "transfer", "reg.notice.transferred", model, response, flash,
                () -> enrollments.transfer(me, id, PageSupport.uscc(toUscc),
                        PageSupport.date(transferDate), transferReason));
    }

    @PostMapping("/persons/{id}/flexible")
    String flexible(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String flexStart, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        return act(me, id, "flexible", "reg.notice.flexible", model, response, flash,
                () -> enrollments.enrollFlexible(me, id, PageSupport.date(flexStart)));
    }

    @PostMapping("/persons/{id}/flexible/end")
    String endFlexible(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String flexLastDay, @RequestParam(required = false) String flexReason,
            Model model, HttpServletResponse response, RedirectAttributes flash) {
        return act(me, id, "flexible-end", "reg.notice.flexibleEnded", model, response, flash,
                () -> enrollments.endFlexible(me, id, PageSupport.date(flexLastDay), flexReason));
    }

    @PostMapping("/persons/{id}/spouse")
    String spouse(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String husbandId, @RequestParam(required = false) String spouseStart,
            Model model, HttpServletResponse response, RedirectAttributes flash) {
        return act(me, id, "spouse", "reg.notice.spouse", model, response, flash,
                () -> enrollments.registerSpouse(me, id, PageSupport.personId(husbandId), PageSupport.date(spouseStart)));
    }

    /** Runs an action: on success back to the person page with a notice; refused, the page again with the form's input. */
    private String act(LiangxianUser me, long id, String form, String notice, Model model,
            HttpServletResponse response, RedirectAttributes flash, Runnable action) {
        persons.requireVisible(me, id);
        try {
            action.run();
        } catch (ApiException e) {
            pages.refuse(model, response, e, form, "/ui/agency/persons/" + id);
            return render(me, id, LocalDate.now(), model);
        }
        flash.addFlashAttribute("notice", notice);
        return "redirect:/ui/agency/persons/" + id;
    }

    private String render(LiangxianUser me, long id, LocalDate asOf, Model model) {
        PersonDirectory.MaskedPerson person = persons.masked(me, id);
        Enrollments.Timeline timeline = enrollments.timeline(me, id);
        Enrollments.MaternityCoverage coverage = enrollments.maternityCoverageOn(me, id, asOf);
        String region = person.regionCode();
        Map<String, String> names = employers.names(region, Stream.concat(
                timeline.periods().stream().map(Enrollments.Period::employerUscc),
                Stream.of(coverage.employerUscc())).filter(Objects::nonNull).toList());
        List<Enrollments.SpouseRegistration> asWife = timeline.spouseRegistrations().stream()
                .filter(s -> s.wifeId() == id).toList();
        Map<String, String> open = new LinkedHashMap<>();
        timeline.periods().stream().filter(p -> p.endDate() == null && "EMPLOYEE".equals(p.basis()))
                .forEach(p -> open.put(p.employerUscc(), p.employerUscc() + " " + names.getOrDefault(p.employerUscc(), "")));

        model.addAttribute("person", person);
        model.addAttribute("certType", PageSupport.text(CertType.valueOf(person.certType())));
        model.addAttribute("regionName", pages.regionName(region));
        model.addAttribute("timeline", timeline);
        model.addAttribute("names", names);
        model.addAttribute("chart", TimelineChart.of(timeline.periods(), asWife, LocalDate.now(), asOf, names));
        model.addAttribute("asOf", asOf);
        model.addAttribute("coverage", coverage);
        model.addAttribute("reasons", coverage.reasons().stream().map(r -> new ReasonLine(PageSupport.side(r.rule()),
                PageSupport.side(r.value()), r.reference(), r.confidence())).toList());
        model.addAttribute("openEmployers", open.entrySet().stream()
                .map(e -> new PageSupport.Option(e.getKey(), e.getValue())).toList());
        model.addAttribute("openFlexible", timeline.periods().stream()
                .anyMatch(p -> p.endDate() == null && "FLEXIBLE".equals(p.basis())));
        // her own employers as suggestions for the employer fields (a region's whole list would be too long)
        model.addAttribute("knownEmployers", names.entrySet().stream()
                .map(e -> new PageSupport.Option(e.getKey(), e.getValue())).toList());
        return PERSON;
    }
}
