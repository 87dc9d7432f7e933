package cn.liangxian.benefit;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.RefusalPage;

/** A refusal no form can show (another party's claim, a page closed to one's role) as a page with its status. */
@ControllerAdvice(assignableTypes = ClaimPagesController.class)
class ClaimPageAdvice {

    private final ClaimPagesController pages;
    private final RefusalPage refusals;

    ClaimPageAdvice(ClaimPagesController pages, RefusalPage refusals) {
        this.pages = pages;
        this.refusals = refusals;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        return refusals.of(e, request, pages.message(e));
    }
}
