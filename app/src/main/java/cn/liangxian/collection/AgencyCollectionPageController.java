package cn.liangxian.collection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agency's collection pages (统一征缴) for clerks, finance and supervisors of their regions: wage-base
 * declarations (list and upload on an employer's behalf), assessment runs (start, progress, history with the
 * versions each wrote), the tax bureau hand-off (export of a finished run, import of the payment file with its
 * counts), the exception queue with its actions, arrears with late fees, and the collection rate by period with a
 * chart. A refused form is shown next to the form in both languages and writes nothing; another region answers 404.
 */
@Controller
@RequestMapping("/ui/agency/collection")
class AgencyCollectionPageController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How often the run page reloads itself while the run is working, in seconds. */
    static final int REFRESH_SECONDS = 2;

    private final WageBases wageBases;
    private final AssessmentJob job;
    private final Bills bills;
    private final TaxExchange tax;
    private final CollectionPages pages;
    private final MessageSource messages;
    private final RateSimulator simulator;

    AgencyCollectionPageController(WageBases wageBases, AssessmentJob job, Bills bills, TaxExchange tax,
            CollectionPages pages, MessageSource messages, RateSimulator simulator) {
        this.simulator = simulator;
        this.wageBases = wageBases;
        this.job = job;
        this.bills = bills;
        this.tax = tax;
        this.pages = pages;
        this.messages = messages;
    }

    @GetMapping
    String home(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region) {
        return "redirect:" + path("/runs", pages.region(me, region));
    }

    // ------------------------------------------------------------------ declarations

    @GetMapping("/declarations")
    String declarations(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String year, Model model, HttpServletResponse response) {
        String r = pages.region(me, region);
        renderDeclarations(me, r, year, model, response);
        return "collection/declarations";
    }

    @PostMapping("/declarations")
    String upload(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String uscc, @RequestParam(required = false) String year,
            @RequestParam(name = "file", required = false) MultipartFile file, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        String r = pages.region(me, region);
        try {
            WageBases.Declaration d = wageBases.upload(me, uscc == null ? null : uscc.strip().toUpperCase(Locale.ROOT),
                    year(year), file == null || file.isEmpty() ? null : file.getOriginalFilename(), bytes(file));
            flash.addFlashAttribute("notice", "cp.decl.notice");
            flash.addFlashAttribute("noticeArgs", new Object[] { d.id(), d.lines(), d.employerUscc() });
            return "redirect:" + path("/declarations/" + d.regionCode() + "/" + d.id(), d.regionCode());
        } catch (ApiException e) {
            pages.refuse(model, response, e, "upload");
            model.addAttribute("formUscc", uscc);
            model.addAttribute("formYear", year);
            int status = response.getStatus();
            renderDeclarations(me, r, null, model, response);
            response.setStatus(status);
            return "collection/declarations";
        }
    }

    @GetMapping("/declarations/{region}/{id}")
    String declaration(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long id,
            Model model) {
        base(me, region, model);
        model.addAttribute("declaration", wageBases.declaration(me, region, id));
        return "collection/declaration";
    }

    private void renderDeclarations(LiangxianUser me, String r, String year, Model model,
            HttpServletResponse response) {
        base(me, r, model);
        Integer y = null;
        try {
            y = year == null || year.isBlank() ? null : year(year);
        } catch (ApiException e) {
            if (model.getAttribute("error") == null) {
                pages.refuse(model, response, e, "filter");
            }
        }
        model.addAttribute("year", y);
        model.addAttribute("defaultYear", y == null ? CollectionSupport.today().getYear() : y);
        model.addAttribute("declarations", wageBases.regionDeclarations(me, r, y, 200));
    }

    // ------------------------------------------------------------------ runs

    @GetMapping("/runs")
    String runs(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region, Model model) {
        String r = pages.region(me, region);
        renderRuns(me, r, model);
        return "collection/runs";
    }

    @PostMapping("/runs")
    String startRun(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String period, Model model, HttpServletResponse response) {
        String r = pages.region(me, region);
        try {
            AssessmentJob.Run run = job.startInBackground(me, r, period);
            return "redirect:" + path("/runs/" + run.regionCode() + "/" + run.id(), run.regionCode());
        } catch (ApiException e) {
            pages.refuse(model, response, e, "start");
            model.addAttribute("formPeriod", period);
            int status = response.getStatus();
            renderRuns(me, r, model);
            response.setStatus(status);
            return "collection/runs";
        }
    }

    @GetMapping("/runs/{region}/{id}")
    String run(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long id,
            Model model, HttpServletResponse response) {
        AssessmentJob.Run run = job.run(me, region, id);
        base(me, region, model);
        model.addAttribute("run", run);
        model.addAttribute("periodShown", EmployerCollectionPageController.shown(run.period()));
        model.addAttribute("versions", job.versions(me, region, id));
        boolean working = "RUNNING".equals(run.status());
        model.addAttribute("working", working);
        if (working) {
            response.setHeader("Refresh", String.valueOf(REFRESH_SECONDS));
        }
        return "collection/run";
    }

    @GetMapping("/runs/{region}/{id}/export.{format:csv|xlsx}")
    void export(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long id,
            @PathVariable String format, HttpServletResponse response) throws IOException {
        tax.checkExport(me, region, id);
        boolean excel = "xlsx".equals(format);
        String name = "assessment-" + region + "-" + id + "." + format;
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString());
        response.setContentType(excel ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv;charset=UTF-8");
        tax.export(me, region, id, excel, response.getOutputStream());
        response.flushBuffer();
    }

    private void renderRuns(LiangxianUser me, String r, Model model) {
        base(me, r, model);
        model.addAttribute("runs", job.runs(me, r, 100));
        model.addAttribute("defaultPeriod", YearMonth.now(CollectionSupport.ZONE).toString());
    }

    // ------------------------------------------------------------------ tax hand-off

    @GetMapping("/tax")
    String taxPage(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) Long file, Model model) {
        String r = pages.region(me, region);
        renderTax(me, r, file, model);
        return "collection/tax";
    }

    @PostMapping("/payments")
    String importPayments(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(name = "file", required = false) MultipartFile file, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        String r = pages.region(me, region);
        try {
            TaxExchange.ImportResult result = tax.importPayments(me, r,
                    file == null || file.isEmpty() ? null : file.getOriginalFilename(), bytes(file));
            flash.addFlashAttribute("notice", result.replayed() ? "cp.tax.notice.replayed" : "cp.tax.notice.imported");
            flash.addFlashAttribute("noticeArgs", new Object[] { result.fileId(), result.lines() });
            return "redirect:" + UriComponentsBuilder.fromPath("/ui/agency/collection/tax").queryParam("region", r)
                    .queryParam("file", result.fileId()).build().toUriString();
        } catch (ApiException e) {
            pages.refuse(model, response, e, "import");
            int status = response.getStatus();
            renderTax(me, r, null, model);
            response.setStatus(status);
            return "collection/tax";
        }
    }

    private void renderTax(LiangxianUser me, String r, Long file, Model model) {
        base(me, r, model);
        model.addAttribute("doneRuns", job.runs(me, r, 100).stream().filter(AssessmentJob.Run::finished).limit(12)
                .toList());
        List<TaxExchange.ImportResult> files = tax.files(me, r, 50);
        model.addAttribute("files", files);
        model.addAttribute("shownFile", file == null ? null : files.stream().filter(f -> f.fileId() == file)
                .findFirst().orElseThrow(Assessments::notFound));
    }

    // ------------------------------------------------------------------ exceptions

    @GetMapping("/exceptions")
    String exceptions(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            Model model) {
        String r = pages.region(me, region);
        renderExceptions(me, r, model);
        return "collection/exceptions";
    }

    @PostMapping("/exceptions/{region}/{fileId}/{lineNo}/acknowledge")
    String acknowledge(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable long fileId, @PathVariable int lineNo, @RequestParam(required = false) String note,
            Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            requireNote(note);
            tax.acknowledge(me, region, fileId, lineNo, note);
            flash.addFlashAttribute("notice", "cp.exc.notice.acknowledged");
            flash.addFlashAttribute("noticeArgs", new Object[] { fileId + "/" + lineNo });
            return "redirect:" + path("/exceptions", region);
        } catch (ApiException e) {
            return exceptionRefused(me, region, fileId, lineNo, e, model, response);
        }
    }

    @PostMapping("/exceptions/{region}/{fileId}/{lineNo}/assign")
    String assign(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable long fileId,
            @PathVariable int lineNo, @RequestParam(required = false) String period,
            @RequestParam(required = false) String payer, @RequestParam(required = false) String note, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        try {
            requireNote(note);
            TaxExchange.PaymentLine l = tax.assign(me, region, fileId, lineNo, period, payer, note);
            flash.addFlashAttribute("notice", "cp.exc.notice.assigned");
            flash.addFlashAttribute("noticeArgs", new Object[] { fileId + "/" + lineNo, l.payer(), l.applied() });
            return "redirect:" + path("/exceptions", region);
        } catch (ApiException e) {
            return exceptionRefused(me, region, fileId, lineNo, e, model, response);
        }
    }

    private String exceptionRefused(LiangxianUser me, String region, long fileId, int lineNo, ApiException e,
            Model model, HttpServletResponse response) {
        if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
            throw e;
        }
        pages.refuse(model, response, e, "line-" + fileId + "-" + lineNo);
        int status = response.getStatus();
        renderExceptions(me, region, model);
        response.setStatus(status);
        return "collection/exceptions";
    }

    private void renderExceptions(LiangxianUser me, String r, Model model) {
        base(me, r, model);
        model.addAttribute("lines", tax.exceptions(me, r));
    }

    // ------------------------------------------------------------------ arrears and rates

    @GetMapping("/arrears")
    String arrears(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            Model model) {
        String r = pages.region(me, region);
        base(me, r, model);
        LocalDate on = asOf == null ? CollectionSupport.today() : asOf;
        List<Bills.Bill> list = bills.arrears(me, r, on, 1000);
        model.addAttribute("asOf", on);
        model.addAttribute("arrears", list);
        model.addAttribute("outstanding", list.stream().map(Bills.Bill::outstanding).reduce(BigDecimal.ZERO,
                BigDecimal::add));
        model.addAttribute("lateFees", list.stream().map(Bills.Bill::lateFee).reduce(BigDecimal.ZERO, BigDecimal::add));
        return "collection/arrears";
    }

    @GetMapping("/rates")
    String rates(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            Model model, HttpServletResponse response) {
        String r = pages.region(me, region);
        base(me, r, model);
        LocalDate on = asOf == null ? CollectionSupport.today() : asOf;
        YearMonth now = YearMonth.now(CollectionSupport.ZONE);
        String f = from == null || from.isBlank() ? now.minusMonths(11).toString() : from.strip();
        String t = to == null || to.isBlank() ? now.toString() : to.strip();
        model.addAttribute("from", f);
        model.addAttribute("to", t);
        model.addAttribute("asOf", on);
        try {
            List<Bills.Rate> rates = bills.rates(me, r, f, t, on);
            model.addAttribute("rates", rates);
            model.addAttribute("chartData", chartData(rates));
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            pages.refuse(model, response, e, "rates");
        }
        return "collection/rates";
    }

    /**
     * The rate-adjustment simulator (费率确定与动态调整机制): for a proposed merged employer rate, the income on a period's
     * assessed bases and what a year of it does to the fund's months of payment. Computes only; nothing is written.
     */
    @GetMapping("/simulator")
    String simulator(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String period, @RequestParam(required = false) String rate,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            Model model, HttpServletResponse response) {
        String r = pages.region(me, region);
        base(me, r, model);
        LocalDate on = asOf == null ? CollectionSupport.today() : asOf;
        String p = period == null || period.isBlank() ? YearMonth.now(CollectionSupport.ZONE).minusMonths(1).toString()
                : period.strip();
        model.addAttribute("period", p);
        model.addAttribute("rate", rate == null ? "" : rate.strip());
        model.addAttribute("asOf", on);
        if (rate == null || rate.isBlank()) {
            return "collection/simulator";
        }
        try {
            BigDecimal proposed;
            try {
                proposed = new BigDecimal(rate.strip());
            } catch (NumberFormatException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_RATE", rate.strip());
            }
            model.addAttribute("simulation", simulator.simulate(me, r, p, proposed, on));
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            pages.refuse(model, response, e, "simulator");
        }
        return "collection/simulator";
    }

    /** The chart's data as JSON for the page's script (no inline script: CSP allows only the site's own files). */
    private String chartData(List<Bills.Rate> rates) {
        Locale l = LocaleContextHolder.getLocale();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("periods", rates.stream().map(x -> EmployerCollectionPageController.shown(x.period())).toList());
        data.put("due", rates.stream().map(Bills.Rate::due).toList());
        data.put("paid", rates.stream().map(Bills.Rate::paid).toList());
        data.put("rate", rates.stream().map(x -> x.rate().movePointRight(2).setScale(2, java.math.RoundingMode.HALF_UP))
                .toList());
        data.put("labels", Map.of("due", m("cp.rates.due", l), "paid", m("cp.rates.paid", l), "rate",
                m("cp.rates.rate", l), "yuan", m("cp.rates.unitYuan", l), "percent", "%"));
        return JSON.writeValueAsString(data);
    }

    // ------------------------------------------------------------------ helpers

    private void base(LiangxianUser me, String region, Model model) {
        model.addAttribute("region", region);
        model.addAttribute("regionName", pages.regionName(region));
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("mayRun", CollectionSupport.CLERKS.contains(me.role()));
        model.addAttribute("mayPay", CollectionSupport.PAYMENTS.contains(me.role()));
    }

    private String m(String key, Locale l) {
        return messages.getMessage(key, null, key, l);
    }

    private static String path(String sub, String region) {
        return UriComponentsBuilder.fromPath("/ui/agency/collection" + sub).queryParam("region", region).build()
                .toUriString();
    }

    /** A resolution of a payment line says why (the clerk's note is kept with it). */
    private static void requireNote(String note) {
        if (note == null || note.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_NOTE_REQUIRED");
        }
    }

    private static Integer year(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_YEAR", "");
        }
        try {
            return CollectionSupport.year(Integer.valueOf(text.strip()));
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_YEAR", text.strip());
        }
    }

    private static byte[] bytes(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_FILE_EMPTY");
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
