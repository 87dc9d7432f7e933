package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.RefusalPage;

/** What the registry pages share: the language, region choices, date fields, and errors shown next to a form. */
@Component
class PageSupport {

    /** A choice in a select: its value and what the user reads. */
    record Option(String value, String label) {
    }

    private final RefusalPage refusals;
    private final PolicyBook book;

    PageSupport(RefusalPage refusals, PolicyBook book) {
        this.refusals = refusals;
        this.book = book;
    }

    static boolean zh() {
        return RefusalPage.zh();
    }

    /** The text of a bilingual pair in the page's language. */
    static String text(Bilingual b) {
        return b == null ? "" : zh() ? b.zh() : b.en();
    }

    /**
     * One side of a "中文 / English" text as the services write reasons, keeping a trailing "[key]" on both
     * sides; text without the separator is returned as it is.
     */
    static String side(String text) {
        if (text == null) {
            return "";
        }
        String suffix = "";
        String body = text;
        int bracket = text.lastIndexOf(" [");
        if (bracket > 0 && text.endsWith("]")) {
            suffix = text.substring(bracket);
            body = text.substring(0, bracket);
        }
        int sep = body.indexOf(" / ");
        if (sep < 0) {
            return text;
        }
        return (zh() ? body.substring(0, sep) : body.substring(sep + 3)) + suffix;
    }

    /** The service's refusal in the page's language, from the {@code error.CODE} messages. */
    String message(ApiException e) {
        return refusals.message(e);
    }

    /**
     * Puts a refusal on the page next to form {@code form}; the page answers with the refusal's status and
     * is rendered again with what was posted.
     */
    void refuse(Model model, HttpServletResponse response, ApiException e, String form) {
        refusals.inline(model, response, e, form, null);
    }

    /**
     * The same for a posted form: the page is rendered at the form's address, so the language switch must
     * lead back to the page itself ({@code pagePath}, a GET address), not to the form's POST address.
     */
    void refuse(Model model, HttpServletResponse response, ApiException e, String form, String pagePath) {
        refusals.inline(model, response, e, form, pagePath);
    }

    /** A date field: empty or malformed is refused with {@code INVALID_DATE}. */
    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
    }

    /** An optional date field (a query's "as of"): today when empty, refused when malformed. */
    static LocalDate dateOr(String text, LocalDate otherwise) {
        return text == null || text.isBlank() ? otherwise : date(text);
    }

    /** A person id typed into a form. */
    static long personId(String text) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PERSON_ID");
        }
    }

    /** A code typed into a form, as the registry keeps it: trimmed, upper case. */
    static String uscc(String text) {
        return text == null ? null : text.trim().toUpperCase(Locale.ROOT);
    }

    static CertType certType(String text) {
        if (text == null || text.isBlank()) {
            return CertType.RESIDENT_ID;
        }
        return Bilingual.parse(CertType.class, text).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                "INVALID_CERTIFICATE", "证件类型未知", "unknown certificate type"));
    }

    static List<Option> certTypes() {
        return Arrays.stream(CertType.values()).map(t -> new Option(t.name(), text(t))).toList();
    }

    /** One period of an employer's status as shown: its last day (not the next one's first) and the reason in the page's language. */
    record StatusLine(String status, java.time.LocalDate from, java.time.LocalDate lastDay, String reason) {
    }

    static List<StatusLine> history(cn.liangxian.registry.EmployerRegistry.Employer e) {
        return e.statusHistory().stream().map(s -> new StatusLine(text(s.status()), s.validFrom(),
                s.validTo() == null ? null : s.validTo().minusDays(1), side(s.reason()))).toList();
    }

    /** The user's regions with their names, in code order. */
    List<Option> regions(LiangxianUser me) {
        return me.regions().stream().sorted().map(r -> new Option(r, r + " " + regionName(r))).toList();
    }

    /** The region asked for if it is one of the user's, else her first (services refuse the others anyway). */
    static String region(LiangxianUser me, String asked) {
        if (asked != null && !asked.isBlank()) {
            return asked.trim();
        }
        return me.regions().stream().sorted().findFirst().orElse("");
    }

    String regionName(String code) {
        return book.jurisdiction(code).map(j -> zh() ? j.nameZh() : j.nameEn()).orElse(code);
    }
}
