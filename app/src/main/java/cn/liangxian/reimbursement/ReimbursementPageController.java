package cn.liangxian.reimbursement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
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

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The reimbursement pages of the three portals: the insured files and follows her own claims (phone first), the
 * employer's HR files for its employees and follows them, the agency reviews (catalog match per line, or a
 * rejection), sends to the approvers' queue and pays through bank batches ({@code /ui/agency/reimbursements/batches}:
 * a batch of the region's approved claims, its bank file, the bank's return file; a failed payment retried or
 * cancelled on the claim's page). A refusal of a form is shown on the form with what was typed.
 */
@Controller
class ReimbursementPageController {

    static final int FORM_LINES = 6;

    /** A choice in a select. */
    record Option(String value, String label) {
    }

    private final Reimbursements reimbursements;
    private final ReimbursementPayments payments;
    private final MessageSource messages;
    private final cn.liangxian.web.RefusalPage refusals;

    ReimbursementPageController(Reimbursements reimbursements, ReimbursementPayments payments,
            MessageSource messages, cn.liangxian.web.RefusalPage refusals) {
        this.refusals = refusals;
        this.reimbursements = reimbursements;
        this.payments = payments;
        this.messages = messages;
    }

    // ------------------------------------------------------------------ lists

    @GetMapping({ "/ui/me/reimbursements", "/ui/employer/reimbursements" })
    String mine(@AuthenticationPrincipal LiangxianUser me, HttpServletRequest request, Model model) {
        model.addAttribute("portal", portal(request));
        model.addAttribute("claims", reimbursements.list(me, null, null));
        return "reimbursement/list";
    }

    @GetMapping("/ui/agency/reimbursements")
    String queue(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String status, Model model) {
        String r = region == null || region.isBlank() ? me.regions().stream().sorted().findFirst().orElse("")
                : region.trim();
        Reimbursements.Status s = status == null || status.isBlank() ? null : ReimbursementController.status(status);
        model.addAttribute("portal", "agency");
        model.addAttribute("region", r);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("status", s == null ? "" : s.name());
        model.addAttribute("statuses", Reimbursements.Status.values());
        model.addAttribute("claims", reimbursements.list(me, r, s));
        model.addAttribute("canPay", Reimbursements.PAYERS.contains(me.role()));
        return "reimbursement/list";
    }

    // ------------------------------------------------------------------ filing

    @GetMapping({ "/ui/me/reimbursements/new", "/ui/employer/reimbursements/new" })
    String newForm(HttpServletRequest request, Model model) {
        form(portal(request), Map.of(), null, model);
        return "reimbursement/new";
    }

    @PostMapping({ "/ui/me/reimbursements", "/ui/employer/reimbursements" })
    String file(@AuthenticationPrincipal LiangxianUser me, HttpServletRequest request,
            @RequestParam Map<String, String> form,
            @RequestParam(name = "invoices", required = false) MultipartFile[] invoices,
            @RequestParam(name = "feeList", required = false) MultipartFile feeList, Model model,
            RedirectAttributes redirect) {
        String portal = portal(request);
        try {
            long personId = "me".equals(portal) ? me.personId()
                    : reimbursements.personByIdNumber(me, form.get("idNumber"), null);
            List<Reimbursements.FeeLine> lines = feeList != null && !feeList.isEmpty()
                    ? FeeLists.read(ReimbursementController.bytes(feeList))
                    : typedLines(form);
            List<Reimbursements.Upload> docs = new ArrayList<>();
            for (MultipartFile f : invoices == null ? new MultipartFile[0] : invoices) {
                if (f != null && !f.isEmpty()) {
                    docs.add(new Reimbursements.Upload(f.getOriginalFilename(), ReimbursementController.bytes(f)));
                }
            }
            Reimbursements.Reimbursement r = reimbursements.submit(me,
                    new Reimbursements.NewReimbursement(personId, form.get("category"), integer(form.get("fetusCount")),
                            date(form.get("serviceDate")), form.get("institutionName"), form.get("cashReason"),
                            form.get("bankName"), form.get("bankAccount"), lines),
                    docs, LocalDate.now());
            redirect.addFlashAttribute("notice", msg("rb.filed", r.number()));
            return "redirect:/ui/" + portal + "/reimbursements/" + r.number();
        } catch (ApiException e) {
            form(portal, form, message(e), model);
            model.addAttribute("errorCode", e.code());
            return "reimbursement/new";
        }
    }

    private void form(String portal, Map<String, String> form, String error, Model model) {
        model.addAttribute("portal", portal);
        model.addAttribute("form", form);
        model.addAttribute("error", error);
        model.addAttribute("formLines", java.util.stream.IntStream.rangeClosed(1, FORM_LINES).boxed().toList());
        model.addAttribute("categories", Arrays.stream(MaternityCategory.values())
                .map(c -> new Option(c.name(), zh() ? c.zh() : c.en())).toList());
        model.addAttribute("cashReasons", Arrays.stream(Reimbursements.CashReason.values())
                .map(c -> new Option(c.name(), msg("rb.cash." + c.name()))).toList());
    }

    private static List<Reimbursements.FeeLine> typedLines(Map<String, String> form) {
        List<Reimbursements.FeeLine> lines = new ArrayList<>();
        for (int i = 1; i <= FORM_LINES; i++) {
            String name = form.getOrDefault("name" + i, "").strip();
            String qty = form.getOrDefault("quantity" + i, "").strip();
            String amount = form.getOrDefault("amount" + i, "").strip();
            if (name.isEmpty() && qty.isEmpty() && amount.isEmpty()) {
                continue;
            }
            lines.add(new Reimbursements.FeeLine(form.getOrDefault("code" + i, ""), name, decimal(qty, i, "quantity"),
                    decimal(amount, i, "amount")));
        }
        return lines;
    }

    // ------------------------------------------------------------------ one claim

    @GetMapping({ "/ui/me/reimbursements/{number}", "/ui/employer/reimbursements/{number}",
            "/ui/agency/reimbursements/{number}" })
    String claim(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number, HttpServletRequest request,
            Model model) {
        detail(me, number, portal(request), model);
        return "reimbursement/detail";
    }

    private void detail(LiangxianUser me, String number, String portal, Model model) {
        Reimbursements.Reimbursement r = reimbursements.visible(me, number);
        model.addAttribute("portal", portal);
        model.addAttribute("r", r);
        model.addAttribute("canReview", "agency".equals(portal) && Reimbursements.REVIEWERS.contains(me.role())
                && r.status() == Reimbursements.Status.SUBMITTED);
        boolean payer = "agency".equals(portal) && Reimbursements.PAYERS.contains(me.role());
        model.addAttribute("canPay", payer && r.status() == Reimbursements.Status.APPROVED);
        model.addAttribute("canRetry", payer && r.status() == Reimbursements.Status.PAYMENT_FAILED);
    }

    @GetMapping({ "/ui/me/reimbursements/{number}/documents/{id}", "/ui/employer/reimbursements/{number}/documents/{id}",
            "/ui/agency/reimbursements/{number}/documents/{id}" })
    ResponseEntity<byte[]> document(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @PathVariable long id) {
        return ReimbursementController.file(reimbursements.document(me, number, id));
    }

    @PostMapping("/ui/agency/reimbursements/{number}/review")
    String review(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        try {
            Reimbursements.Reimbursement r = reimbursements.visible(me, number);
            List<Reimbursements.LineReview> decisions = new ArrayList<>();
            for (Reimbursements.Line l : r.lines()) {
                decisions.add(new Reimbursements.LineReview(l.lineNo(), form.get("code" + l.lineNo()),
                        form.get("reject" + l.lineNo())));
            }
            Reimbursements.Reimbursement done = reimbursements.review(me, number, decisions);
            redirect.addFlashAttribute("notice", msg("rb.reviewed." + done.status().name(), done.number()));
            return "redirect:/ui/agency/reimbursements/" + number;
        } catch (ApiException e) {
            return refused(me, number, e, "review", form, model);
        }
    }

    @PostMapping("/ui/agency/reimbursements/{number}/reject")
    String reject(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        try {
            reimbursements.reject(me, number, form.get("reason"));
            redirect.addFlashAttribute("notice", msg("rb.rejectedNotice", number));
            return "redirect:/ui/agency/reimbursements/" + number;
        } catch (ApiException e) {
            return refused(me, number, e, "reject", form, model);
        }
    }

    @PostMapping("/ui/agency/reimbursements/{number}/retry")
    String retry(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        try {
            payments.retry(me, number, form.get("note"));
            redirect.addFlashAttribute("notice", msg("rb.retriedNotice", number));
            return "redirect:/ui/agency/reimbursements/" + number;
        } catch (ApiException e) {
            return refused(me, number, e, "retry", form, model);
        }
    }

    @PostMapping("/ui/agency/reimbursements/{number}/cancel")
    String cancel(@AuthenticationPrincipal LiangxianUser me, @PathVariable String number,
            @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        try {
            payments.cancel(me, number, form.get("reason"), LocalDate.now());
            redirect.addFlashAttribute("notice", msg("rb.cancelledNotice", number));
            return "redirect:/ui/agency/reimbursements/" + number;
        } catch (ApiException e) {
            return refused(me, number, e, "cancel", form, model);
        }
    }

    // ------------------------------------------------------------------ payment batches

    @GetMapping("/ui/agency/reimbursements/batches")
    String batches(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            Model model) {
        String r = region == null || region.isBlank() ? me.regions().stream().sorted().findFirst().orElse("")
                : region.trim();
        List<ReimbursementPayments.Batch> batches = payments.batches(me, r);
        List<Reimbursements.Reimbursement> waiting = reimbursements.list(me, r, Reimbursements.Status.APPROVED)
                .stream().filter(c -> c.benefit().signum() > 0).toList();
        model.addAttribute("portal", "agency");
        model.addAttribute("region", r);
        model.addAttribute("regions", me.regions().stream().sorted().toList());
        model.addAttribute("batches", batches);
        model.addAttribute("waiting", waiting);
        model.addAttribute("waitingTotal", waiting.stream().map(Reimbursements.Reimbursement::benefit)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        model.addAttribute("failed", reimbursements.list(me, r, Reimbursements.Status.PAYMENT_FAILED));
        model.addAttribute("canPay", Reimbursements.PAYERS.contains(me.role()));
        model.addAttribute("returnHeader", cn.liangxian.payment.BankFiles.RETURN_HEADER);
        return "reimbursement/batches";
    }

    @PostMapping("/ui/agency/reimbursements/batches")
    String createBatch(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            RedirectAttributes redirect) {
        try {
            ReimbursementPayments.Batch b = payments.createBatch(me, region, LocalDate.now());
            redirect.addFlashAttribute("notice", msg("rb.batch.created", b.batchNo(), b.lineCount(),
                    String.format("%,.2f", b.total())));
        } catch (ApiException e) {
            batchRefused(e, redirect);
        }
        return "redirect:/ui/agency/reimbursements/batches?region=" + region;
    }

    @GetMapping("/ui/agency/reimbursements/batches/{batchNo}/bank-file.csv")
    ResponseEntity<byte[]> bankFile(@AuthenticationPrincipal LiangxianUser me, @PathVariable String batchNo) {
        return ReimbursementBatchController.csv(payments.bankFile(me, batchNo), batchNo);
    }

    @PostMapping("/ui/agency/reimbursements/returns")
    String importReturn(@AuthenticationPrincipal LiangxianUser me, @RequestParam String region,
            @RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes redirect) {
        try {
            ReimbursementPayments.ReturnResult r = payments.importReturn(me, region,
                    file == null ? null : file.getOriginalFilename(),
                    file == null ? null : ReimbursementController.bytes(file), LocalDate.now());
            redirect.addFlashAttribute("notice", r.repeat() ? msg("rb.return.repeat", r.batchNo())
                    : msg("rb.return.imported", r.batchNo(), r.paid(), r.failed()));
        } catch (ApiException e) {
            batchRefused(e, redirect);
        }
        return "redirect:/ui/agency/reimbursements/batches?region=" + region;
    }

    private void batchRefused(ApiException e, RedirectAttributes redirect) {
        if ("NOT_FOUND".equals(e.code()) || "FORBIDDEN".equals(e.code())) {
            throw e;
        }
        refusals.flash(redirect, e);
    }

    private String refused(LiangxianUser me, String number, ApiException e, String where, Map<String, String> form,
            Model model) {
        if ("NOT_FOUND".equals(e.code()) || "FORBIDDEN".equals(e.code())) {
            throw e;
        }
        detail(me, number, "agency", model);
        model.addAttribute("error", message(e));
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorAt", where);
        model.addAttribute("form", form);
        return "reimbursement/detail";
    }

    // ------------------------------------------------------------------ helpers

    private static String portal(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.startsWith("/ui/me") ? "me" : path.startsWith("/ui/employer") ? "employer" : "agency";
    }

    private static BigDecimal decimal(String s, int line, String field) {
        try {
            return s.isEmpty() ? null : new BigDecimal(s.replace(",", ""));
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_LINE", line, field);
        }
    }

    private static Integer integer(String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INVALID_FETUS_COUNT", s);
        }
    }

    private static LocalDate date(String s) {
        try {
            return s == null || s.isBlank() ? null : LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_INCOMPLETE", "serviceDate");
        }
    }

    static boolean zh() {
        return !java.util.Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
    }

    private String message(ApiException e) {
        return refusals.message(e);
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }
}
