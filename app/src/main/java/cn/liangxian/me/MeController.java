package cn.liangxian.me;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.liangxian.collection.ContributionRecords;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;

/**
 * The insured person's timeline (/ui/me/timeline: coverage, contributions, maternity events, benefits — whatever
 * the {@link MeTimelineSource} beans give — newest first, phone first) and her 参保缴费及待遇证明 (/ui/me/notice.pdf).
 * Only the signed-in insured person, only about herself: the person comes from the session, never from the URL.
 */
@Controller
class MeController {

    private final List<MeTimelineSource> sources;
    private final PersonDirectory persons;
    private final Enrollments enrollments;
    private final ContributionRecords records;
    private final MeNotice notice;
    private final JdbcClient jdbc;

    MeController(List<MeTimelineSource> sources, PersonDirectory persons, Enrollments enrollments,
            ContributionRecords records, MeNotice notice, JdbcClient jdbc) {
        this.sources = sources;
        this.persons = persons;
        this.enrollments = enrollments;
        this.records = records;
        this.notice = notice;
        this.jdbc = jdbc;
    }

    @GetMapping("/ui/me/timeline")
    String timeline(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String kind,
            Model model) {
        long id = me.personId();
        LocalDate today = LocalDate.now();
        List<MeTimelineEntry> all = entries(me, id, today);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MeTimelineSource s : sources) {
            counts.putIfAbsent(s.kind(), 0L);
        }
        all.forEach(e -> counts.merge(e.kind(), 1L, Long::sum));
        String k = kind == null || kind.isBlank() || !counts.containsKey(kind) ? null : kind;
        model.addAttribute("person", persons.masked(me, id));
        model.addAttribute("today", today);
        model.addAttribute("coverage", enrollments.maternityCoverageOn(me, id, today));
        model.addAttribute("months", records.months(me, id, today));
        model.addAttribute("arrears", records.benefitStatus(me, id, today));
        model.addAttribute("counts", counts);
        model.addAttribute("kind", k);
        model.addAttribute("entries", k == null ? all : all.stream().filter(e -> e.kind().equals(k)).toList());
        model.addAttribute("zh", zh());
        return "me/timeline";
    }

    @GetMapping("/ui/me/notice.pdf")
    ResponseEntity<byte[]> noticePdf(@AuthenticationPrincipal LiangxianUser me) {
        long id = me.personId();
        LocalDate today = LocalDate.now();
        PersonDirectory.MaskedPerson p = persons.masked(me, id);
        String region = jdbc.sql("select name_zh from region where region_code = ?").param(p.regionCode())
                .query(String.class).optional().orElse(p.regionCode());
        byte[] pdf = notice.pdf(new MeNotice.Content(p, region, today, records.months(me, id, today),
                entries(me, id, today)));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("参保缴费及待遇证明-" + today + ".pdf", StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }

    /** Every source's entries, newest first (running periods before ended ones of the same day). */
    List<MeTimelineEntry> entries(LiangxianUser me, long personId, LocalDate today) {
        List<MeTimelineEntry> all = new ArrayList<>();
        for (MeTimelineSource s : sources) {
            all.addAll(s.entries(me, personId, today));
        }
        all.sort(Comparator.comparing(MeTimelineEntry::date).reversed()
                .thenComparing(MeTimelineEntry::current, Comparator.reverseOrder()));
        return all;
    }

    static boolean zh() {
        return !java.util.Locale.ENGLISH.getLanguage()
                .equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage());
    }
}
