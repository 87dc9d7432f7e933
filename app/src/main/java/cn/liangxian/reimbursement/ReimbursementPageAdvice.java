package cn.liangxian.reimbursement;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.RefusalPage;

/** For the reimbursement pages: the page language as a model flag, and a refusal as a page with its status. */
@ControllerAdvice(assignableTypes = ReimbursementPageController.class)
class ReimbursementPageAdvice {

    private final RefusalPage refusals;

    ReimbursementPageAdvice(RefusalPage refusals) {
        this.refusals = refusals;
    }

    static boolean zh() {
        return RefusalPage.zh();
    }

    @ModelAttribute("zh")
    boolean zhFlag() {
        return zh();
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        return refusals.of(e, request);
    }
}
