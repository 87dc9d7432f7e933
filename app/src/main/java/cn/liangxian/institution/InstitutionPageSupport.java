package cn.liangxian.institution;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.RefusalPage;

/** What the institution and catalog pages share: language, region choices, form fields, refusals and figures. */
@Component
class InstitutionPageSupport {

    /** A choice in a select. */
    record Option(String value, String label) {
    }

    private final RefusalPage refusals;
    private final PolicyBook book;

    InstitutionPageSupport(RefusalPage refusals, PolicyBook book) {
        this.refusals = refusals;
        this.book = book;
    }

    static boolean zh() {
        return RefusalPage.zh();
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
        return refusals.message(e);
    }

    /** Puts a refusal next to form {@code form}; the page answers with its status and links back to {@code pagePath}. */
    void refuse(Model model, HttpServletResponse response, ApiException e, String form, String pagePath) {
        refusals.inline(model, response, e, form, pagePath);
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
