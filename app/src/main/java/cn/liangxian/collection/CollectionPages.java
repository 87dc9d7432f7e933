package cn.liangxian.collection;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.policy.Jurisdiction;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.LayoutModel;

/**
 * What the collection's pages share: refusals shown next to their form in both languages (the page's language
 * first), region names and choices, and the page of its own for a refusal no form can show (another employer's
 * bill, another region's run: 404).
 */
@Component
class CollectionPages {

    /** A choice in a select. */
    record Option(String value, String label) {
    }

    private final MessageSource messages;
    private final Schedules schedules;

    CollectionPages(MessageSource messages, Schedules schedules) {
        this.messages = messages;
        this.schedules = schedules;
    }

    static boolean zh() {
        return !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
    }

    String regionName(String code) {
        return schedules.book().jurisdiction(code).map(j -> zh() ? j.nameZh() : j.nameEn()).orElse(code);
    }

    List<Option> regions(LiangxianUser me) {
        return me.regions().stream().sorted().filter(r -> schedules.book().jurisdiction(r).isPresent())
                .map(r -> new Option(r, r + " " + regionName(r))).toList();
    }

    /** The region asked for, or the user's first region with rules. */
    String region(LiangxianUser me, String asked) {
        if (asked != null && !asked.isBlank()) {
            return asked.strip();
        }
        return me.regions().stream().sorted().filter(r -> schedules.book().jurisdiction(r).map(Jurisdiction::code)
                .isPresent()).findFirst().orElse(me.regions().stream().sorted().findFirst().orElse(""));
    }

    /** A refusal next to its form: both languages, the code, and the response status. */
    void refuse(Model model, HttpServletResponse response, ApiException e, String form) {
        String[] text = bilingual(e);
        model.addAttribute("error", text[0]);
        model.addAttribute("errorOther", text[1]);
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorForm", form);
        response.setStatus(e.status().value());
    }

    /** The refusal's message in the page's language, then in the other one. */
    String[] bilingual(ApiException e) {
        String zhText = messages.getMessage("error." + e.code(), args(e, Locale.SIMPLIFIED_CHINESE), e.code(),
                Locale.SIMPLIFIED_CHINESE);
        String enText = messages.getMessage("error." + e.code(), args(e, Locale.ENGLISH), e.code(), Locale.ENGLISH);
        return zh() ? new String[] { zhText, enText } : new String[] { enText, zhText };
    }

    /** The refusal's arguments, with the codes inside them (a file's row errors: "3: CODE") put in words. */
    private Object[] args(ApiException e, Locale locale) {
        return Arrays.stream(e.args()).map(a -> {
            java.util.regex.Matcher m = CODE.matcher(String.valueOf(a));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String text = messages.getMessage("error." + m.group(), null, m.group(), locale).replace("''", "'");
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(text));
            }
            m.appendTail(out);
            return out.toString();
        }).toArray();
    }

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b");

    /** A refusal no form can show (another employer's bill, another region, a role without access), with its status. */
    @ControllerAdvice(assignableTypes = { EmployerCollectionPageController.class, AgencyCollectionPageController.class })
    static class Advice {

        private final CollectionPages pages;
        private final List<LayoutModel.MeProvider> banner;

        Advice(CollectionPages pages, List<LayoutModel.MeProvider> banner) {
            this.pages = pages;
            this.banner = banner;
        }

        @ExceptionHandler(ApiException.class)
        ModelAndView refused(ApiException e, HttpServletRequest request) {
            ModelAndView mv = new ModelAndView("collection/problem");
            mv.setStatus(e.status());
            String[] text = pages.bilingual(e);
            mv.addObject("status", e.status().value());
            mv.addObject("errorCode", e.code());
            mv.addObject("error", text[0]);
            mv.addObject("errorOther", text[1]);
            Authentication a = SecurityContextHolder.getContext().getAuthentication();
            if (a != null && a.isAuthenticated()) {
                mv.addObject("me", banner.stream().map(p -> p.me(a.getPrincipal())).filter(Objects::nonNull)
                        .findFirst().orElse(null));
            }
            mv.addObject("langSwitchUrl", ServletUriComponentsBuilder.fromRequest(request)
                    .replaceQueryParam("lang", zh() ? "en" : "zh_CN").build().toUriString()
                    .replaceFirst("^[a-z]+://[^/]+", ""));
            return mv;
        }
    }
}
