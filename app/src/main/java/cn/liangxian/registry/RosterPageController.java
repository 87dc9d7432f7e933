package cn.liangxian.registry;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.ProblemWriter;

/**
 * The employer portal's roster pages (signed-in employer HR, CSRF on the form): download the template and
 * the roster, upload a file and follow its progress. The upload posts a plain form and lands on the same
 * page showing the import; a small script polls its status until it ends.
 */
@Controller
@RequestMapping("/ui/employer")
class RosterPageController {

    static final String VIEW = "registry/roster-upload";
    static final String PAGE = "/ui/employer/roster/upload";

    private final RosterImports imports;
    private final MessageSource messages;

    RosterPageController(RosterImports imports, MessageSource messages) {
        this.imports = imports;
        this.messages = messages;
    }

    @GetMapping("/roster/upload")
    String page(@AuthenticationPrincipal LiangxianUser me, @RequestParam(name = "import", required = false) Long id,
            Model model) {
        fill(model, me, id);
        return VIEW;
    }

    @PostMapping(path = "/roster/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String upload(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String mode, Model model, HttpServletResponse response) {
        try {
            RosterImports.ImportView v = imports.submit(me, me.employerUscc(),
                    file == null ? null : file.getOriginalFilename(), RosterController.bytes(file), mode);
            return "redirect:" + PAGE + "?import=" + v.id() + "#import-result";
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problem", message(e, LocaleContextHolder.getLocale()));
            model.addAttribute("problemCode", e.code());
            model.addAttribute("chosenMode", mode);
            fill(model, me, null);
            return VIEW;
        }
    }

    /** The status the page polls. */
    @GetMapping(path = "/roster/imports/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    RosterImports.ImportView status(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return imports.status(me, id);
    }

    @GetMapping("/roster/imports/{id}/errors.xlsx")
    ResponseEntity<byte[]> errors(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        return RosterController.xlsx(imports.errors(me, id), "增减员错误明细-roster-errors-" + id + ".xlsx");
    }

    @GetMapping("/roster/template.xlsx")
    ResponseEntity<byte[]> template(@AuthenticationPrincipal LiangxianUser me) {
        return RosterController.xlsx(imports.template(me, me.employerUscc()), "职工增减员模板-roster-template.xlsx");
    }

    @GetMapping("/roster.xlsx")
    ResponseEntity<byte[]> roster(@AuthenticationPrincipal LiangxianUser me,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        LocalDate on = date == null ? LocalDate.now() : date;
        return RosterController.xlsx(imports.roster(me, me.employerUscc(), on),
                "在保职工-roster-" + me.employerUscc() + "-" + on + ".xlsx");
    }

    /** Downloads and status calls answer problem+json (404 for what is not the employer's own). */
    @ExceptionHandler(ApiException.class)
    void problem(ApiException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemWriter.write(request, response, e.status().value(), e.code(), message(e, Locale.SIMPLIFIED_CHINESE),
                message(e, Locale.ENGLISH));
    }

    private void fill(Model model, LiangxianUser me, Long id) {
        model.addAttribute("uscc", me.employerUscc());
        model.addAttribute("today", LocalDate.now());
        model.addAttribute("modes", RosterImports.Mode.values());
        model.addAttribute("imp", id == null ? null : imports.status(me, id));
        List<RosterImports.ImportView> recent;
        try {
            recent = imports.list(me, me.employerUscc());
        } catch (ApiException e) {
            recent = List.of();
        }
        model.addAttribute("recent", recent);
    }

    private String message(ApiException e, Locale locale) {
        return messages.getMessage("error." + e.code(), e.args(), e.code(), locale);
    }
}
