package cn.liangxian.institution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/** What the institution and catalog pages share: language, region choices, form fields, refusals and figures. */
@Component
class InstitutionPageSupport {

    /** A choice in a select. */
    record Option(String value, String label) {
    }

    private final MessageSource messages;
    private final PolicyBook book;

    InstitutionPageSupport(MessageSource messages, PolicyBook book) {
        this.messages = messages;
        this.book = book;
    }

    static boolean zh() {
        return !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
    }

    static String text(Bilingual b) {
        return b == null ? "" : zh() ? b.zh() : b.en();
    }

    static <E extends Enum<E> & Bilingual> List<Option> options(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> new Option(e.name(), text(e))).toList();
    }

    /** The user's regions with their names, in code order. */
    List<Option> regions(LiangxianUser me) {
        return me.regions().stream().sorted().map(r -> new Option(r, r + " " + regionName(r))).toList();
    }

    String regionName(String code) {
        return book.jurisdiction(code).map(j -> zh() ? j.nameZh() : j.nameEn()).orElse(code);
    }

    /** The region asked for, or the user's first. */
    static String region(LiangxianUser me, String asked) {
        if (asked != null && !asked.isBlank()) {
            return asked.strip();
        }
        return me.regions().stream().sorted().findFirst().orElse("");
    }

    String message(ApiException e) {
        Object[] args = Arrays.stream(e.args()).map(String::valueOf).toArray();
        return messages.getMessage("error." + e.code(), args, e.code(), LocaleContextHolder.getLocale());
    }

    /** Puts a refusal next to form {@code form}; the page answers with its status and links back to {@code pagePath}. */
    void refuse(Model model, HttpServletResponse response, ApiException e, String form, String pagePath) {
        model.addAttribute("error", message(e));
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorForm", form);
        response.setStatus(e.status().value());
        if (pagePath != null) {
            model.addAttribute("langSwitchUrl", UriComponentsBuilder.fromUriString(pagePath)
                    .replaceQueryParam("lang", zh() ? "en" : "zh_CN").build().toUriString());
        }
    }

    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
    }

    static LocalDate optionalDate(String text) {
        return text == null || text.isBlank() ? null : date(text);
    }

    /** An amount typed into a form; empty is null. */
    static BigDecimal amount(String text, String code, Object... args) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, code, args);
        }
    }

    /** A percentage typed into a form (35.2 for 35.2 %) as a ratio; empty is null. */
    static BigDecimal percent(String text, String code) {
        BigDecimal p = amount(text == null ? null : text.replace("%", ""), code);
        return p == null ? null : p.movePointLeft(2);
    }

    /** A ratio as a percentage for people: 0.352 → 35.2%. */
    static String pct(BigDecimal ratio) {
        if (ratio == null) {
            return "—";
        }
        BigDecimal p = ratio.movePointRight(2).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return (p.scale() < 0 ? p.setScale(0) : p).toPlainString() + "%";
    }

    static String money(BigDecimal amount) {
        return amount == null ? "—" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
