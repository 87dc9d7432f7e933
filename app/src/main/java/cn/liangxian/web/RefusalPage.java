package cn.liangxian.web;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A refusal no form can show (another party's object, a page closed to one's role) as a page in the shared layout
 * with its status and its message in the page's language. Features' page advices hand their refusals here.
 */
@Component
public class RefusalPage {

    private final MessageSource messages;
    private final List<LayoutModel.MeProvider> banner;

    RefusalPage(MessageSource messages, List<LayoutModel.MeProvider> banner) {
        this.messages = messages;
        this.banner = banner;
    }

    /** Whether the page speaks Chinese (anything but English). */
    public static boolean zh() {
        return !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
    }

    /** The refusal's message from the bundles ({@code error.<code>}), in the page's language. */
    public String message(ApiException e) {
        Object[] args = Arrays.stream(e.args()).map(String::valueOf).toArray();
        return messages.getMessage("error." + e.code(), args, e.code(), LocaleContextHolder.getLocale());
    }

    /**
     * Carries a refusal of a form's action across the redirect to the page that shows it: its message in the page's
     * language ({@code error}) and its stable code ({@code errorCode}).
     */
    public void flash(org.springframework.web.servlet.mvc.support.RedirectAttributes redirect, ApiException e) {
        redirect.addFlashAttribute("error", message(e));
        redirect.addFlashAttribute("errorCode", e.code());
    }

    /**
     * Puts a refusal next to form {@code form} of a page rendered again with what was posted: its message
     * ({@code error}), code ({@code errorCode}) and form ({@code errorForm}); the page answers with the refusal's
     * status. A page rendered at a form's POST address gives {@code pagePath}, the GET address its language switch
     * leads back to (null: the shared layout's own).
     */
    public void inline(org.springframework.ui.Model model, jakarta.servlet.http.HttpServletResponse response,
            ApiException e, String form, String pagePath) {
        model.addAttribute("error", message(e));
        model.addAttribute("errorCode", e.code());
        model.addAttribute("errorForm", form);
        response.setStatus(e.status().value());
        if (pagePath != null) {
            model.addAttribute("langSwitchUrl", org.springframework.web.util.UriComponentsBuilder.fromUriString(pagePath)
                    .replaceQueryParam("lang", zh() ? "en" : "zh_CN").build().toUriString());
        }
    }

    public ModelAndView of(ApiException e, HttpServletRequest request) {
        return of(e, request, message(e));
    }

    public ModelAndView of(ApiException e, HttpServletRequest request, String message) {
        ModelAndView mv = new ModelAndView("registry/problem");
        mv.setStatus(e.status());
        mv.addObject("zh", zh());
        mv.addObject("status", e.status().value());
        mv.addObject("errorCode", e.code());
        mv.addObject("error", message);
        mv.addObject("me", LayoutModel.signedIn(banner));
        mv.addObject("langSwitchUrl", LayoutModel.languageSwitch(request));
        return mv;
    }
}
