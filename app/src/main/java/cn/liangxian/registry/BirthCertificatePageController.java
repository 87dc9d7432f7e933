package cn.liangxian.registry;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/** The agency's page for birth service certificates: upload a file, look a person's certificates up. */
@Controller
class BirthCertificatePageController {

    private static final String VIEW = "registry/birth-certificates";

    private final BirthCertificates certificates;
    private final PersonDirectory persons;
    private final MessageSource messages;

    BirthCertificatePageController(BirthCertificates certificates, PersonDirectory persons, MessageSource messages) {
        this.certificates = certificates;
        this.persons = persons;
        this.messages = messages;
    }

    @GetMapping("/ui/agency/birth-certificates")
    String page(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String personId, Model model) {
        common(me, region, model);
        if (personId != null && !personId.isBlank()) {
            model.addAttribute("personId", personId.strip());
            try {
                long id = Long.parseLong(personId.strip());
                model.addAttribute("certs", certificates.lookup(me, id));
                model.addAttribute("person", persons.masked(me, id));
            } catch (NumberFormatException e) {
                model.addAttribute("error", message(new ApiException(org.springframework.http.HttpStatus.NOT_FOUND,
                        "NOT_FOUND")));
            } catch (ApiException e) {
                model.addAttribute("error", message(e));
            }
        }
        return VIEW;
    }

    @PostMapping("/ui/agency/birth-certificates")
    String upload(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(name = "file", required = false) MultipartFile file, Model model) throws IOException {
        common(me, region, model);
        try {
            byte[] content = file == null ? new byte[0] : file.getBytes();
            model.addAttribute("result", certificates.upload(me, region, file == null ? null : file.getOriginalFilename(),
                    content, LocalDate.now()));
        } catch (ApiException e) {
            model.addAttribute("error", message(e));
        }
        return VIEW;
    }

    private void common(LiangxianUser me, String region, Model model) {
        List<String> regions = List.copyOf(new TreeSet<>(me.regions()));
        String selected = region != null && regions.contains(region) ? region : regions.isEmpty() ? null : regions.get(0);
        model.addAttribute("regions", regions);
        model.addAttribute("region", selected);
        model.addAttribute("canImport", BirthCertificates.IMPORTERS.contains(me.role()));
        model.addAttribute("canRead", BirthCertificates.READERS.contains(me.role()));
        if (selected != null) {
            try {
                model.addAttribute("requirement", certificates.requiredOn(selected, LocalDate.now()));
            } catch (RuntimeException e) {
                // a region without encoded rules today shows no requirement
            }
        }
    }

    private String message(ApiException e) {
        return messages.getMessage("error." + e.code(), e.args(), e.code(), LocaleContextHolder.getLocale());
    }
}
