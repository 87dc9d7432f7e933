package cn.liangxian.benefit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * The allowance pages: the employer files claims and follows them ({@code /ui/employer/claims}: list, status, notice
 * PDF, Excel export); the agency works its queues, one case per claim with the explanation, evidence and history, and
 * the payment batches with the bank's return file ({@code /ui/agency/claims}); the insured woman follows her claim as
 * a timeline ({@code /ui/me/allowance}, and the fragment {@code benefit/timeline :: timeline} for her home page).
 * Each of the three downloads the claim's evidence files from its own portal, the claim's access rules applying.
 */
@Controller
class ClaimPagesController {

    /** A choice in a select. */
    record Option(String value, String label) {
    }

    private final AllowanceClaims claims;
    private final AllowancePayments payments;
    private final ClaimDocuments documents;
    private final Enrollments enrollments;
    private final cn.liangxian.web.RefusalPage refusals;

    ClaimPagesController(AllowanceClaims claims, AllowancePayments payments, ClaimDocuments documents,
            Enrollments enrollments, cn.liangxian.web.RefusalPage refusals) {
        this.refusals = refusals;
        this.claims = claims;
        this.payments = payments;
        this.documents = documents;
        this.enrollments = enrollments;
    }

    static boolean zh() {
        return !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
    }

    String message(ApiException e) {
        return refusals.message(e);
    }

    static List<Option> categories() {
        return Arrays.stream(MaternityCategory.values()).filter(c -> c != MaternityCategory.PRENATAL_CARE)
                .map(c -> new Option(c.name(), zh() ? c.zh() : c.en())).toList();
    }

    static List<Option> statuses() {
        return Arrays.stream(AllowanceClaims.Status.values())
                .map(s -> new Option(s.name(), zh() ? s.zh() : s.en())).toList();
    }

    // ------------------------------------------------------------------ employer

    @GetMapping("/ui/employer/claims")
    String employer(@AuthenticationPrincipal LiangxianUser me, Model model) {
        return employerPage(me, model);
    }

    private String employerPage(LiangxianUser me, Model model) {
        requireRole(me, Role.EMPLOYER_HR);
        model.addAttribute("zh", zh());
        model.addAttribute("claims", claims.list(me, null, null, null, null));
        model.addAttribute("roster", enrollments.roster(me, me.employerUscc(), LocalDate.now()).stream()
                .filter(r -> !"M".equals(r.sex())).toList());
        model.addAttribute("categories", categories());
        return "benefit/employer-claims";
    }

    @PostMapping("/ui/employer/claims")
    String file(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String personId,
            @RequestParam(required = false) String eventDate, @RequestParam(required = false) String category,
            @RequestParam(required = false) String fetusCount, @RequestParam(required = false) String settlementId,
            @RequestParam(required = false) String evidence, @RequestParam(required = false) String certificateNo,
            @RequestParam(required = false) String payeeAccount,
            @RequestParam(name = "evidenceFiles", required = false) List<MultipartFile> evidenceFiles,
            Model model, jakarta.servlet.http.HttpServletResponse response, RedirectAttributes flash) {
        requireRole(me, Role.EMPLOYER_HR);
        AllowanceClaims.Claim c;
        try {
            c = claims.file(me, new AllowanceClaims.Filing(number(personId, "ALLOWANCE_PERSON_REQUIRED"),
                    settlementId == null || settlementId.isBlank() ? date(eventDate) : null, category,
                    fetusCount == null || fetusCount.isBlank() ? 1 : number(fetusCount, "ALLOWANCE_INVALID_FETUS_COUNT")
                            .intValue(),
                    settlementId, evidence, certificateNo, payeeAccount),
                    AllowanceClaimController.uploads(evidenceFiles));
        } catch (ApiException e) {
            model.addAttribute("error", message(e));
            model.addAttribute("errorCode", e.code());
            response.setStatus(e.status().value());
            return employerPage(me, model);
        }
        flash.addFlashAttribute("filed", c.id());
        return "redirect:/ui/employer/claims";
    }

    @GetMapping(path = { "/ui/employer/claims/{id}/notice.pdf", "/ui/agency/claims/{id}/notice.pdf", "/ui/me/allowance/{id}/notice.pdf" })
    ResponseEntity<byte[]> employerNotice(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return AllowanceClaimController.pdf(documents.notice(claims.visible(me, id), payments.linesOfClaim(id)), "allowance-notice-" + id + ".pdf");
    }

    @GetMapping(path = { "/ui/employer/claims/{id}/evidence/{evidenceId}", "/ui/agency/claims/{id}/evidence/{evidenceId}",
            "/ui/me/allowance/{id}/evidence/{evidenceId}" })
    ResponseEntity<byte[]> evidenceFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @PathVariable long evidenceId) {
        return AllowanceClaimController.download(claims.evidenceFile(me, id, evidenceId));
    }

    @GetMapping(path = "/ui/employer/claims.xlsx")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal LiangxianUser me) {
        requireRole(me, Role.EMPLOYER_HR);
        byte[] body = documents.excel(claims.list(me, null, null, null, null), zh());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"allowance-claims.xlsx\"").body(body);
    }

    // ------------------------------------------------------------------ agency

    @GetMapping("/ui/agency/claims")
    String queue(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String status, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model) {
        requireAgency(me);
        String r = region == null || region.isBlank() ? me.regions().stream().sorted().findFirst().orElse(null) : region;
        model.addAttribute("zh", zh());
        model.addAttribute("region", r);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("statuses", statuses());
        model.addAttribute("claims", claims.list(me, r, status, optionalDate(from), optionalDate(to)));
        List<AllowancePayments.Batch> batches = r == null ? List.of() : payments.batches(me, r);
        model.addAttribute("batches", batches);
        // a line's name is the bank's (hers in full where she is paid directly): the page shows the claim's, masked
        model.addAttribute("payeeShown", claims.payeeNamesShown(batches.stream().flatMap(b -> b.lines().stream())
                .map(AllowancePayments.Line::claimId).distinct().toList()));
        model.addAttribute("canPay", AllowancePayments.PAYERS.contains(me.role()));
        return "benefit/agency-claims";
    }

    @GetMapping("/ui/agency/claims/{id}")
    String caseView(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, Model model) {
        requireAgency(me);
        model.addAttribute("zh", zh());
        AllowanceClaims.Case c = claims.caseOf(me, id, payments.linesOfClaim(id));
        AllowanceClaims.Status st = c.claim().status();
        boolean canReview = AllowanceClaims.REVIEWERS.contains(me.role());
        boolean canPay = AllowancePayments.PAYERS.contains(me.role());
        model.addAttribute("c", c);
        model.addAttribute("canReview", canReview);
        model.addAttribute("canPay", canPay);
        model.addAttribute("canAttach", me.role() == Role.AGENCY_CLERK && st == AllowanceClaims.Status.SUBMITTED);
        boolean withdrawn = claims.birthWithdrawn(c.claim());
        model.addAttribute("birthWithdrawn", withdrawn);
        model.addAttribute("canCancel", canPay && (st == AllowanceClaims.Status.PAYMENT_FAILED
                || st == AllowanceClaims.Status.APPROVED && withdrawn));
        model.addAttribute("hasActions", canReview && (st == AllowanceClaims.Status.SUBMITTED
                || st == AllowanceClaims.Status.PENDING_APPROVAL) || canPay && st == AllowanceClaims.Status.PAYMENT_FAILED
                || canPay && st == AllowanceClaims.Status.APPROVED && withdrawn);
        model.addAttribute("categoryText", text(MaternityCategory.valueOf(claims.visible(me, id).category())));
        return "benefit/agency-case";
    }

    @PostMapping("/ui/agency/claims/{id}/{action}")
    String act(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, @PathVariable String action,
            @RequestParam(required = false) String note, RedirectAttributes flash) {
        requireAgency(me);
        try {
            switch (action) {
                case "review" -> claims.review(me, id, note);
                case "approve" -> claims.approve(me, id, note);
                case "reject" -> claims.reject(me, id, note);
                case "retry" -> payments.retry(me, id, note);
                case "cancel" -> payments.cancel(me, id, note);
                default -> throw AllowanceClaims.notFound();
            }
            flash.addFlashAttribute("done", action);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            refusals.flash(flash, e);
        }
        return "redirect:/ui/agency/claims/" + id;
    }

    @PostMapping("/ui/agency/claims/{id}/evidence")
    String attach(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes flash) {
        requireAgency(me);
        try {
            claims.attachEvidence(me, id, file == null ? null : file.getOriginalFilename(),
                    AllowanceClaimController.bytes(file));
            flash.addFlashAttribute("done", "evidence");
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            refusals.flash(flash, e);
        }
        return "redirect:/ui/agency/claims/" + id;
    }

    @PostMapping("/ui/agency/claims/batches")
    String createBatch(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region, RedirectAttributes flash) {
        try {
            AllowancePayments.Batch b = payments.createBatch(me, region);
            flash.addFlashAttribute("batchCreated", b.batchNo());
        } catch (ApiException e) {
            refusals.flash(flash, e);
        }
        return "redirect:/ui/agency/claims?region=" + region;
    }

    @GetMapping(path = "/ui/agency/claims/batches/{id}/bank-file.csv")
    ResponseEntity<byte[]> bankFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"allowance-batch-" + id + ".csv\"")
                .body(payments.bankFile(me, id));
    }

    @PostMapping("/ui/agency/claims/returns")
    String importReturn(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes flash) {
        try {
            AllowancePayments.ReturnResult r = payments.importReturn(me, region,
                    file == null ? null : file.getOriginalFilename(), AllowanceClaimController.bytes(file));
            flash.addFlashAttribute("returned", r);
        } catch (ApiException e) {
            refusals.flash(flash, e);
        }
        return "redirect:/ui/agency/claims?region=" + region;
    }

    // ------------------------------------------------------------------ insured

    @GetMapping("/ui/me/allowance")
    String mine(@AuthenticationPrincipal LiangxianUser me, Model model) {
        requireRole(me, Role.INSURED);
        model.addAttribute("zh", zh());
        model.addAttribute("timelines", claims.timelineFor(me, me.personId()));
        return "benefit/me-allowance";
    }

    // ------------------------------------------------------------------ helpers

    private static String text(cn.liangxian.policy.Bilingual b) {
        return zh() ? b.zh() : b.en();
    }

    private static void requireRole(LiangxianUser me, Role role) {
        if (me.role() != role) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
    }

    private static void requireAgency(LiangxianUser me) {
        if (!AllowanceClaims.READERS.contains(me.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
    }

    private static LocalDate optionalDate(String text) {
        return text == null || text.isBlank() ? null : date(text);
    }

    private static Long number(String text, String code) {
        try {
            return Long.parseLong(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code);
        }
    }
}
