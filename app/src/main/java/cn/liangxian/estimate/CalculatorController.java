package cn.liangxian.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.contribution.ContributionKind;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;

/**
 * The public calculator: a form and the answer with its explanation. GET only, so an answer is a link a
 * clerk can send; nothing is stored and no personal data is asked for.
 */
@Controller
class CalculatorController {

    static final String VIEW = "calculator";

    private final EstimateService service;

    CalculatorController(EstimateService service) {
        this.service = service;
    }

    record Option(String value, String zh, String en) {
    }

    @GetMapping("/ui/calculator")
    String calculator(@RequestParam(required = false) String tab, MaternityForm m, ContributionForm c, Model model) {
        boolean contribution = "contribution".equals(tab);
        model.addAttribute("tab", contribution ? "contribution" : "maternity");
        model.addAttribute("regions", service.book().jurisdictions().stream()
                .map(j -> new Option(j.code(), j.nameZh(), j.nameEn())).toList());
        model.addAttribute("categories", Arrays.stream(MaternityCategory.values())
                .map(x -> new Option(x.name(), x.zh(), x.en())).toList());
        model.addAttribute("insuredKinds", Arrays.stream(InsuredKind.values())
                .map(x -> new Option(x.name(), x.zh(), x.en())).toList());
        model.addAttribute("contributionKinds", Arrays.stream(ContributionKind.values())
                .map(x -> new Option(x.name(), x.zh(), x.en())).toList());
        model.addAttribute("m", m);
        model.addAttribute("c", c);
        boolean zh = !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
        model.addAttribute("zh", zh);
        try {
            if (!contribution && m.submitted()) {
                model.addAttribute("result", service.maternity(m.toRequest()));
            } else if (contribution && c.submitted()) {
                model.addAttribute("cresult", service.contribution(c.toRequest()));
            }
        } catch (PolicyException e) {
            model.addAttribute("errorCode", e.code());
            model.addAttribute("errorMessage", zh ? e.messageZh() : e.messageEn());
        }
        return VIEW;
    }

    /** Form fields of the maternity calculator (query parameters). */
    record MaternityForm(String region, String date, String category, String fetuses, String insuredKind, String cost,
            String employerAvgWage, String prenatalUnits, String leaveStart) {

        boolean submitted() {
            return region != null && !region.isBlank();
        }

        MaternityEstimateRequest toRequest() {
            return new MaternityEstimateRequest(region, date, category, fetuses, insuredKind, cost, employerAvgWage,
                    prenatalUnits, leaveStart);
        }
    }

    /** Form fields of the contribution calculator (query parameters, prefixed to keep the two forms apart). */
    record ContributionForm(String cRegion, String cPeriod, String cMonthlyWage, String cKind, String cRegionalAvg,
            String cOverdueDays) {

        boolean submitted() {
            return cRegion != null && !cRegion.isBlank();
        }

        ContributionEstimateRequest toRequest() {
            return new ContributionEstimateRequest(cRegion, cPeriod, cMonthlyWage, cKind, cRegionalAvg, cOverdueDays);
        }
    }

}
