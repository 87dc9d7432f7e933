package cn.liangxian.benefit;

import org.springframework.web.bind.annotation.ControllerAdvice;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.PageAdvice;
import cn.liangxian.web.RefusalPage;

/** A refusal no form can show (another party's claim, a page closed to one's role) as a page with its status. */
@ControllerAdvice(assignableTypes = ClaimPagesController.class)
class ClaimPageAdvice extends PageAdvice {

    private final ClaimPagesController pages;

    ClaimPageAdvice(ClaimPagesController pages, RefusalPage refusals) {
        super(refusals);
        this.pages = pages;
    }

    @Override
    protected String message(ApiException e) {
        return pages.message(e);
    }
}
