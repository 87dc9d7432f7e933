package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;

/**
 * "My coverage" for the insured person, phone first: whether she is covered today in 310 and 510 and as
 * what, whether she is covered for maternity today and why, and her coverage history newest first.
 */
@Controller
class InsuredPortalController {

    static final String VIEW = "portal/me";

    private final PersonDirectory persons;
    private final Enrollments enrollments;
    private final EmployerRegistry employers;

    InsuredPortalController(PersonDirectory persons, Enrollments enrollments, EmployerRegistry employers) {
        this.persons = persons;
        this.enrollments = enrollments;
        this.employers = employers;
    }

    /**
     * One entry of her history: coverage periods that share their basis, employer and dates (310 and 510 of
     * one employment) shown together, or a spouse registration.
     */
    record Entry(List<String> kinds, String basis, String employer, LocalDate start, LocalDate end, String endReason,
            boolean current) {
    }

    @GetMapping("/ui/me")
    String me(@AuthenticationPrincipal LiangxianUser me, Model model) {
        long id = me.personId();
        LocalDate today = LocalDate.now();
        PersonDirectory.MaskedPerson person = persons.masked(me, id);
        Enrollments.Timeline timeline = enrollments.timeline(me, id);
        Enrollments.MaternityCoverage coverage = enrollments.maternityCoverageOn(me, id, today);
        Map<String, String> names = employers.names(person.regionCode(), Stream.concat(
                timeline.periods().stream().map(Enrollments.Period::employerUscc), Stream.of(coverage.employerUscc()))
                .filter(Objects::nonNull).toList());

        Optional<Enrollments.Period> medical = on(timeline.periods(), Enrollments.MEDICAL, today);
        Optional<Enrollments.Period> maternity = on(timeline.periods(), Enrollments.MATERNITY, today);
        Map<List<Object>, List<Enrollments.Period>> together = new java.util.LinkedHashMap<>();
        for (Enrollments.Period p : timeline.periods()) {
            together.computeIfAbsent(java.util.Arrays.asList(p.basis(), p.employerUscc(), p.startDate(), p.endDate(),
                    p.endReason()), k -> new java.util.ArrayList<>()).add(p);
        }
        List<Entry> history = Stream.concat(
                together.values().stream().map(ps -> {
                    Enrollments.Period p = ps.get(0);
                    return new Entry(ps.stream().map(Enrollments.Period::insuranceType).sorted().toList(), p.basis(),
                            p.employerUscc() == null ? null : names.getOrDefault(p.employerUscc(), p.employerUscc()),
                            p.startDate(), p.endDate(), p.endReason(), covers(p.startDate(), p.endDate(), today));
                }),
                timeline.spouseRegistrations().stream().filter(s -> s.wifeId() == id)
                        .map(s -> new Entry(List.of("spouse"), "SPOUSE", null, s.startDate(), s.endDate(), null,
                                covers(s.startDate(), s.endDate(), today))))
                .sorted(Comparator.comparing(Entry::start).reversed()).toList();

        model.addAttribute("person", person);
        model.addAttribute("today", today);
        model.addAttribute("medical", medical.orElse(null));
        model.addAttribute("maternity", maternity.orElse(null));
        model.addAttribute("employerName", medical.or(() -> maternity).map(Enrollments.Period::employerUscc)
                .map(u -> names.getOrDefault(u, u)).orElse(null));
        model.addAttribute("coverage", coverage);
        model.addAttribute("reasons", coverage.reasons().stream()
                .map(r -> new AgencyPersonController.ReasonLine(PageSupport.side(r.rule()), PageSupport.side(r.value()),
                        r.reference(), r.confidence()))
                .toList());
        model.addAttribute("history", history);
        return VIEW;
    }

    private static Optional<Enrollments.Period> on(List<Enrollments.Period> periods, String type, LocalDate d) {
        return periods.stream().filter(p -> p.insuranceType().equals(type) && covers(p.startDate(), p.endDate(), d))
                .findFirst();
    }

    private static boolean covers(LocalDate start, LocalDate end, LocalDate d) {
        return !start.isAfter(d) && (end == null || !end.isBefore(d));
    }
}
