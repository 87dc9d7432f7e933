package cn.liangxian.web;

import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a feature's page advice does for its pages: the page language as the model flag {@code zh}, and a refusal no
 * form can show (another party's object, a page closed to one's role) as a page in the shared layout with its
 * status ({@link RefusalPage}). A feature names its pages in its subclass's {@code @ControllerAdvice}.
 */
public abstract class PageAdvice {

    protected final RefusalPage refusals;

    protected PageAdvice(RefusalPage refusals) {
        this.refusals = refusals;
    }

    @ModelAttribute("zh")
    public boolean zhFlag() {
        return RefusalPage.zh();
    }

    @ExceptionHandler(ApiException.class)
    public ModelAndView refused(ApiException e, HttpServletRequest request) {
        return refusals.of(e, request, message(e));
    }

    /** The refusal's message in the page's language; a feature may word its own. */
    protected String message(ApiException e) {
        return refusals.message(e);
    }
}
